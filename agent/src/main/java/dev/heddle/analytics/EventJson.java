package dev.heddle.analytics;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An {@link AnalyticsEvent} as one line of JSON, the shape ClickHouse ingests as
 * {@code JSONEachRow}: {@code {"time":"2026-12-06T06:30:00.123Z","event":"llm_call","user":"alice",...}}.
 * Absent fields are left out; {@code variants} and {@code properties} are nested objects (ClickHouse
 * {@code Map} columns). Reading is lenient about unknown fields, so that a newer writer's lines stay
 * readable.
 */
public final class EventJson {

    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private EventJson() {
    }

    /**
     * @param event the event
     * @return its JSON line, without the line break
     */
    public static String line(AnalyticsEvent event) {
        StringWriter out = new StringWriter(256);
        write(event, out);
        return out.toString();
    }

    /**
     * Writes the event's JSON object, without a line break.
     *
     * @param event the event
     * @param out where to
     */
    public static void write(AnalyticsEvent event, Writer out) {
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            json.writeStartObject();
            json.writeStringField("time", event.time().toString());
            json.writeStringField("event", event.event());
            string(json, "user", event.user());
            string(json, "session", event.session());
            string(json, "rule", event.rule());
            string(json, "model", event.model());
            if (!event.variants().isEmpty()) {
                json.writeObjectFieldStart("variants");
                for (Map.Entry<String, String> variant : event.variants().entrySet()) {
                    json.writeStringField(variant.getKey(), variant.getValue());
                }
                json.writeEndObject();
            }
            string(json, "cache", event.cache());
            number(json, "similarity", event.similarity());
            number(json, "input_tokens", event.inputTokens());
            number(json, "output_tokens", event.outputTokens());
            number(json, "cost_usd", event.costUsd());
            number(json, "saved_usd", event.savedUsd());
            number(json, "latency_ms", event.latencyMs());
            string(json, "outcome", event.outcome());
            string(json, "error_type", event.errorType());
            if (!event.properties().isEmpty()) {
                json.writeObjectFieldStart("properties");
                for (Map.Entry<String, Object> property : event.properties().entrySet()) {
                    property(json, property.getKey(), property.getValue());
                }
                json.writeEndObject();
            }
            json.writeEndObject();
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
    }

    /**
     * @param line one JSON line as {@link #write} writes it
     * @return the event
     * @throws IllegalArgumentException when the line is not such an object, or lacks its time or event name
     */
    public static AnalyticsEvent read(String line) {
        try (JsonParser json = FACTORY.createParser(line)) {
            if (json.nextToken() != JsonToken.START_OBJECT) throw new IllegalArgumentException("not a JSON object");
            Fields fields = new Fields();
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String name = json.currentName();
                JsonToken value = json.nextToken();
                fields.read(name, value, json);
            }
            return fields.event();
        } catch (IOException | DateTimeParseException malformed) {
            throw new IllegalArgumentException("not an event line: " + malformed.getMessage(), malformed);
        }
    }

    private static void string(JsonGenerator json, String name, String value) throws IOException {
        if (value != null) json.writeStringField(name, value);
    }

    private static void number(JsonGenerator json, String name, Number value) throws IOException {
        if (value == null) return;
        json.writeFieldName(name);
        if (value instanceof Long || value instanceof Integer) {
            json.writeNumber(value.longValue());
        } else {
            json.writeNumber(value.doubleValue());
        }
    }

    private static void property(JsonGenerator json, String name, Object value) throws IOException {
        if (value == null) {
            json.writeNullField(name);
        } else if (value instanceof Boolean bool) {
            json.writeBooleanField(name, bool);
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            json.writeNumberField(name, ((Number) value).longValue());
        } else if (value instanceof Number number) {
            json.writeNumberField(name, number.doubleValue());
        } else {
            json.writeStringField(name, value.toString());
        }
    }

    /** The fields of one line as they are read, in any order. */
    private static final class Fields {
        private Instant time;
        private String event;
        private String user;
        private String session;
        private String rule;
        private String model;
        private final Map<String, String> variants = new LinkedHashMap<>();
        private String cache;
        private Double similarity;
        private Long inputTokens;
        private Long outputTokens;
        private Double costUsd;
        private Double savedUsd;
        private Double latencyMs;
        private String outcome;
        private String errorType;
        private final Map<String, Object> properties = new LinkedHashMap<>();

        void read(String name, JsonToken value, JsonParser json) throws IOException {
            switch (name) {
                case "time" -> time = Instant.parse(json.getValueAsString());
                case "event" -> event = json.getValueAsString();
                case "user" -> user = json.getValueAsString();
                case "session" -> session = json.getValueAsString();
                case "rule" -> rule = json.getValueAsString();
                case "model" -> model = json.getValueAsString();
                case "cache" -> cache = json.getValueAsString();
                case "similarity" -> similarity = doubleOf(value, json);
                case "input_tokens" -> inputTokens = longOf(value, json);
                case "output_tokens" -> outputTokens = longOf(value, json);
                case "cost_usd" -> costUsd = doubleOf(value, json);
                case "saved_usd" -> savedUsd = doubleOf(value, json);
                case "latency_ms" -> latencyMs = doubleOf(value, json);
                case "outcome" -> outcome = json.getValueAsString();
                case "error_type" -> errorType = json.getValueAsString();
                case "variants" -> readObject(value, json, (key, token) -> variants.put(key, json.getValueAsString()));
                case "properties" -> readObject(value, json, (key, token) -> properties.put(key, scalar(token, json)));
                default -> json.skipChildren();
            }
        }

        AnalyticsEvent event() {
            if (time == null || event == null) throw new IllegalArgumentException("an event line needs \"time\" and \"event\"");
            return new AnalyticsEvent(time, event, user, session, rule, model, variants, cache, similarity, inputTokens,
                    outputTokens, costUsd, savedUsd, latencyMs, outcome, errorType, properties);
        }

        private static void readObject(JsonToken start, JsonParser json, FieldReader reader) throws IOException {
            if (start != JsonToken.START_OBJECT) {
                json.skipChildren();
                return;
            }
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String key = json.currentName();
                JsonToken token = json.nextToken();
                if (token.isStructStart()) {
                    json.skipChildren();
                } else {
                    reader.read(key, token);
                }
            }
        }

        private static Object scalar(JsonToken token, JsonParser json) throws IOException {
            return switch (token) {
                case VALUE_NUMBER_INT -> json.getLongValue();
                case VALUE_NUMBER_FLOAT -> json.getDoubleValue();
                case VALUE_TRUE -> Boolean.TRUE;
                case VALUE_FALSE -> Boolean.FALSE;
                case VALUE_NULL -> null;
                default -> json.getValueAsString();
            };
        }

        private static Double doubleOf(JsonToken token, JsonParser json) throws IOException {
            return token == JsonToken.VALUE_NULL ? null : json.getValueAsDouble();
        }

        private static Long longOf(JsonToken token, JsonParser json) throws IOException {
            return token == JsonToken.VALUE_NULL ? null : json.getValueAsLong();
        }
    }

    @FunctionalInterface
    private interface FieldReader {
        void read(String key, JsonToken token) throws IOException;
    }
}
