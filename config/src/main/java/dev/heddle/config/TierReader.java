package dev.heddle.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads one quota tier: {@code unlimited}, or {@code { requests, tokens, cost }}, each one limit or a
 * list of them; a request or token limit is a rate or {@code { rate, algorithm }}.
 */
final class TierReader {

    private static final List<String> KEYS = List.of("requests", "tokens", "cost");
    private static final List<String> LIMIT_KEYS = List.of("rate", "algorithm");
    private static final String UNLIMITED = "unlimited";
    private static final String EXPECTED_TIER = "'unlimited' or a mapping such as { requests: 100/1h, tokens: 2000000/1d }";
    private static final String EXPECTED_LIMIT = "a rate such as 100/1h or a mapping such as { rate: 100/1h, algorithm: token-bucket }";

    private final Problems problems;
    private final Scalars scalars;

    TierReader(Problems problems, Scalars scalars) {
        this.problems = problems;
        this.scalars = scalars;
    }

    /** @return the tier; empty when it has problems, which are reported */
    Optional<TierConfig> read(Node node, String path) {
        if (node instanceof ScalarNode && !Nodes.isNull(node)) {
            return scalars.text(node, path, EXPECTED_TIER).filter(text -> {
                if (text.strip().equals(UNLIMITED)) return true;
                problems.report(node, path, "expected " + EXPECTED_TIER + ", but found '" + text + "'");
                return false;
            }).map(text -> TierConfig.UNLIMITED);
        }
        return YamlMapping.read(node, path, EXPECTED_TIER, problems).flatMap(tier -> {
            tier.allowOnly(KEYS, problems);
            if (KEYS.stream().allMatch(key -> tier.get(key).isEmpty())) {
                // an empty tier is more likely a forgotten limit than a wish for none
                problems.report(node, path, "a tier needs 'requests', 'tokens', 'cost' or more; write 'unlimited' for a tier without limits");
                return Optional.empty();
            }
            return Optional.of(new TierConfig(
                    limits(tier, "requests", this::limit, limit -> limit.rate().window()),
                    limits(tier, "tokens", this::limit, limit -> limit.rate().window()),
                    limits(tier, "cost", this::cost, CostLimitConfig::window)));
        });
    }

    /**
     * Reads one limit or a list of them. Two limits of one kind with the same window would count in
     * the same counter, so the second one is reported.
     */
    private <T> List<T> limits(YamlMapping tier, String key, BiFunction<Node, String, Optional<T>> reader,
            Function<T, Duration> window) {
        Optional<Node> value = tier.get(key);
        if (value.isEmpty()) return List.of();
        String path = tier.pathOf(key);
        if (!(value.get() instanceof SequenceNode sequence)) return reader.apply(value.get(), path).stream().toList();
        if (sequence.getValue().isEmpty()) {
            problems.report(sequence, path, "expected at least one limit in the list, such as [20/1m, 1000/1d]");
            return List.of();
        }
        List<T> limits = new ArrayList<>();
        Map<Duration, Node> windowsTaken = new HashMap<>();
        for (int i = 0; i < sequence.getValue().size(); i++) {
            Node element = sequence.getValue().get(i);
            String elementPath = path + "[" + i + "]";
            reader.apply(element, elementPath).ifPresent(limit -> {
                Node taken = windowsTaken.putIfAbsent(window.apply(limit), element);
                if (taken == null) {
                    limits.add(limit);
                    return;
                }
                Location first = problems.locationOf(taken);
                problems.report(element, elementPath, "another limit with the window " + Durations.format(window.apply(limit))
                        + " is already given at line " + first.line() + ", column " + first.column()
                        + "; both would count in the same counter, so keep one");
            });
        }
        return limits;
    }

    /** @return {@code 100/1h}, a sliding window, or {@code { rate: 100/1h, algorithm: token-bucket }} */
    private Optional<LimitConfig> limit(Node node, String path) {
        if (node instanceof ScalarNode) return scalars.rate(node, path).map(LimitConfig::slidingWindow);
        return YamlMapping.read(node, path, EXPECTED_LIMIT, problems).flatMap(limit -> {
            limit.allowOnly(LIMIT_KEYS, problems);
            Optional<Node> rateNode = limit.get("rate");
            if (rateNode.isEmpty()) problems.report(node, path, "'rate' is required: a rate such as 100/1h");
            Optional<Rate> rate = rateNode.flatMap(value -> scalars.rate(value, limit.pathOf("rate")));
            Optional<LimitAlgorithm> algorithm = limit.get("algorithm").isPresent()
                    ? algorithm(limit.get("algorithm").get(), limit.pathOf("algorithm"))
                    : Optional.of(LimitAlgorithm.SLIDING_WINDOW);
            return rate.flatMap(limitRate -> algorithm.map(limitAlgorithm -> new LimitConfig(limitRate, limitAlgorithm)));
        });
    }

    private Optional<LimitAlgorithm> algorithm(Node node, String path) {
        List<String> names = Arrays.stream(LimitAlgorithm.values()).map(LimitAlgorithm::yamlName).toList();
        return scalars.name(node, path, "one of " + String.join(", ", names)).flatMap(name -> {
            Optional<LimitAlgorithm> algorithm = LimitAlgorithm.named(name);
            if (algorithm.isEmpty()) problems.report(node, path, "unknown algorithm '" + name + "'; " + Suggestions.hint(name, names));
            return algorithm;
        });
    }

    private Optional<CostLimitConfig> cost(Node node, String path) {
        return scalars.text(node, path, CostRate.EXPECTED).flatMap(text -> {
            try {
                return Optional.of(CostRate.parse(text));
            } catch (IllegalArgumentException e) {
                problems.report(node, path, e.getMessage());
                return Optional.empty();
            }
        });
    }
}
