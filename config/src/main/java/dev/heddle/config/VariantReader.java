package dev.heddle.config;

import dev.heddle.config.ExperimentConfig.VariantConfig;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Reads an experiment's {@code variants:}: two or more, each with a unique name, a weight, and what
 * it changes: {@code model}, {@code quotaTier}, and {@code rule}, options written over those of
 * each rule the experiment applies to.
 */
final class VariantReader {

    static final String EXPECTED_VARIANTS = "a list of at least two variants, the first of them the control, such as"
            + " [{ name: control }, { name: mini, model: gpt-4o-mini }]";
    private static final List<String> KEYS = List.of("name", "weight", "model", "quotaTier", "rule");
    /** What says which rule a rule is, and whether it is on: a variant changes what a rule does, not which rule it is. */
    private static final List<String> RULE_IDENTITY_KEYS = List.of("name", "enabled", "match", "preset");
    private static final List<String> RULE_KEYS = RuleReader.KEYS.stream().filter(key -> !RULE_IDENTITY_KEYS.contains(key)).toList();
    /** How far the weights' sum may be from 1, so that thirds can be written 0.333. */
    private static final double WEIGHT_TOLERANCE = 0.001;
    private static final String EXPECTED_VARIANT = "a variant, a mapping such as { name: mini, weight: 0.5, model: gpt-4o-mini }";
    private static final String EXPECTED_RULE = "a mapping of rule options such as { cache: false, retry: { maxAttempts: 2 } }";

    /** A variant as read, before the weights of all variants are judged together. */
    private record Read(YamlMapping mapping, Optional<String> name, Optional<Double> weight, Optional<String> model,
            Optional<String> quotaTier, Map<String, RuleConfig> ruleOverrides) {
    }

    private final Problems problems;
    private final Scalars scalars;
    private final RuleReader ruleReader;
    private final Map<String, YamlMapping> rules;
    private final List<String> quotaNames;
    private final KnownNames tiers;

    /**
     * @param ruleReader the reader that has read {@code rules:}; it reads each rule again as a variant changes it
     * @param quotaNames every name under {@code quotas:}, which a variant's rule's {@code quota} must be one of
     * @param tiers the quota tiers, which a variant's {@code quotaTier} must be one of
     */
    VariantReader(Problems problems, Scalars scalars, RuleReader ruleReader, List<String> quotaNames, KnownNames tiers) {
        this.problems = problems;
        this.scalars = scalars;
        this.ruleReader = ruleReader;
        this.rules = ruleReader.written();
        this.quotaNames = quotaNames;
        this.tiers = tiers;
    }

    /**
     * @param targets the names of the rules the experiment applies to; empty when there are no rules,
     *     or when the experiment names only rules that do not exist, which has been reported
     * @return the variants, in file order; empty when any has a problem, which is reported
     */
    Optional<List<VariantConfig>> read(Node node, String path, List<String> targets) {
        if (!(node instanceof SequenceNode sequence)) {
            problems.report(node, path, "expected " + EXPECTED_VARIANTS + ", but found " + Nodes.describe(node));
            return Optional.empty();
        }
        List<Read> variants = new ArrayList<>();
        Map<String, Node> namesTaken = new HashMap<>();
        List<Node> items = sequence.getValue();
        for (int i = 0; i < items.size(); i++) {
            YamlMapping.read(items.get(i), path + "[" + i + "]", EXPECTED_VARIANT, problems)
                    .map(variant -> variant(variant.allowOnly(KEYS, problems), targets, namesTaken)).ifPresent(variants::add);
        }
        if (items.size() < 2) {
            problems.report(node, path, "expected " + EXPECTED_VARIANTS + ", but found " + (items.isEmpty() ? "none" : "only one"));
            return Optional.empty();
        }
        Optional<double[]> weights = weights(variants, node, path);
        if (weights.isEmpty() || variants.size() < items.size() || variants.stream().anyMatch(variant -> variant.name().isEmpty())) {
            return Optional.empty();
        }
        List<VariantConfig> configs = new ArrayList<>();
        for (int i = 0; i < variants.size(); i++) {
            Read variant = variants.get(i);
            configs.add(new VariantConfig(variant.name().orElseThrow(), weights.get()[i], variant.model(), variant.quotaTier(),
                    variant.ruleOverrides()));
        }
        return Optional.of(configs);
    }

    private Read variant(YamlMapping variant, List<String> targets, Map<String, Node> namesTaken) {
        Optional<String> name = name(variant, namesTaken);
        Optional<Double> weight = variant.get("weight").flatMap(value -> scalars.share(value, variant.pathOf("weight")));
        Optional<String> model = variant.get("model")
                .flatMap(value -> scalars.name(value, variant.pathOf("model"), "a model name such as gpt-4o-mini"));
        // with no targets because the experiment's rule names are wrong, that is the problem to fix first
        boolean unresolved = targets.isEmpty() && !rules.isEmpty();
        if (model.isPresent() && !unresolved && targets.stream().noneMatch(rule -> rules.get(rule).get("preset").isPresent())) {
            problems.report(variant.get("model").orElseThrow(), variant.pathOf("model"), "'model' asks a preset to change the"
                    + " request's model, but none of the experiment's rules has a preset" + (targets.isEmpty() ? "" : " ("
                    + String.join(", ", targets) + ")"));
        }
        Optional<String> quotaTier = variant.get("quotaTier").flatMap(value -> tiers.read(value, variant.pathOf("quotaTier")));
        Map<String, RuleConfig> ruleOverrides = variant.get("rule")
                .map(value -> ruleOverrides(value, variant.pathOf("rule"), targets)).orElse(Map.of());
        return new Read(variant, name, weight, model, quotaTier, ruleOverrides);
    }

