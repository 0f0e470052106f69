package dev.heddle.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.testing.exporter.InMemoryLogRecordExporter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OtlpLogSinkTest {

    @Test
    void everyEventIsALogRecordNamedByTheEventWithItsFieldsAsAttributes() {
        InMemoryLogRecordExporter exported = InMemoryLogRecordExporter.create();
        try (SdkLoggerProvider logs = SdkLoggerProvider.builder().addLogRecordProcessor(SimpleLogRecordProcessor.create(exported)).build()) {
            OtlpLogSink sink = new OtlpLogSink(logs.get("dev.heddle"));
            Instant time = Instant.parse("2026-12-06T10:15:30Z");

            sink.write(List.of(
                    new AnalyticsEvent(time, AnalyticsEvent.LLM_CALL, "alice", "s-1", "openai", "gpt-4o-mini",
                            Map.of("answer-style", "concise"), "miss", null, 12L, 5L, 0.00002, null, 812.5, "ok", null, Map.of()),
                    AnalyticsEvent.app(time, "page_view", "bob", null, Map.of(), Map.of("page", "/pricing", "visits", 3L))));

            List<LogRecordData> records = exported.getFinishedLogRecordItems();
            assertThat(records).extracting(LogRecordData::getEventName).containsExactly("llm_call", "page_view");
            LogRecordData call = records.get(0);
            assertThat(call.getTimestampEpochNanos()).isEqualTo(time.getEpochSecond() * 1_000_000_000L);
            assertThat(call.getAttributes().get(AttributeKey.stringKey("user.id"))).isEqualTo("alice");
            assertThat(call.getAttributes().get(AttributeKey.stringKey("gen_ai.request.model"))).isEqualTo("gpt-4o-mini");
            assertThat(call.getAttributes().get(AttributeKey.longKey("gen_ai.usage.input_tokens"))).isEqualTo(12L);
            assertThat(call.getAttributes().get(AttributeKey.stringKey("heddle.experiment.answer-style"))).isEqualTo("concise");
            LogRecordData page = records.get(1);
            assertThat(page.getAttributes().get(AttributeKey.stringKey("page"))).isEqualTo("/pricing");
            assertThat(page.getAttributes().get(AttributeKey.longKey("visits"))).isEqualTo(3L);
        }
    }
}
