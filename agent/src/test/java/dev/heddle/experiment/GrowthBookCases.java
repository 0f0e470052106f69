package dev.heddle.experiment;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * GrowthBook's own test cases for hashing and bucketing ({@code growthbook-hash-cases.json}, from
 * the SDK's {@code cases.json}): each section is a list of rows, each row a list of strings,
 * numbers (as {@code Double}), nulls and lists.
 */
final class GrowthBookCases {

    private static final Map<String, Object> SECTIONS = load("/growthbook-hash-cases.json");

    private GrowthBookCases() {
    }

    /** @return the rows of one section: {@code hash}, {@code getBucketRange}, {@code chooseVariation} or {@code getEqualWeights} */
    @SuppressWarnings("unchecked")
    static List<List<Object>> section(String name) {
        Object rows = SECTIONS.get(name);
        if (rows == null) throw new IllegalStateException("no section " + name + " in the GrowthBook cases");
        return (List<List<Object>>) rows;
    }

    /** @return a JSON number as a {@code double} */
    static double number(Object value) {
        return (Double) value;
    }

    /** @return a JSON list of numbers as an array, or {@code null} for a JSON null */
    @SuppressWarnings("unchecked")
    static double[] numbers(Object value) {
        if (value == null) return null;
        return ((List<Object>) value).stream().mapToDouble(GrowthBookCases::number).toArray();
    }

    /** @return a JSON list of {@code [start, end]} pairs as ranges */
    @SuppressWarnings("unchecked")
    static List<BucketRange> ranges(Object value) {
        return ((List<Object>) value).stream().map(GrowthBookCases::numbers).map(pair -> new BucketRange(pair[0], pair[1])).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> load(String resource) {
        try (InputStream in = GrowthBookCases.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException(resource + " is not on the test class path");
            try (JsonParser parser = new JsonFactory().createParser(in)) {
                return (Map<String, Object>) read(parser, parser.nextToken());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Object read(JsonParser parser, JsonToken token) throws IOException {
        return switch (token) {
            case START_OBJECT -> {
                Map<String, Object> object = new LinkedHashMap<>();
                while (parser.nextToken() != JsonToken.END_OBJECT) {
                    String name = parser.currentName();
                    object.put(name, read(parser, parser.nextToken()));
                }
                yield object;
            }
            case START_ARRAY -> {
                List<Object> array = new ArrayList<>();
                for (JsonToken next = parser.nextToken(); next != JsonToken.END_ARRAY; next = parser.nextToken()) {
                    array.add(read(parser, next));
                }
                yield array;
            }
            case VALUE_STRING -> parser.getText();
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> parser.getDoubleValue();
            case VALUE_NULL -> null;
            default -> throw new IllegalStateException("unexpected " + token + " in the GrowthBook cases");
        };
    }
}
