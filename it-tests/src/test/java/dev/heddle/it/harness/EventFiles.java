package dev.heddle.it.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The analytics events a child's agent wrote as JSON Lines into a folder ({@code analytics: { directory }}). */
public final class EventFiles {

    private static final ObjectMapper JSON = new ObjectMapper();

    private EventFiles() {
    }

    /**
     * @param folder the analytics folder
     * @return every event of every file, oldest file first
     * @throws IOException when a file cannot be read or a line is not JSON
     */
    public static List<JsonNode> read(Path folder) throws IOException {
        List<JsonNode> read = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.sorted().toList()) {
                for (String line : Files.readAllLines(file)) {
                    if (!line.isBlank()) read.add(JSON.readTree(line));
                }
            }
        }
        return read;
    }

    /**
     * @param events events
     * @param name an event name
     * @return those of that name, in order
     */
    public static List<JsonNode> named(List<JsonNode> events, String name) {
        return events.stream().filter(event -> event.path("event").asText().equals(name)).toList();
    }
}
