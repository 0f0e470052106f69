package dev.heddle.analytics;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.logs.Logger;
import java.util.List;
import java.util.Map;

/**
 * Sends every event as an OpenTelemetry log record through Heddle's own SDK ({@code telemetry:}),
 * named by its event name, its fields as attributes ({@code user.id}, {@code session.id},
 * {@code heddle.rule}, {@code gen_ai.request.model}, ...) and its properties as they are.
 */
public final class OtlpLogSink implements EventSink {

    private final Logger logger;

    /**
     * @param logger the SDK's logger of Heddle's scope
     */
    public OtlpLogSink(Logger logger) {
        this.logger = logger;
    }

    @Override
    public void write(List<AnalyticsEvent> batch) {
        for (AnalyticsEvent event : batch) {
            AttributesBuilder attributes = Attributes.builder();
            put(attributes, "user.id", event.user());
            put(attributes, "session.id", event.session());
            put(attributes, "heddle.rule", event.rule());
            put(attributes, "gen_ai.request.model", event.model());
            put(attributes, "heddle.cache.result", event.cache());
            put(attributes, "heddle.outcome", event.outcome());
            put(attributes, "error.type", event.errorType());
            if (event.inputTokens() != null) attributes.put("gen_ai.usage.input_tokens", event.inputTokens());
            if (event.outputTokens() != null) attributes.put("gen_ai.usage.output_tokens", event.outputTokens());
            if (event.costUsd() != null) attributes.put("heddle.cost_usd", event.costUsd());
            if (event.savedUsd() != null) attributes.put("heddle.cache.saved_cost_usd", event.savedUsd());
            if (event.latencyMs() != null) attributes.put("heddle.latency_ms", event.latencyMs());
            event.variants().forEach((experiment, variant) -> attributes.put("heddle.experiment." + experiment, variant));
            for (Map.Entry<String, Object> property : event.properties().entrySet()) {
                Object value = property.getValue();
                if (value instanceof Long || value instanceof Integer) {
                    attributes.put(AttributeKey.longKey(property.getKey()), ((Number) value).longValue());
                } else if (value instanceof Number number) {
                    attributes.put(AttributeKey.doubleKey(property.getKey()), number.doubleValue());
                } else if (value instanceof Boolean bool) {
                    attributes.put(AttributeKey.booleanKey(property.getKey()), bool);
                } else if (value != null) {
                    attributes.put(property.getKey(), value.toString());
                }
            }
            logger.logRecordBuilder().setTimestamp(event.time()).setEventName(event.event()).setAllAttributes(attributes.build())
                    .emit();
        }
    }

    private static void put(AttributesBuilder attributes, String key, String value) {
        if (value != null) attributes.put(key, value);
    }

    @Override
    public void close() {
        // the SDK is closed with the telemetry it belongs to
    }
}
