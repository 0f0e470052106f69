package dev.heddle.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/** Reads one entry of {@code quotas:}: its {@code tiers}, {@code users} and {@code default} tier. */
final class QuotaReader {

    private static final List<String> KEYS = List.of("tiers", "users", "default");
    private static final List<String> TIER_KEYS = List.of("requests", "tokens");
    private static final String UNLIMITED = "unlimited";
    private static final String EXPECTED_QUOTA = "a mapping such as { tiers: { free: { requests: 100/1h } } }";
    private static final String EXPECTED_TIERS = "a mapping of tier names to limits, such as { free: { requests: 100/1h } }";
    private static final String EXPECTED_TIER = "'unlimited' or a mapping such as { requests: 100/1h, tokens: 2000000/1d }";
    private static final String EXPECTED_USERS = "a mapping of user ids to tier names, such as { alice: pro }";

    private final Problems problems;
    private final Scalars scalars;

    QuotaReader(Problems problems, Scalars scalars) {
        this.problems = problems;
        this.scalars = scalars;
    }

    /** @return the quota; empty when it has problems, which are reported */
    Optional<QuotaConfig> read(String name, Node node, String path) {
        Optional<YamlMapping> quota = YamlMapping.read(node, path, EXPECTED_QUOTA, problems);
        if (quota.isEmpty()) return Optional.empty();
        quota.get().allowOnly(KEYS, problems);
        return tiers(quota.get()).flatMap(tiers -> {
            Map<String, TierConfig> tierConfigs = new LinkedHashMap<>();
            for (YamlMapping.Entry tier : tiers.entries()) {
                tier(tier.value(), tiers.pathOf(tier.key())).ifPresent(config -> tierConfigs.put(tier.key(), config));
            }
            Map<String, String> users = users(quota.get(), tiers.keys());
            return defaultTier(quota.get(), tiers.keys())
                    .map(defaultTier -> new QuotaConfig(name, tierConfigs, users, defaultTier));
        });
    }

    private Optional<YamlMapping> tiers(YamlMapping quota) {
        Optional<Node> node = quota.get("tiers");
        if (node.isEmpty()) {
            problems.report(quota.node(), quota.path(), "'tiers' is required: " + EXPECTED_TIERS);
            return Optional.empty();
        }
        return YamlMapping.read(node.get(), quota.pathOf("tiers"), EXPECTED_TIERS, problems).filter(tiers -> {
            if (!tiers.isEmpty()) return true;
            problems.report(node.get(), tiers.path(), "expected at least one tier, such as free: { requests: 100/1h }");
            return false;
        });
    }

    private Optional<TierConfig> tier(Node node, String path) {
        if (node instanceof ScalarNode && !Nodes.isNull(node)) {
            return scalars.text(node, path, EXPECTED_TIER).filter(text -> {
                if (text.strip().equals(UNLIMITED)) return true;
                problems.report(node, path, "expected " + EXPECTED_TIER + ", but found '" + text + "'");
                return false;
            }).map(text -> TierConfig.UNLIMITED);
        }
        return YamlMapping.read(node, path, EXPECTED_TIER, problems).flatMap(tier -> {
            tier.allowOnly(TIER_KEYS, problems);
            if (tier.get("requests").isEmpty() && tier.get("tokens").isEmpty()) {
                // an empty tier is more likely a forgotten limit than a wish for none
                problems.report(node, path, "a tier needs 'requests', 'tokens' or both; write 'unlimited' for a tier without limits");
                return Optional.empty();
            }
            return Optional.of(new TierConfig(
                    tier.get("requests").flatMap(rate -> scalars.rate(rate, tier.pathOf("requests"))),
                    tier.get("tokens").flatMap(rate -> scalars.rate(rate, tier.pathOf("tokens")))));
        });
    }

    private Map<String, String> users(YamlMapping quota, List<String> tierNames) {
        Map<String, String> users = new LinkedHashMap<>();
        quota.get("users").flatMap(node -> YamlMapping.read(node, quota.pathOf("users"), EXPECTED_USERS, problems))
                .ifPresent(mapping -> mapping.entries().forEach(user ->
                        tierName(user.value(), mapping.pathOf(user.key()), tierNames)
                                .ifPresent(tier -> users.put(user.key(), tier))));
        return users;
    }

    private Optional<String> defaultTier(YamlMapping quota, List<String> tierNames) {
        Optional<Node> node = quota.get("default");
        if (node.isPresent()) return tierName(node.get(), quota.pathOf("default"), tierNames);
        if (tierNames.size() == 1) return Optional.of(tierNames.get(0));
        problems.report(quota.node(), quota.path(), "'default' is required when there is more than one tier; "
                + "expected one of: " + String.join(", ", tierNames));
        return Optional.empty();
    }

    private Optional<String> tierName(Node node, String path, List<String> tierNames) {
        return scalars.name(node, path, "a tier name").filter(tier -> {
            if (tierNames.contains(tier)) return true;
            problems.report(node, path, "unknown tier '" + tier + "'; " + Suggestions.hint(tier, tierNames));
            return false;
        });
    }
}