    private Optional<String> name(YamlMapping variant, Map<String, Node> namesTaken) {
        Optional<Node> node = variant.get("name");
        if (node.isEmpty()) {
            problems.report(variant.node(), variant.path(), "'name' is required: every variant needs a name, unique in its experiment");
            return Optional.empty();
        }
        return scalars.name(node.get(), variant.pathOf("name"), "a variant name").filter(name -> {
            Node taken = namesTaken.putIfAbsent(name, node.get());
            if (taken == null) return true;
            Location first = problems.locationOf(taken);
            problems.report(node.get(), variant.pathOf("name"), "the variant name '" + name + "' is already used at line "
                    + first.line() + ", column " + first.column() + "; variant names must be unique in an experiment");
            return false;
        });
    }

    /** @return each variant's weight: all equal when no variant gives one; empty when they have problems, which are reported */
    private Optional<double[]> weights(List<Read> variants, Node node, String path) {
        List<Read> unweighted = variants.stream().filter(variant -> variant.mapping().get("weight").isEmpty()).toList();
        if (unweighted.size() == variants.size()) {
            double[] equal = new double[variants.size()];
            Arrays.fill(equal, 1.0 / variants.size());
            return Optional.of(equal);
        }
        for (Read variant : unweighted) {
            problems.report(variant.mapping().node(), variant.mapping().path(), "'weight' is required when another variant"
                    + " of the experiment gives one; give every variant a weight, or none for equal shares");
        }
        if (!unweighted.isEmpty() || variants.stream().anyMatch(variant -> variant.weight().isEmpty())) return Optional.empty();
        double[] weights = variants.stream().mapToDouble(variant -> variant.weight().orElseThrow()).toArray();
        double sum = Arrays.stream(weights).sum();
        if (Math.abs(sum - 1) > WEIGHT_TOLERANCE) {
            problems.report(node, path, "the weights of the variants must sum to 1, but they sum to "
                    + BigDecimal.valueOf(sum).setScale(6, RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString());
            return Optional.empty();
        }
        return Optional.of(weights);
    }

    /** @return by rule name, each rule the experiment applies to with the variant's options written over its own */
    private Map<String, RuleConfig> ruleOverrides(Node node, String path, List<String> targets) {
        Optional<YamlMapping> read = YamlMapping.read(node, path, EXPECTED_RULE, problems);
        if (read.isEmpty()) return Map.of();
        List<YamlMapping.Entry> changes = new ArrayList<>();
        for (YamlMapping.Entry change : read.get().entries()) {
            if (RULE_IDENTITY_KEYS.contains(change.key())) {
                problems.report(change.keyNode(), path, "'" + change.key() + "' cannot be changed by a variant, which changes"
                        + " what a rule does, not which rule it is (name, match, preset) or whether it is on (enabled)");
            } else if (RULE_KEYS.contains(change.key())) {
                changes.add(change);
            } else {
                problems.report(change.keyNode(), path, "unknown key '" + change.key() + "'; " + Suggestions.hint(change.key(), RULE_KEYS));
            }
        }
        if (changes.isEmpty()) return Map.of();
        if (rules.isEmpty()) {
            // nothing to write the options over, so nothing would judge them either
            problems.report(node, path, "'rule' changes the rules the experiment applies to, but there are none;"
                    + " add one under 'rules:'");
            return Map.of();
        }
        Map<String, RuleConfig> overrides = new LinkedHashMap<>();
        for (String target : targets) {
            MappingNode merged = merged(rules.get(target), changes);
            // the rule's own keys were judged when the rule was read: only what the variant's keys bring is new
            problems.rereading(() -> ruleReader.readOne(merged, path, quotaNames)).ifPresent(rule -> overrides.put(target, rule));
        }
        return overrides;
    }

    /**
     * The rule's mapping with the variant's keys written over it, each replacing the rule's key of the
     * same name whole; a key with no value removes the rule's, so that {@code cache: null} means no
     * cache rather than a cache of defaults. The nodes keep their places in the file, so that a
     * problem is reported where its value is written.
     */
    private static MappingNode merged(YamlMapping rule, List<YamlMapping.Entry> changes) {
        Map<String, NodeTuple> tuples = new LinkedHashMap<>();
        for (YamlMapping.Entry own : rule.entries()) {
            tuples.put(own.key(), new NodeTuple(own.keyNode(), own.value()));
        }
        for (YamlMapping.Entry change : changes) {
            if (Nodes.isNull(change.value())) {
                tuples.remove(change.key());
            } else {
                tuples.put(change.key(), new NodeTuple(change.keyNode(), change.value()));
            }
        }
        Node ruleNode = rule.node();
        return new MappingNode(Tag.MAP, true, new ArrayList<>(tuples.values()), FlowStyle.AUTO, ruleNode.getStartMark(),
                ruleNode.getEndMark());
    }
}
