package dev.heddle.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/** Reads {@code rules:}, the list of rules, each with a unique name. */
final class RuleReader {

    /** Every key a rule may have. */
    static final List<String> KEYS =
            List.of("name", "enabled", "match", "preset", "cache", "quota", "user", "retry", "circuitBreaker", "timeout", "bulkhead",
                    "fallback", "track");
    private static final String EXPECTED_RULES = "a list of rules, each starting with '- name:'";
    private static final String EXPECTED_RULE = "a rule, a mapping such as { name: support-bot, preset: openai-java }";

    private final Problems problems;
    private final Scalars scalars;
    private final MatchReader matchReader;
    private final CacheReader cacheReader;
    private final PolicyReader policyReader;
    private final UserReader userReader;
    private final Map<String, YamlMapping> written = new LinkedHashMap<>();

    RuleReader(Problems problems, Scalars scalars) {
        this.problems = problems;
        this.scalars = scalars;
        this.matchReader = new MatchReader(problems, scalars);
        this.cacheReader = new CacheReader(problems, scalars);
        this.policyReader = new PolicyReader(problems, scalars);
        this.userReader = new UserReader(problems, scalars);
    }

    /**
     * Reads the rules; afterwards {@link #written()} holds each rule as written.
     *
     * @param quotaNames every name under {@code quotas:}, which a rule's {@code quota} must be one of
     * @return the rules without problems, in file order
     */
    List<RuleConfig> read(Node node, String path, List<String> quotaNames) {
        if (Nodes.isNull(node)) return List.of();
        if (!(node instanceof SequenceNode sequence)) {
            problems.report(node, path, "expected " + EXPECTED_RULES + ", but found " + Nodes.describe(node));
            return List.of();
        }
        List<RuleConfig> rules = new ArrayList<>();
        List<Node> items = sequence.getValue();
        for (int i = 0; i < items.size(); i++) {
            rule(items.get(i), path + "[" + i + "]", quotaNames, written).ifPresent(rules::add);
        }
        return rules;
    }

    /**
     * @return by name, in file order, every rule read whose name is valid and unique, as written:
     *     what experiments refer to and change, whether or not the rule has other problems
     */
    Map<String, YamlMapping> written() {
        return Collections.unmodifiableMap(written);
    }

    /**
     * Reads one rule that is not part of {@code rules:}, such as a rule as an experiment's variant
     * changes it; its name is not checked against the names of the rules.
     *
     * @param path where problems found in it are reported, such as {@code experiments[0].variants[1].rule}
     * @return the rule; empty when it has problems, which are reported
     */
    Optional<RuleConfig> readOne(MappingNode node, String path, List<String> quotaNames) {
        return rule(node, path, quotaNames, new HashMap<>());
    }

    private Optional<RuleConfig> rule(Node node, String path, List<String> quotaNames, Map<String, YamlMapping> namesTaken) {
        Optional<YamlMapping> read = YamlMapping.read(node, path, EXPECTED_RULE, problems);
        if (read.isEmpty()) return Optional.empty();
        YamlMapping rule = read.get().allowOnly(KEYS, problems);
        Optional<String> name = name(rule, namesTaken);
        boolean enabled = rule.get("enabled").flatMap(value -> scalars.bool(value, rule.pathOf("enabled"))).orElse(true);
        if (rule.get("match").isEmpty() && rule.get("preset").isEmpty()) {
            problems.report(node, path, "a rule needs 'match', 'preset' or both, to say which methods it weaves");
        }
        Optional<MatchConfig> match = rule.get("match").flatMap(value -> matchReader.read(value, rule.pathOf("match")));
        Optional<String> preset = rule.get("preset")
                .flatMap(value -> scalars.name(value, rule.pathOf("preset"), "a preset name such as openai-java"));
        Optional<CacheConfig> cache = rule.get("cache").flatMap(value -> cacheReader.read(value, rule.pathOf("cache")));
        Optional<String> quota = rule.get("quota").flatMap(value -> quota(value, rule.pathOf("quota"), quotaNames));
        Optional<UserConfig> user = rule.get("user").flatMap(value -> userReader.read(value, rule.pathOf("user")));
        Optional<RetryConfig> retry = rule.get("retry").flatMap(value -> policyReader.retry(value, rule.pathOf("retry")));
        Optional<CircuitBreakerConfig> circuitBreaker = rule.get("circuitBreaker")
                .flatMap(value -> policyReader.circuitBreaker(value, rule.pathOf("circuitBreaker")));
        Optional<Duration> timeout = rule.get("timeout")
                .flatMap(value -> scalars.positiveDuration(value, rule.pathOf("timeout")));
        Optional<BulkheadConfig> bulkhead = rule.get("bulkhead")
                .flatMap(value -> policyReader.bulkhead(value, rule.pathOf("bulkhead")));
        Optional<FallbackConfig> fallback = rule.get("fallback").flatMap(value -> policyReader.fallback(value,
                rule.pathOf("fallback"), rule.get("cache").isPresent(), rule.get("preset").isPresent()));
        Optional<TrackConfig> track = rule.get("track").flatMap(value -> policyReader.track(value, rule.pathOf("track")));
        return name.map(ruleName -> new RuleConfig(ruleName, enabled, match, preset, cache, quota, user, retry, circuitBreaker,
                timeout, bulkhead, fallback, track, problems.locationOf(node)));
    }

    private Optional<String> name(YamlMapping rule, Map<String, YamlMapping> namesTaken) {
        Optional<Node> node = rule.get("name");
        if (node.isEmpty()) {
            problems.report(rule.node(), rule.path(), "'name' is required: every rule needs a unique name");
            return Optional.empty();
        }
        return scalars.name(node.get(), rule.pathOf("name"), "a rule name").filter(name -> {
            YamlMapping taken = namesTaken.putIfAbsent(name, rule);
            if (taken == null) return true;
            Location first = problems.locationOf(taken.get("name").orElseThrow());
            problems.report(node.get(), rule.pathOf("name"), "the rule name '" + name + "' is already used at line "
                    + first.line() + ", column " + first.column() + "; rule names must be unique");
            return false;
        });
    }

    private Optional<String> quota(Node node, String path, List<String> quotaNames) {
        return scalars.name(node, path, "the name of an entry under 'quotas:'").filter(quota -> {
            if (quotaNames.contains(quota)) return true;
            String hint = quotaNames.isEmpty() ? "no quotas are defined; add one under 'quotas:'" : Suggestions.hint(quota, quotaNames);
            problems.report(node, path, "unknown quota '" + quota + "'; " + hint);
            return false;
        });
    }
}
