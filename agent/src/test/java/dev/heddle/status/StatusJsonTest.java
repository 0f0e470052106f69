package dev.heddle.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatusJsonTest {

    /** Parses the document back into maps, lists, strings, numbers (as text), booleans and nulls. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> parse(String json) throws IOException {
        try (JsonParser parser = new JsonFactory().createParser(json)) {
            return (Map<String, Object>) read(parser, parser.nextToken());
        }
    }

    private static Object read(JsonParser parser, JsonToken token) throws IOException {
        switch (token) {
            case START_OBJECT -> {
                Map<String, Object> object = new LinkedHashMap<>();
                while (parser.nextToken() != JsonToken.END_OBJECT) {
                    String name = parser.currentName();
                    object.put(name, read(parser, parser.nextToken()));
                }
                return object;
            }
            case START_ARRAY -> {
                List<Object> array = new ArrayList<>();
                for (JsonToken next = parser.nextToken(); next != JsonToken.END_ARRAY; next = parser.nextToken()) {
                    array.add(read(parser, next));
                }
                return array;
            }
            case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                return parser.getText();
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return parser.getBooleanValue();
            }
            default -> {
                return null;
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        return (List<Object>) value;
    }

    @Test
    void theDocumentHasTheConfigurationInternalErrorsRedisRulesAndLimitsInThatOrder() throws IOException {
        Map<String, Object> json = parse(StatusJson.render(StatusReports.busy()));

        assertThat(json.keySet()).containsExactly("generatedAt", "config", "internalErrors", "redis", "rules", "passThroughMethods",
                "upstreamLimits");
        assertThat(json.get("generatedAt")).isEqualTo("2026-01-15T10:00:00Z");
        assertThat(object(json.get("config"))).containsEntry("source", "/etc/app/heddle.yaml").containsEntry("version", "3");
        assertThat(object(object(json.get("config")).get("lastReload")))
                .containsEntry("applied", true)
                .containsEntry("version", "3")
                .containsEntry("at", "2026-01-15T10:00:00Z")
                .containsEntry("summary", "applied version 3 at 2026-01-15T10:00:00Z")
                .containsEntry("problems", List.of());
        assertThat(object(json.get("redis")))
                .containsExactly(Map.entry("state", "connected"), Map.entry("summary", "connected"), Map.entry("pendingSettles", "0"),
                        Map.entry("entriesRejected", "2"));
        assertThat(json.get("internalErrors")).isEqualTo("0");
        assertThat(json.get("passThroughMethods")).isEqualTo(List.of("com.example.Old:ask()Ljava/lang/String;"));
        assertThat(list(json.get("upstreamLimits"))).containsExactly(
                Map.of("name", "per-user openai-java:gpt-4o-mini", "limit", "24", "inFlight", "3"));
    }

    @Test
    void aRuleHasEveryCounterUnderTheMBeansNames() throws IOException {
        Map<String, Object> rule = object(list(parse(StatusJson.render(StatusReports.busy())).get("rules")).get(0));

        assertThat(rule).containsExactly(
                Map.entry("name", "support-bot"),
                Map.entry("kind", "rule"),
                Map.entry("wovenMethods", List.of(StatusReports.SUPPORT_ANSWER)),
                Map.entry("calls", "41"),
                Map.entry("cacheHits", "30"),
                Map.entry("cacheMisses", "10"),
                Map.entry("uncacheable", "1"),
                Map.entry("singleFlightJoined", "4"),
                Map.entry("redisHits", "0"),
                Map.entry("semanticHits", "6"),
                Map.entry("quotaAdmitted", "38"),
                Map.entry("quotaRefused", "3"),
                Map.entry("quotaWaited", "0"),
                Map.entry("attempts", "12"),
                Map.entry("retries", "2"),
                Map.entry("timeouts", "0"),
                Map.entry("bulkheadRejections", "0"),
                Map.entry("fallbacks", "1"),
                Map.entry("circuitState", "open"),
                Map.entry("circuits", List.of(Map.of("key", "gpt-4o", "state", "open"), Map.of("key", "gpt-4o-mini", "state", "closed"))),
                Map.entry("circuitOpened", "1"),
                Map.entry("circuitHalfOpened", "0"),
                Map.entry("circuitClosed", "0"),
                Map.entry("circuitRejections", "3"),
                Map.entry("slowCalls", "0"),
                Map.entry("modelCalls", "10"),
                Map.entry("inputTokens", "12000"),
                Map.entry("outputTokens", "3000"),
                Map.entry("costUsd", "0.3"),
                Map.entry("savedInputTokens", "36000"),
                Map.entry("savedOutputTokens", "9000"),
                Map.entry("savedCostUsd", "0.9"));
    }

    @Test
    void anAnnotatedMethodWithoutABreakerHasANullCircuitState() throws IOException {
        Map<String, Object> rule = object(list(parse(StatusJson.render(StatusReports.busy())).get("rules")).get(1));

        assertThat(rule).containsEntry("kind", "annotation").containsEntry("circuitState", null).containsEntry("circuits", List.of());
        assertThat(rule).containsEntry("costUsd", "0");
    }

    @Test
    void aRejectedReloadListsItsProblemsAsWritten() throws IOException {
        Map<String, Object> lastReload = object(object(parse(StatusJson.render(StatusReports.rejected())).get("config")).get("lastReload"));

        assertThat(lastReload).containsEntry("applied", false).containsEntry("problems",
                List.of("heddle.yaml:4:12: rules[0].name: expected a rule name, but found '<script>'"));
    }
}
