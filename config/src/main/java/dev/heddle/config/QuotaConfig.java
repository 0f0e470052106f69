package dev.heddle.config;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A named quota: its tiers, which users belong to which tier, the tier of everybody else, and what
 * happens to a call it refuses.
 *
 * @param name the quota's name, as rules refer to it
 * @param tiers tiers by name, in file order
 * @param users user id to tier name
 * @param defaultTier the tier of users not listed; one of {@code tiers}
 * @param resolver the binary name of a class that finds a user's tier elsewhere, when given
 * @param onRefusal what a refused call does
 * @param maxWait with {@code onRefusal: wait}, the longest a call waits for a permit
 * @param adaptive the adaptive concurrency limit of the upstream calls, when configured
 */
public record QuotaConfig(String name, Map<String, TierConfig> tiers, Map<String, String> users, String defaultTier,
        Optional<String> resolver, RefusalAction onRefusal, Duration maxWait, Optional<AdaptiveConfig> adaptive) {

    /** How long a waiting call waits when nothing else is said. */
    public static final Duration DEFAULT_MAX_WAIT = Duration.ofSeconds(5);

    public QuotaConfig {
        Objects.requireNonNull(name, "name");
        tiers = Collections.unmodifiableMap(new LinkedHashMap<>(tiers));
        users = Map.copyOf(users);
        Objects.requireNonNull(defaultTier, "defaultTier");
        Objects.requireNonNull(resolver, "resolver");
        Objects.requireNonNull(onRefusal, "onRefusal");
        Objects.requireNonNull(maxWait, "maxWait");
        Objects.requireNonNull(adaptive, "adaptive");
    }

    /**
     * A quota that throws on a refusal and has no resolver and no adaptive limit.
     *
     * @param name the quota's name
     * @param tiers tiers by name, in file order
     * @param users user id to tier name
     * @param defaultTier the tier of users not listed
     */
    public QuotaConfig(String name, Map<String, TierConfig> tiers, Map<String, String> users, String defaultTier) {
        this(name, tiers, users, defaultTier, Optional.empty(), RefusalAction.THROW, DEFAULT_MAX_WAIT, Optional.empty());
    }
}
