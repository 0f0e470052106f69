package dev.heddle.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventJsonTest {

    static AnalyticsEvent fullCall() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("plan", "pro");
        properties.put("retries", 2L);
        properties.put("score", 0.5);
        properties.put("first", true);
        properties.put("note", null);
        return new AnalyticsEvent(Instant.parse("2026-12-06T06:30:00.123Z"), AnalyticsEvent.LLM_CALL, "alice", "s-1",
                "support-bot", "gpt-4o-mini", Map.of("prompt", "short"), "semantic_hit", 0.93, 0L, 0L, 0.0, 0.0021,
                3.5, "ok", "com.example.Failure", properties);
    }

    @Test
    void aFullEventReadsBackEqual() {
        AnalyticsEvent event = fullCall();

        assertThat(EventJson.read(EventJson.line(event))).isEqualTo(event);
    }

    @Test
    void aMinimalEventReadsBackEqual() {
        AnalyticsEvent event = AnalyticsEvent.app(Instant.parse("2026-01-01T00:00:00Z"), "signup", null, null, null, null);

        assertThat(EventJson.read(EventJson.line(event))).isEqualTo(event);
    }

    @Test
    void absentFieldsAreLeftOutOfTheLine() {
        AnalyticsEvent event = AnalyticsEvent.app(Instant.parse("2026-01-01T00:00:00Z"), "signup", "bob", null, null, null);

        assertThat(EventJson.line(event)).isEqualTo("{\"time\":\"2026-01-01T00:00:00Z\",\"event\":\"signup\",\"user\":\"bob\"}");
    }

    @Test
    void theLineUsesTheColumnNamesOfTheClickHouseTable() {
        String line = EventJson.line(fullCall());

        assertThat(line).startsWith("{\"time\":\"2026-12-06T06:30:00.123Z\",\"event\":\"llm_call\",\"user\":\"alice\"")
                .contains("\"variants\":{\"prompt\":\"short\"}", "\"input_tokens\":0", "\"cost_usd\":0.0",
                        "\"latency_ms\":3.5", "\"error_type\":\"com.example.Failure\"",
                        "\"properties\":{\"plan\":\"pro\",\"retries\":2,\"score\":0.5,\"first\":true,\"note\":null}")
                .doesNotContain("\n");
    }

    @Test
    void unknownFieldsAreIgnored() {
        AnalyticsEvent event = EventJson.read("{\"time\":\"2026-01-01T00:00:00Z\",\"event\":\"signup\",\"tenant\":\"acme\","
                + "\"nested\":{\"a\":[1,2,{\"b\":3}]},\"user\":\"bob\",\"properties\":{\"deep\":{\"x\":1},\"kept\":\"yes\"}}");

        assertThat(event).isEqualTo(AnalyticsEvent.app(Instant.parse("2026-01-01T00:00:00Z"), "signup", "bob", null,
                null, Map.of("kept", "yes")));
    }

    @Test
    void aLineWithoutTimeOrEventIsRejectedSayingWhatItNeeds() {
        assertThatThrownBy(() -> EventJson.read("{\"event\":\"signup\"}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"time\" and \"event\"");
    }

    @Test
    void aLineThatIsNotAnObjectIsRejected() {
        assertThatThrownBy(() -> EventJson.read("[1,2]"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a JSON object");
    }

    @Test
    void halfALineIsRejectedAsNotAnEventLine() {
        String line = EventJson.line(fullCall());

        assertThatThrownBy(() -> EventJson.read(line.substring(0, line.length() / 2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not an event line");
    }

    @Test
    void aTimeThatIsNotIsoIsRejectedAsNotAnEventLine() {
        assertThatThrownBy(() -> EventJson.read("{\"time\":\"yesterday\",\"event\":\"signup\"}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not an event line");
    }
}
