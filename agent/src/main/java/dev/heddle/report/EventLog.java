package dev.heddle.report;

import dev.heddle.analytics.AnalyticsEvent;
import dev.heddle.analytics.EventJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * The analytics events of a directory of JSON Lines files ({@code *.jsonl}, and {@code *.jsonl.gz}
 * as rotated files are kept), or of one such file, sorted by time. Events of the same instant keep
 * the order they were read in: files by name, lines in order.
 *
 * <p>A line that is not an event (a line cut short while the agent was writing it, a hand edit) is
 * skipped and counted, never fatal; blank lines are not counted.
 */
public final class EventLog {

    private final List<AnalyticsEvent> events;
    private final List<Path> files;
    private final int skippedLines;
    private final String firstSkipped;

    private EventLog(List<AnalyticsEvent> events, List<Path> files, int skippedLines, String firstSkipped) {
        this.events = List.copyOf(events);
        this.files = List.copyOf(files);
        this.skippedLines = skippedLines;
        this.firstSkipped = firstSkipped;
    }

    /**
     * @param path a directory of event files, or one event file
     * @return its events
     * @throws NoSuchFileException when the path does not exist
     * @throws IOException when a file cannot be read
     */
    public static EventLog read(Path path) throws IOException {
        if (!Files.exists(path)) throw new NoSuchFileException(path.toString(), null, "no such file or directory");
        List<Path> files;
        if (Files.isDirectory(path)) {
            try (Stream<Path> listing = Files.list(path)) {
                files = listing.filter(EventLog::isEventFile).filter(Files::isRegularFile)
                        .sorted(Comparator.comparing(file -> file.getFileName().toString())).toList();
            }
        } else {
            files = List.of(path);
        }
        List<AnalyticsEvent> events = new ArrayList<>();
        int skipped = 0;
        String first = null;
        for (Path file : files) {
            try (BufferedReader lines = reader(file)) {
                int number = 0;
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    number++;
                    if (line.isBlank()) continue;
                    try {
                        events.add(EventJson.read(line));
                    } catch (IllegalArgumentException notAnEvent) {
                        if (skipped++ == 0) first = file.getFileName() + ":" + number + ": " + firstLine(notAnEvent.getMessage());
                    }
                }
            }
        }
        // List.sort is stable: events of one instant stay in file and line order
        events.sort(Comparator.comparing(AnalyticsEvent::time));
        return new EventLog(events, files, skipped, first);
    }

    /**
     * @param file a directory entry
     * @return whether its name marks it as an event file
     */
    static boolean isEventFile(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".jsonl") || name.endsWith(".jsonl.gz");
    }

    private static BufferedReader reader(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        try {
            if (file.getFileName().toString().endsWith(".gz")) in = new GZIPInputStream(in);
        } catch (IOException notGzip) {
            in.close();
            throw notGzip;
        }
        // the decoder replaces malformed bytes, so a damaged line fails as JSON, where it is counted
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    /** Jackson appends the parser's source location on further lines; the file and line number say it better. */
    private static String firstLine(String message) {
        if (message == null) return "not an event";
        int end = message.indexOf('\n');
        return (end < 0 ? message : message.substring(0, end)).trim();
    }

    /**
     * @param from the first instant kept, or null for no lower bound
     * @param until the first instant no longer kept, or null for no upper bound
     * @return the events in {@code [from, until)}, with the same files and skipped lines
     */
    public EventLog between(Instant from, Instant until) {
        List<AnalyticsEvent> kept = events.stream()
                .filter(event -> from == null || !event.time().isBefore(from))
                .filter(event -> until == null || event.time().isBefore(until))
                .toList();
        return new EventLog(kept, files, skippedLines, firstSkipped);
    }

    /** @return the events, sorted by time */
    public List<AnalyticsEvent> events() {
        return events;
    }

    /** @return the files read, in the order read */
    public List<Path> files() {
        return files;
    }

    /** @return how many non-blank lines were not events */
    public int skippedLines() {
        return skippedLines;
    }

    /**
     * @return such as {@code 3 lines skipped (first: events-1.jsonl:17: not a JSON object)}, or empty when none was
     */
    public Optional<String> skippedSummary() {
        if (skippedLines == 0) return Optional.empty();
        return Optional.of(skippedLines + (skippedLines == 1 ? " line" : " lines") + " skipped (first: " + firstSkipped + ")");
    }
}
