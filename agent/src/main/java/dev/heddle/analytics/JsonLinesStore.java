package dev.heddle.analytics;

import dev.heddle.bootstrap.AgentLog;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The default event store, with no server: {@link EventJson} lines (UTF-8, each ending in
 * {@code \n}) in files of one directory, created when the first batch comes.
 *
 * <p><b>Files.</b> A store writes one file at a time, named {@code events-<yyyyMMdd-HHmmss>-<pid>.jsonl}:
 * the UTC second it was started and the process id of the JVM, so that two JVMs sharing a directory
 * never write the same file (and the file is created only if no file of that name exists, so not
 * even two JVMs with the same pid in different containers can). A store that starts two files in
 * one second names the second one a second later, so the names of one JVM's files never repeat and
 * sort in the order they were written. A report reads every {@code *.jsonl} file of the directory in
 * name order: the files come in the order they were started, and each file's lines in the order they
 * were written; the files of several JVMs overlap in time.
 *
 * <p><b>Rotation.</b> A store starts a new file when its file has reached {@code maxFileBytes} (the
 * batch that crosses it is written in full), and at the first batch of each new UTC day. After
 * starting a file it deletes the oldest files of this naming pattern (in name order) until at most
 * {@code maxFiles} are left, the new one included; it never deletes a file that a store still writes,
 * here or in another JVM (each store holds a lock on the file it writes), so files of running JVMs
 * can make the count go over.
 *
 * <p><b>Durability.</b> Writes are buffered and flushed to the operating system after each batch, so
 * a JVM crash loses at most the batch being written (not fsync'd: a power loss can lose more). A
 * failed or partial write may leave half a line at the end of a file; the store then starts a new
 * file for the next batch, and a reader should skip a last line that does not parse.
 */
public final class JsonLinesStore implements EventSink {

    /** The size at which a file is rotated, by default: 64 MiB. */
    public static final long DEFAULT_MAX_FILE_BYTES = 64L * 1024 * 1024;
    /** How many files are kept, by default. */
    public static final int DEFAULT_MAX_FILES = 30;

    static final Pattern FILE_NAME = Pattern.compile("events-\\d{8}-\\d{6}-\\d+\\.jsonl");
    private static final DateTimeFormatter NAME_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final int BUFFER_CHARS = 64 * 1024;

    /**
     * The files the stores of this JVM write. A JVM cannot test its own file locks (the lock test
     * throws, and on Linux closing the channel used to test it would release the real lock), so
     * retention looks here first.
     */
    private static final Set<Path> WRITTEN_HERE = ConcurrentHashMap.newKeySet();

    private final Path directory;
    private final long maxFileBytes;
    private final int maxFiles;
    private final Clock clock;
    private final long pid;

    /** The file being written, or null between files; its channel, lock, writer and UTC day. */
    private Path current;
    private FileChannel channel;
    private Writer out;
    private LocalDate currentDay;
    /** The start time in the last file name, so that the next one is at least a second later. */
    private Instant lastNameTime;

    /**
     * A store with files of up to 64 MiB, keeping {@value #DEFAULT_MAX_FILES} files.
     *
     * @param directory where the files go; created if missing
     */
    public JsonLinesStore(Path directory) {
        this(directory, DEFAULT_MAX_FILE_BYTES, DEFAULT_MAX_FILES);
    }

    /**
     * @param directory where the files go; created if missing
     * @param maxFileBytes the size at which a file is rotated
     * @param maxFiles how many files of this naming pattern the directory keeps, the current one included
     */
    public JsonLinesStore(Path directory, long maxFileBytes, int maxFiles) {
        this(directory, maxFileBytes, maxFiles, Clock.systemUTC(), ProcessHandle.current().pid());
    }

    JsonLinesStore(Path directory, long maxFileBytes, int maxFiles, Clock clock, long pid) {
        if (maxFileBytes < 1) throw new IllegalArgumentException("the file size limit must be positive, not " + maxFileBytes);
        if (maxFiles < 1) throw new IllegalArgumentException("at least one event file must be kept, not " + maxFiles);
        this.directory = directory.toAbsolutePath().normalize();
        this.maxFileBytes = maxFileBytes;
        this.maxFiles = maxFiles;
        this.clock = clock;
        this.pid = pid;
    }

    @Override
    public void write(List<AnalyticsEvent> batch) throws IOException {
        if (batch.isEmpty()) return;
        Instant now = clock.instant();
        if (out != null && !LocalDate.ofInstant(now, ZoneOffset.UTC).equals(currentDay)) closeFile();
        if (out == null) startFile(now);
        try {
            for (AnalyticsEvent event : batch) {
                EventJson.write(event, out);
                out.write('\n');
            }
            out.flush();
        } catch (IOException | UncheckedIOException failure) {
            // the file may end in half a line now: the next batch goes to a new file
            abandonFile();
            throw failure instanceof UncheckedIOException unchecked ? unchecked.getCause() : (IOException) failure;
        }
        if (channel.position() >= maxFileBytes) closeFile();
    }

    @Override
    public void close() throws IOException {
        closeFile();
    }

    /** @return the file being written, or null when none is open */
    Path currentFile() {
        return current;
    }

    @Override
    public String toString() {
        return "the event files in " + directory;
    }

    private void startFile(Instant now) throws IOException {
        Files.createDirectories(directory);
        Instant nameTime = now.truncatedTo(ChronoUnit.SECONDS);
        if (lastNameTime != null && !nameTime.isAfter(lastNameTime)) nameTime = lastNameTime.plusSeconds(1);
        while (true) {
            Path file = directory.resolve("events-" + NAME_TIME.format(nameTime) + "-" + pid + ".jsonl");
            try {
                channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                current = file;
                break;
            } catch (FileAlreadyExistsException taken) {
                nameTime = nameTime.plusSeconds(1);
            }
        }
        lastNameTime = nameTime;
        currentDay = LocalDate.ofInstant(now, ZoneOffset.UTC);
        WRITTEN_HERE.add(current);
        try {
            // held until the file is closed: it tells retention in other JVMs that the file is in use
            channel.tryLock();
        } catch (IOException | OverlappingFileLockException unsupported) {
            AgentLog.warnOnce("analytics-lock:" + directory, "analytics: cannot lock the event file " + current
                    + " (" + unsupported + "); another JVM keeping files in " + directory + " might delete it");
        }
        out = new BufferedWriter(new OutputStreamWriter(Channels.newOutputStream(channel), StandardCharsets.UTF_8),
                BUFFER_CHARS);
        deleteOldFiles();
    }

    private void closeFile() throws IOException {
        if (out == null) return;
        try {
            out.close();
        } finally {
            forgetFile();
        }
    }

    private void abandonFile() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // the file is given up; what it holds stays readable
        }
        forgetFile();
    }

    private void forgetFile() {
        WRITTEN_HERE.remove(current);
        current = null;
        channel = null;
        out = null;
    }

    /** Deletes the oldest files of this naming pattern, no longer written, beyond {@code maxFiles}. */
    private void deleteOldFiles() {
        List<Path> files;
        try (Stream<Path> listing = Files.list(directory)) {
            files = listing.filter(file -> FILE_NAME.matcher(file.getFileName().toString()).matches()).sorted().toList();
        } catch (IOException | UncheckedIOException failure) {
            AgentLog.warnOnce("analytics-retention:" + directory, "analytics: cannot list " + directory
                    + " to delete old event files: " + failure);
            return;
        }
        int excess = files.size() - maxFiles;
        for (Path file : files) {
            if (excess <= 0) return;
            if (!file.equals(current) && deleteUnlessWritten(file)) excess--;
        }
    }

    /** @return whether the file is gone: deleted here, or by another JVM first */
    private boolean deleteUnlessWritten(Path file) {
        if (WRITTEN_HERE.contains(file)) return false;
        try (FileChannel probe = FileChannel.open(file, StandardOpenOption.WRITE)) {
            FileLock lock = probe.tryLock();
            if (lock == null) return false;
            // deleted while locked, so no other JVM's retention can judge it in between
            Files.delete(file);
            return true;
        } catch (NoSuchFileException gone) {
            return true;
        } catch (IOException | OverlappingFileLockException failure) {
            AgentLog.warnOnce("analytics-retention:" + directory, "analytics: cannot delete the old event file "
                    + file + ": " + failure);
            return false;
        }
    }
}
