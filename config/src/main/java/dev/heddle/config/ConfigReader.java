package dev.heddle.config;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * Reads the top level of a composed configuration: {@code enabled}, {@code redis}, {@code rules},
 * {@code quotas}, {@code prices}, {@code status}, {@code telemetry}, {@code analytics},
 * {@code experiments} and {@code http}.
 */
final class ConfigReader {

    private static final List<String> KEYS =
            List.of("enabled", "redis", "rules", "quotas", "prices", "status", "telemetry", "analytics", "experiments", "http");
    private static final List<String> PRICE_KEYS = List.of("input", "output");
    private static final String EXPECTED_PRICES = "a mapping of model names to prices, such as { gpt-4o-mini: { input: 0.15, output: 0.60 } }";
    private static final String EXPECTED_PRICE = "a mapping { input: <dollars per million input tokens>, output: <dollars per million output tokens> }";
    private static final String EXPECTED_TOP_LEVEL = "a mapping with keys such as rules and quotas";
    private static final String EXPECTED_QUOTAS = "a mapping of quota names to quotas, such as { per-user: { tiers: ... } }";

    private final String source;
    private final Problems problems;
    private final Scalars scalars;

    ConfigReader(String source, Problems problems, Scalars scalars) {
        this.source = source;
        this.problems = problems;
        this.scalars = scalars;
    }

    /** @return the configuration; meaningful only when no problem was reported */
    HeddleConfig read(Node root) {
        Optional<YamlMapping> read = YamlMapping.read(root, "", EXPECTED_TOP_LEVEL, problems);
        if (read.isEmpty()) return emptyConfig();
        YamlMapping top = read.get().allowOnly(KEYS, problems);
        boolean enabled = top.get("enabled").flatMap(node -> scalars.bool(node, "enabled")).orElse(true);
        Optional<RedisConfig> redis = top.get("redis").flatMap(node -> new RedisReader(problems, scalars).read(node, "redis"));
        Optional<YamlMapping> quotaMapping = top.get("quotas")
                .flatMap(node -> YamlMapping.read(node, "quotas", EXPECTED_QUOTAS, problems));
        List<String> quotaNames = quotaMapping.map(YamlMapping::keys).orElse(List.of());
        Map<String, QuotaConfig> quotas = quotaMapping.map(this::quotas).orElse(Map.of());
        RuleReader ruleReader = new RuleReader(problems, scalars);
        List<RuleConfig> rules = top.get("rules").map(node -> ruleReader.read(node, "rules", quotaNames)).orElse(List.of());
        Map<String, PriceConfig> prices = top.get("prices")
                .flatMap(node -> YamlMapping.read(node, "prices", EXPECTED_PRICES, problems))
                .map(this::prices).orElse(Map.of());
        Optional<StatusConfig> status = top.get("status").flatMap(node -> new StatusReader(problems, scalars).read(node, "status"));
        Optional<TelemetryConfig> telemetry = top.get("telemetry")
                .flatMap(node -> new TelemetryReader(problems, scalars).read(node, "telemetry"));
        Optional<AnalyticsConfig> analytics = top.get("analytics")
                .flatMap(node -> new AnalyticsReader(problems, scalars).read(node, "analytics", top.get("telemetry").isPresent()));
        List<String> tierNames = quotaMapping.map(ConfigReader::tierNames).orElse(List.of());
        List<ExperimentConfig> experiments = top.get("experiments")
                .map(node -> new ExperimentReader(problems, scalars, ruleReader, quotaNames, tierNames).read(node, "experiments"))
                .orElse(List.of());
        Optional<HttpConfig> http = top.get("http").flatMap(node -> new HttpReader(problems, scalars).read(node, "http", quotaNames));
        return new HeddleConfig(source, enabled, redis, rules, quotas, prices, status, telemetry, analytics, experiments, http);
    }

    /**
     * @return every tier name of every quota, as written, whether or not its quota has problems, so
     *     that a quota's mistake is not reported again as an unknown tier wherever one is named
     */
    private static List<String> tierNames(YamlMapping quotas) {
        Set<String> names = new LinkedHashSet<>();
        for (YamlMapping.Entry quota : quotas.entries()) {
            if (!(quota.value() instanceof MappingNode mapping)) continue;
            for (NodeTuple entry : mapping.getValue()) {
                if (entry.getKeyNode() instanceof ScalarNode key && key.getValue().equals("tiers")
                        && entry.getValueNode() instanceof MappingNode tiers) {
                    tiers.getValue().stream().map(NodeTuple::getKeyNode).filter(ScalarNode.class::isInstance)
                            .map(tier -> ((ScalarNode) tier).getValue()).forEach(names::add);
                }
            }
        }
        return List.copyOf(names);
    }

    /** @return the configuration of a file with no document in it, such as an empty file */
    HeddleConfig emptyConfig() {
        return new HeddleConfig(source, true, Optional.empty(), List.of(), Map.of());
    }

    private Map<String, PriceConfig> prices(YamlMapping mapping) {
        Map<String, PriceConfig> prices = new LinkedHashMap<>();
        for (YamlMapping.Entry model : mapping.entries()) {
            String path = mapping.pathOf(model.key());
            YamlMapping.read(model.value(), path, EXPECTED_PRICE, problems).map(price -> price.allowOnly(PRICE_KEYS, problems))
                    .ifPresent(price -> {
                        Optional<Double> input = required(price, "input");
                        Optional<Double> output = required(price, "output");
                        if (input.isPresent() && output.isPresent()) {
                            prices.put(model.key(), new PriceConfig(input.get(), output.get()));
                        }
                    });
        }
        return prices;
    }

    private Optional<Double> required(YamlMapping price, String key) {
        Optional<Node> node = price.get(key);
        if (node.isEmpty()) {
            problems.report(price.node(), price.path(), "missing " + key + " (dollars per million " + key + " tokens)");
            return Optional.empty();
        }
        return scalars.nonNegativeNumber(node.get(), price.pathOf(key));
    }

    private Map<String, QuotaConfig> quotas(YamlMapping mapping) {
        QuotaReader reader = new QuotaReader(problems, scalars);
        Map<String, QuotaConfig> quotas = new LinkedHashMap<>();
        for (YamlMapping.Entry quota : mapping.entries()) {
            reader.read(quota.key(), quota.value(), mapping.pathOf(quota.key())).ifPresent(config -> quotas.put(quota.key(), config));
        }
        return quotas;
    }
}
