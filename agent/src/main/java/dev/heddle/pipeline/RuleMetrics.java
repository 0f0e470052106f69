package dev.heddle.pipeline;

import dev.heddle.cache.CacheCounters;
import dev.heddle.cost.UsageCounters;
import dev.heddle.quota.QuotaCounters;
import dev.heddle.resilience.ResilienceCounters;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.Meter;
import java.util.Map;

/**
 * Heddle's own counters as OpenTelemetry metrics, read from the per-rule counters the status page
 * shows (so both always agree), attributed by rule only: never a user, a prompt or a model answer.
 *
 * <ul>
 *   <li>{@code heddle.cache.requests} by {@code heddle.cache.result} ({@code hit}, {@code semantic_hit}, {@code miss})</li>
 *   <li>{@code heddle.cache.saved.tokens} by {@code gen_ai.token.type}, and {@code heddle.cache.saved.cost} in USD</li>
 *   <li>{@code heddle.quota.rejections}</li>
 *   <li>{@code heddle.circuit.transitions} by {@code heddle.circuit.state} (the state entered)</li>
 * </ul>
 */
final class RuleMetrics {

    private static final AttributeKey<String> RULE = AttributeKey.stringKey("heddle.rule");
    private static final AttributeKey<String> CACHE_RESULT = AttributeKey.stringKey("heddle.cache.result");
    private static final AttributeKey<String> TOKEN_TYPE = AttributeKey.stringKey("gen_ai.token.type");
    private static final AttributeKey<String> CIRCUIT_STATE = AttributeKey.stringKey("heddle.circuit.state");

    private RuleMetrics() {
    }

    /**
     * @param meter Heddle's meter
     * @param cache the cache counters by rule
     * @param usage the token and cost counters by rule
     * @param quota the quota counters by rule
     * @param resilience the resilience counters by rule
     */
    static void register(Meter meter, Map<String, CacheCounters> cache, Map<String, UsageCounters> usage,
            Map<String, QuotaCounters> quota, Map<String, ResilienceCounters> resilience) {
        meter.counterBuilder("heddle.cache.requests").setUnit("{request}")
                .setDescription("Calls that looked in a response cache, by result").buildWithCallback(measurement ->
                        cache.forEach((rule, counters) -> {
                            long semantic = counters.semanticHits();
                            measurement.record(counters.hits() - semantic, Attributes.of(RULE, rule, CACHE_RESULT, "hit"));
                            measurement.record(semantic, Attributes.of(RULE, rule, CACHE_RESULT, "semantic_hit"));
                            measurement.record(counters.misses(), Attributes.of(RULE, rule, CACHE_RESULT, "miss"));
                        }));
        meter.counterBuilder("heddle.cache.saved.tokens").setUnit("{token}")
                .setDescription("Tokens that cache hits did not spend").buildWithCallback(measurement ->
                        usage.forEach((rule, counters) -> {
                            measurement.record(counters.savedInputTokens(), Attributes.of(RULE, rule, TOKEN_TYPE, "input"));
                            measurement.record(counters.savedOutputTokens(), Attributes.of(RULE, rule, TOKEN_TYPE, "output"));
                        }));
        meter.counterBuilder("heddle.cache.saved.cost").ofDoubles().setUnit("USD")
                .setDescription("List-price dollars that cache hits did not spend").buildWithCallback(measurement ->
                        usage.forEach((rule, counters) -> measurement.record(counters.savedCostUsd(), Attributes.of(RULE, rule))));
        meter.counterBuilder("heddle.quota.rejections").setUnit("{request}")
                .setDescription("Calls a quota refused").buildWithCallback(measurement ->
                        quota.forEach((rule, counters) -> measurement.record(counters.refused(), Attributes.of(RULE, rule))));
        meter.counterBuilder("heddle.circuit.transitions").setUnit("{transition}")
                .setDescription("Circuit breaker state changes, by the state entered").buildWithCallback(measurement ->
                        resilience.forEach((rule, counters) -> {
                            measurement.record(counters.circuitOpened(), Attributes.of(RULE, rule, CIRCUIT_STATE, "open"));
                            measurement.record(counters.circuitHalfOpened(), Attributes.of(RULE, rule, CIRCUIT_STATE, "half_open"));
                            measurement.record(counters.circuitClosed(), Attributes.of(RULE, rule, CIRCUIT_STATE, "closed"));
                        }));
    }
}
