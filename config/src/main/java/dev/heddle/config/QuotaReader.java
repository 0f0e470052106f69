package dev.heddle.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads one entry of {@code quotas:}: its {@code tiers}, {@code users}, {@code default} tier,
 * {@code resolver}, and what a refused call does ({@code onRefusal}, {@code maxWait}).
 */
final class QuotaReader {

    private static final List<String> KEYS = List.of("tiers", "users", "default", "resolver", "onRefusal", "maxWait", "adaptive");
    private static final List<String> ADAPTIVE_KEYS = List.of("initial", "min", "max", "reservedFor", "reservedShare");
    private static final String EXPECTED_ADAPTIVE = "true, false or a mapping such as { initial: 16, min: 2, max: 256,"
            + " reservedFor: [pro], reservedShare: 0.25 }";
    private static final String EXPECTED_QUOTA = "a mapping such as { tiers: { free: { requests: 100/1h } } }";
    private static final String EXPECTED_TIERS = "a mapping of tier names to limits, such as { free: { requests: 100/1h } }";
    private static final String EXPECTED_USERS = "a mapping of user ids to tier names, such as { alice: pro }";
    private static final String EXPECTED_RESOLVER = "a class name such as com.example.TierLookup";

    private final Problems problems;
    private final Scalars scalars;
    private final TierReader tierReader;

    QuotaReader(Problems problems, Scalars scalars) {
        this.problems = problems;
        this.scalars = scalars;
        this.tierReader = new TierReader(problems, scalars);
    }

    /** @return the quota; empty when it has problems, which are reported */
    Optional<QuotaConfig> read(String name, Node node, String path) {
        Optional<YamlMapping> read = YamlMapping.read(node, path, EXPECTED_QUOTA, problems);
        if (read.isEmpty()) return Optional.empty();
        YamlMapping quota = read.get().allowOnly(KEYS, problems);
        Optional<String> resolver = quota.get("resolver").flatMap(value -> resolver(value, quota.pathOf("resolver")));
        Optional<RefusalAction> onRefusal = quota.get("onRefusal").isPresent()
                ? onRefusal(quota.get("onRefusal").get(), quota.pathOf("onRefusal"))
                : Optional.of(RefusalAction.THROW);
        Duration maxWait = quota.get("maxWait").flatMap(value -> maxWait(value, quota.pathOf("maxWait"), onRefusal))
                .orElse(QuotaConfig.DEFAULT_MAX_WAIT);
        return tiers(quota).flatMap(tiers -> {
            Map<String, TierConfig> tierConfigs = new LinkedHashMap<>();
            for (YamlMapping.Entry tier : tiers.entries()) {
                tierReader.read(tier.value(), tiers.pathOf(tier.key())).ifPresent(config -> tierConfigs.put(tier.key(), config));
            }
            Map<String, String> users = users(quota, tiers.keys());
            Optional<AdaptiveConfig> adaptive = quota.get("adaptive")
                    .flatMap(value -> adaptive(value, quota.pathOf("adaptive"), tiers.keys()));
            return defaultTier(quota, tiers.keys()).flatMap(defaultTier -> onRefusal.map(action ->
                    new QuotaConfig(name, tierConfigs, users, defaultTier, resolver, action, maxWait, adaptive)));
        });
    }

    /** @return the adaptive limit; empty for {@code adaptive: false} and for one with problems, which are reported */
    private Optional<AdaptiveConfig> adaptive(Node node, String path, List<String> tierNames) {
        if (node instanceof ScalarNode && !Nodes.isNull(node)) {
            return scalars.bool(node, path, EXPECTED_ADAPTIVE).filter(enabled -> enabled).map(enabled -> AdaptiveConfig.DEFAULTS);
        }
        return YamlMapping.read(node, path, EXPECTED_ADAPTIVE, problems).flatMap(adaptive -> {
            adaptive.allowOnly(ADAPTIVE_KEYS, problems);
            AdaptiveConfig defaults = AdaptiveConfig.DEFAULTS;
            int min = adaptive.get("min").flatMap(value -> scalars.positiveInt(value, adaptive.pathOf("min"))).orElse(defaults.min());
            int max = adaptive.get("max").flatMap(value -> scalars.positiveInt(value, adaptive.pathOf("max")))
                    .orElse(Math.max(defaults.max(), min));
            int initial = adaptive.get("initial").flatMap(value -> scalars.positiveInt(value, adaptive.pathOf("initial")))
                    .orElse(Math.min(Math.max(defaults.initial(), min), max));
            List<String> reservedFor = new ArrayList<>();
            adaptive.get("reservedFor").ifPresent(list -> reservedTiers(list, adaptive.pathOf("reservedFor"), tierNames, reservedFor));
            double reservedShare = adaptive.get("reservedShare")
                    .flatMap(value -> scalars.threshold(value, adaptive.pathOf("reservedShare"))).orElse(defaults.reservedShare());
            if (!(min <= initial && initial <= max)) {
                problems.report(node, path, "expected min <= initial <= max, but found min " + min + ", initial " + initial
                        + ", max " + max);
                return Optional.empty();
            }
            if (reservedShare >= 1) {
                problems.report(adaptive.get("reservedShare").orElse(node), adaptive.pathOf("reservedShare"),
                        "expected a share below 1: reserving the whole limit would leave nothing for the other tiers");
                return Optional.empty();
            }
            return Optional.of(new AdaptiveConfig(initial, min, max, reservedFor, reservedShare));
        });
    }

    private void reservedTiers(Node node, String path, List<String> tierNames, List<String> reservedFor) {
        if (!(node instanceof SequenceNode sequence)) {
            problems.report(node, path, "expected a list of tier names such as [pro, enterprise]");
            return;
        }
        for (int i = 0; i < sequence.getValue().size(); i++) {
            tierName(sequence.getValue().get(i), path + "[" + i + "]", tierNames).ifPresent(reservedFor::add);
        }
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

    private Optional<String> resolver(Node node, String path) {
        return scalars.name(node, path, EXPECTED_RESOLVER).filter(resolver -> {
            if (JavaNames.CLASS_NAME.matcher(resolver).matches()) return true;
            problems.report(node, path, "expected " + EXPECTED_RESOLVER + ", but found '" + resolver + "'");
            return false;
        });
    }

    private Optional<RefusalAction> onRefusal(Node node, String path) {
        List<String> names = Arrays.stream(RefusalAction.values()).map(RefusalAction::yamlName).toList();
        return scalars.name(node, path, "one of " + String.join(", ", names)).flatMap(name -> {
            Optional<RefusalAction> action = RefusalAction.named(name);
            if (action.isEmpty()) problems.report(node, path, "unknown refusal action '" + name + "'; " + Suggestions.hint(name, names));
            return action;
        });
    }

    /** @param onRefusal the quota's action; empty when it has a problem, which then hides this one */
    private Optional<Duration> maxWait(Node node, String path, Optional<RefusalAction> onRefusal) {
        Optional<Duration> maxWait = scalars.positiveDuration(node, path);
        onRefusal.filter(action -> maxWait.isPresent() && action != RefusalAction.WAIT).ifPresent(action -> problems.report(node, path,
                "maxWait applies to onRefusal: wait, but this quota's onRefusal is " + action.yamlName()
                        + "; add onRefusal: wait or remove maxWait"));
        return maxWait;
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
