package dev.heddle.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A whole, validated Heddle configuration. Immutable: a change of the file produces a new instance.
 *
 * @param source where it was read from, or {@code <none>}
 * @param enabled false switches every rule off
 * @param redis the Redis URI, when caches and quotas are shared
 * @param rules the rules, in file order, names unique
 * @param quotas the named quotas, in file order
 * @param prices model prices that replace or add to Heddle's default price table, by model name
 * @param status the local status endpoint; none when empty
 * @param telemetry OpenTelemetry spans and metrics; none when empty
 * @param analytics analytics events; none when empty
 * @param experiments the A/B experiments, in file order, names unique
 * @param http what Heddle does at the edge of a web app ({@code http:}); none when empty
 */
public record HeddleConfig(String source, boolean enabled, Optional<RedisConfig> redis, List<RuleConfig> rules,
        Map<String, QuotaConfig> quotas, Map<String, PriceConfig> prices, Optional<StatusConfig> status,
        Optional<TelemetryConfig> telemetry, Optional<AnalyticsConfig> analytics, List<ExperimentConfig> experiments,
        Optional<HttpConfig> http) {

    public HeddleConfig {
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(redis, "redis");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(telemetry, "telemetry");
        Objects.requireNonNull(analytics, "analytics");
        rules = List.copyOf(rules);
        quotas = Collections.unmodifiableMap(new LinkedHashMap<>(quotas));
        prices = Collections.unmodifiableMap(new LinkedHashMap<>(prices));
        experiments = List.copyOf(experiments);
    }

    /**
     * A configuration without an {@code http:} section.
     *
     * @param source where it was read from, or {@code <none>}
     * @param enabled false switches every rule off
     * @param redis the Redis URI, when caches and quotas are shared
     * @param rules the rules, in file order, names unique
     * @param quotas the named quotas, in file order
     * @param prices model prices that replace or add to Heddle's default price table, by model name
     * @param status the local status endpoint; none when empty
     * @param telemetry OpenTelemetry export; none when empty
     * @param analytics where analytics events go; none when empty
     * @param experiments the A/B tests, in file order
     */
    public HeddleConfig(String source, boolean enabled, Optional<RedisConfig> redis, List<RuleConfig> rules,
            Map<String, QuotaConfig> quotas, Map<String, PriceConfig> prices, Optional<StatusConfig> status,
            Optional<TelemetryConfig> telemetry, Optional<AnalyticsConfig> analytics, List<ExperimentConfig> experiments) {
        this(source, enabled, redis, rules, quotas, prices, status, telemetry, analytics, experiments, Optional.empty());
    }

    /**
     * A configuration without tracking.
     *
     * @param source where it was read from, or {@code <none>}
     * @param enabled false switches every rule off
     * @param redis the Redis URI, when caches and quotas are shared
     * @param rules the rules, in file order, names unique
     * @param quotas the named quotas, in file order
     * @param prices model prices that replace or add to Heddle's default price table, by model name
     * @param status the local status endpoint; none when empty
     */
    public HeddleConfig(String source, boolean enabled, Optional<RedisConfig> redis, List<RuleConfig> rules,
            Map<String, QuotaConfig> quotas, Map<String, PriceConfig> prices, Optional<StatusConfig> status) {
        this(source, enabled, redis, rules, quotas, prices, status, Optional.empty(), Optional.empty(), List.of());
    }

    /**
     * A configuration without price overrides or status endpoint.
     *
     * @param source where it was read from, or {@code <none>}
     * @param enabled false switches every rule off
     * @param redis the Redis URI, when caches and quotas are shared
     * @param rules the rules, in file order, names unique
     * @param quotas the named quotas, in file order
     */
    public HeddleConfig(String source, boolean enabled, Optional<RedisConfig> redis, List<RuleConfig> rules,
            Map<String, QuotaConfig> quotas) {
        this(source, enabled, redis, rules, quotas, Map.of(), Optional.empty());
    }

    /**
     * The configuration of an agent started without a file: no rules; annotations still work.
     *
     * @return an enabled configuration with no rules
     */
    public static HeddleConfig empty() {
        return new HeddleConfig("<none>", true, Optional.empty(), List.of(), Map.of());
    }
}
