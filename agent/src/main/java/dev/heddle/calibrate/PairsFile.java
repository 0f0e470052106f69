package dev.heddle.calibrate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads labelled pairs: one JSON object a line, {@code {"a": "...", "b": "...", "duplicate": true}}; blank lines are skipped. */
final class PairsFile {

    private static final JsonFactory JSON = new JsonFactory();

    private PairsFile() {
    }

    static List<Calibration.Pair> read(Path file, int limit) throws IOException {
        List<Calibration.Pair> pairs = new ArrayList<>();
        try (BufferedReader lines = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = lines.readLine()) != null && pairs.size() < limit) {
                number++;
                if (line.isBlank()) continue;
                pairs.add(pair(line, number));
            }
        }
        if (pairs.isEmpty()) throw new IllegalArgumentException("no pairs in the file");
        return pairs;
    }

    private static Calibration.Pair pair(String line, int number) throws IOException {
        String a = null;
        String b = null;
        Boolean duplicate = null;
        try (JsonParser parser = JSON.createParser(line)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) throw new IllegalArgumentException("line " + number + " is not a JSON object");
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "a" -> a = value == JsonToken.VALUE_STRING ? parser.getText() : null;
                    case "b" -> b = value == JsonToken.VALUE_STRING ? parser.getText() : null;
                    case "duplicate" -> duplicate = value == JsonToken.VALUE_TRUE ? Boolean.TRUE
                            : value == JsonToken.VALUE_FALSE ? Boolean.FALSE : null;
                    default -> parser.skipChildren();
                }
            }
        }
        if (a == null || b == null || duplicate == null) {
            throw new IllegalArgumentException("line " + number + " needs \"a\" and \"b\" (text) and \"duplicate\" (true or false)");
        }
        return new Calibration.Pair(a, b, duplicate);
    }
}
