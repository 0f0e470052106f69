package dev.heddle.demo.workload;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The file one replaying JVM writes: a line per request ({@link ReplayResult#toLine()}), then facts
 * about the JVM as {@code # name=value} lines (CPU time, heap, the agent's counters), whole numbers.
 *
 * @param results the requests' results, in the order they were planned
 * @param facts the JVM's facts by name, in the order written
 */
public record ReplayLog(List<ReplayResult> results, Map<String, Long> facts) {

    /** CPU time of the whole JVM until the end of the replay, milliseconds. */
    public static final String CPU_MILLIS_TOTAL = "cpu_ms_total";
    /** CPU time of the JVM during the replay only (after start-up and warm-up), milliseconds. */
    public static final String CPU_MILLIS_REPLAY = "cpu_ms_replay";
    /** The most heap in use at once (the heap pools' peaks, summed), bytes. */
    public static final String PEAK_HEAP_BYTES = "peak_heap_bytes";
    /** The heap in use after a full collection at the end: what the JVM keeps, bytes. */
    public static final String HEAP_AFTER_GC_BYTES = "heap_after_gc_bytes";
    /** From the start signal to the last call's end, milliseconds. */
    public static final String WALL_MILLIS = "wall_ms";
    /** Requests that had not ended when the replay gave up waiting for them. */
    public static final String UNFINISHED = "unfinished";
    /** The prefix of the agent's own counters, read from its MBean: {@code heddle.<rule>.<counter>}. */
    public static final String HEDDLE_PREFIX = "heddle.";

    private static final String FACT = "# ";

    /** Copies the lists. */
    public ReplayLog {
        results = List.copyOf(results);
        facts = Map.copyOf(facts);
    }

    /**
     * @param name a fact's name
     * @return its value, 0 when the file has none
     */
    public long fact(String name) {
        return facts.getOrDefault(name, 0L);
    }

    /**
     * @param file where to write; replaced when it exists
     * @param results the results
     * @param facts the facts, in the order to write them
     * @throws IOException when it cannot be written
     */
    public static void write(Path file, List<ReplayResult> results, Map<String, Long> facts) throws IOException {
        List<String> lines = new ArrayList<>(results.size() + facts.size());
        results.forEach(result -> lines.add(result.toLine()));
        facts.forEach((name, value) -> lines.add(FACT + name + "=" + value));
        Files.write(file, lines, StandardCharsets.UTF_8);
    }

    /**
     * @param file a file that {@link #write} wrote
     * @return what it holds
     * @throws IOException when it cannot be read
     * @throws IllegalArgumentException when a line is malformed
     */
    public static ReplayLog read(Path file) throws IOException {
        return parse(Files.readAllLines(file, StandardCharsets.UTF_8));
    }

    /**
     * @param lines the lines of a file that {@link #write} wrote
     * @return what they hold
     * @throws IllegalArgumentException when a line is malformed
     */
    public static ReplayLog parse(List<String> lines) {
        List<ReplayResult> results = new ArrayList<>();
        Map<String, Long> facts = new LinkedHashMap<>();
        for (String line : lines) {
            if (line.isBlank()) continue;
            if (line.startsWith(FACT)) {
                int equals = line.indexOf('=');
                if (equals < 0) throw new IllegalArgumentException("a fact line needs name=value: " + line);
                facts.put(line.substring(FACT.length(), equals), Long.parseLong(line.substring(equals + 1).trim()));
            } else {
                results.add(ReplayResult.parse(line));
            }
        }
        return new ReplayLog(results, facts);
    }
}
