package dev.heddle.config;

import java.util.Map;
import java.util.Objects;

/**
 * A named quota: its tiers, which users belong to which tier, and the tier of everybody else.
 *
 * @param name the quota's name, as rules refer to it
 * @param tiers tiers by name, in file order
 * @param users user id to tier name
 * @param defaultTier the tier of users not listed; one of {@code tiers}
 */
public record QuotaConfig(String name, Map<String, TierConfig> tiers, Map<String, String> users, String defaultTier) {

    public QuotaConfig {
        Objects.requireNonNull(name, "name");
        tiers = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(tiers));
        users = Map.copyOf(users);
        Objects.requireNonNull(defaultTier, "defaultTier");
    }
}
