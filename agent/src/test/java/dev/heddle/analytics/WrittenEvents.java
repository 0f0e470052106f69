package dev.heddle.analytics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The events a JSON Lines store wrote into a folder, oldest file first, for tests that check what was tracked. */
public final class WrittenEvents {

    private WrittenEvents() {
    }

    /**
     * @param folder the analytics folder
     * @return every event of every file in it, in order
     * @throws IOException when a file cannot be read
     */
    public static List<AnalyticsEvent> in(Path folder) throws IOException {
        List<AnalyticsEvent> read = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.sorted().toList()) {
                for (String line : Files.readAllLines(file)) read.add(EventJson.read(line));
            }
        }
        return read;
    }
}
