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
 */
public record HeddleConfig(String source, boolean enabled, Optional<RedisConfig> redis, List<RuleConfig> rules,
        Map<String, QuotaConfig> quotas, Map<String, PriceConfig> prices, Optional<StatusConfig> status) {

    public HeddleConfig {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(redis, "redis");
        Objects.requireNonNull(status, "status");
        rules = List.copyOf(rules);
        quotas = Collections.unmodifiableMap(new LinkedHashMap<>(quotas));
        prices = Collections.unmodifiableMap(new LinkedHashMap<>(prices));
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
