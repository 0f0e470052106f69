package dev.heddle.it.harness;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Reads one output stream of a child process, line by line, on a daemon thread, so that the child
 * never blocks on a full pipe; the lines can be read at any time and waited for.
 */
final class OutputCollector {

    private final List<String> lines = new ArrayList<>();
    private final Thread reader;
    private boolean ended;

    OutputCollector(InputStream stream, String threadName) {
        this.reader = new Thread(() -> readAll(stream), threadName);
        this.reader.setDaemon(true);
        this.reader.start();
    }

    /**
     * Waits until a line matches, the stream ends, or the timeout passes.
     *
     * @return the first matching line, empty if none came
     */
    synchronized Optional<String> awaitLine(Predicate<String> matches, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int checked = 0;
        while (true) {
            for (; checked < lines.size(); checked++) {
                if (matches.test(lines.get(checked))) {
                    return Optional.of(lines.get(checked));
                }
            }
            long leftNanos = deadline - System.nanoTime();
            if (ended || leftNanos <= 0) {
                return Optional.empty();
            }
            wait(Math.max(1, leftNanos / 1_000_000));
        }
    }

    /** Waits for the stream to end (the child has exited and closed it), at most {@code timeout}. */
    void awaitEnd(Duration timeout) throws InterruptedException {
        reader.join(Math.max(1, timeout.toMillis()));
    }

    /** Everything read so far, one line per line, each ending with a newline. */
    synchronized String text() {
        StringBuilder text = new StringBuilder();
        for (String line : lines) {
            text.append(line).append('\n');
        }
        return text.toString();
    }

    private void readAll(InputStream stream) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                add(line);
            }
        } catch (IOException e) {
            add("<<output unreadable: " + e + ">>");
        } finally {
            end();
        }
    }

    private synchronized void add(String line) {
        lines.add(line);
        notifyAll();
    }

    private synchronized void end() {
        ended = true;
        notifyAll();
    }
}
