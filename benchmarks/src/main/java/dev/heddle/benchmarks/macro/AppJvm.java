package dev.heddle.benchmarks.macro;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One replaying app JVM: its standard output read line by line, its standard error kept in a file,
 * a line written to its standard input, and killed (with anything it started) when it overstays.
 */
final class AppJvm implements AutoCloseable {

    private final Process process;
    private final Path log;
    private final Writer stdin;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    private AppJvm(Process process, Path log) {
        this.process = process;
        this.log = log;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) lines.add(line);
            } catch (IOException closed) {
                // the process ended
            }
        }, "app-jvm-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * @param command the command line
     * @param log where its standard error goes
     * @return the started JVM
     */
    static AppJvm start(List<String> command, Path log) throws IOException {
        Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
        return new AppJvm(process, log);
    }

    /**
     * Waits for a line of standard output that starts with {@code prefix}.
     *
     * @param prefix the line's start
     * @param limit how long to wait
     * @return the line
     * @throws IOException when the JVM ends first or the time is up, with the end of its log
     */
    String awaitLine(String prefix, Duration limit) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            String line = lines.poll(100, TimeUnit.MILLISECONDS);
            if (line != null && line.startsWith(prefix)) return line;
            if (line == null && !process.isAlive() && lines.isEmpty()) {
                throw new IOException("the app JVM exited with " + process.exitValue() + " before '" + prefix + "'; " + tail());
            }
        }
        throw new IOException("the app JVM did not print '" + prefix + "' within " + limit.toSeconds() + " s; " + tail());
    }

    /** Writes a line to its standard input. */
    void send(String line) throws IOException {
        stdin.write(line + "\n");
        stdin.flush();
    }

    /**
     * @param limit how long to wait
     * @return its exit status
     * @throws IOException when it did not end in time (it is killed) or failed, with the end of its log
     */
    int awaitExit(Duration limit) throws IOException, InterruptedException {
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            close();
            throw new IOException("the app JVM overstayed its " + limit.toSeconds() + " s and was killed; " + tail());
        }
        if (process.exitValue() != 0) throw new IOException("the app JVM exited with " + process.exitValue() + "; " + tail());
        return process.exitValue();
    }

    private String tail() {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return "the end of " + log + ":\n" + String.join("\n", all.subList(Math.max(0, all.size() - 30), all.size()));
        } catch (IOException unreadable) {
            return "its log " + log + " cannot be read: " + unreadable;
        }
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }
}
