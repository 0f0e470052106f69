package dev.heddle.config;

import dev.heddle.config.ExperimentConfig.VariantConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads {@code experiments:}, the list of A/B experiments, each with a unique name: who takes part
 * ({@code coverage}, {@code population}), which rules it changes, and its variants.
 */
final class ExperimentReader {

    private static final List<String> KEYS = List.of("name", "seed", "coverage", "population", "rules", "enabled", "variants");
    private static final List<String> POPULATION_KEYS = List.of("tiers");
    private static final String ALL = "all";
    private static final String EXPECTED_EXPERIMENTS = "a list of experiments, each starting with '- name:'";
    private static final String EXPECTED_EXPERIMENT = "an experiment, a mapping such as"
            + " { name: cheaper-model, variants: [{ name: control }, { name: mini, model: gpt-4o-mini }] }";
    private static final String EXPECTED_POPULATION = "all, or a mapping such as { tiers: [free] }";

    private final Problems problems;
    private final Scalars scalars;
    private final List<String> ruleNames;
    private final KnownNames rules;
    private final KnownNames tiers;
    private final VariantReader variantReader;

    /**
     * @param ruleReader the reader that has read {@code rules:}, whose rules the experiments refer to and change
     * @param quotaNames every name under {@code quotas:}
     * @param tierNames every tier name of every quota
     */
    ExperimentReader(Problems problems, Scalars scalars, RuleReader ruleReader, List<String> quotaNames, List<String> tierNames) {
        this.problems = problems;
        this.scalars = scalars;
        this.ruleNames = List.copyOf(ruleReader.written().keySet());
        this.rules = new KnownNames(problems, scalars, "rule", ruleNames, "add one under 'rules:'");
        this.tiers = new KnownNames(problems, scalars, "tier", tierNames, "add a quota with tiers under 'quotas:'");
        this.variantReader = new VariantReader(problems, scalars, ruleReader, quotaNames, tiers);
    }

    /** @return the experiments without problems, in file order */
    List<ExperimentConfig> read(Node node, String path) {
        if (Nodes.isNull(node)) return List.of();
        if (!(node instanceof SequenceNode sequence)) {
            problems.report(node, path, "expected " + EXPECTED_EXPERIMENTS + ", but found " + Nodes.describe(node));
            return List.of();
        }
        List<ExperimentConfig> experiments = new ArrayList<>();
        Map<String, Node> namesTaken = new HashMap<>();
        List<Node> items = sequence.getValue();
        for (int i = 0; i < items.size(); i++) {
            experiment(items.get(i), path + "[" + i + "]", namesTaken).ifPresent(experiments::add);
        }
        return experiments;
    }

    private Optional<ExperimentConfig> experiment(Node node, String path, Map<String, Node> namesTaken) {
        Optional<YamlMapping> read = YamlMapping.read(node, path, EXPECTED_EXPERIMENT, problems);
        if (read.isEmpty()) return Optional.empty();
        YamlMapping experiment = read.get().allowOnly(KEYS, problems);
        Optional<String> name = name(experiment, namesTaken);
        Optional<String> seed = experiment.get("seed")
                .flatMap(value -> scalars.name(value, experiment.pathOf("seed"), "a seed such as cheaper-model-2"));
        double coverage = experiment.get("coverage").flatMap(value -> scalars.share(value, experiment.pathOf("coverage")))
                .orElse(1.0);
        List<String> population = experiment.get("population")
                .map(value -> population(value, experiment.pathOf("population"))).orElse(List.of());
        List<String> changed = experiment.get("rules")
                .map(value -> rules.readList(value, experiment.pathOf("rules"), "leave 'rules' out for every rule"))
                .orElse(List.of());
        List<String> targets = experiment.get("rules").isEmpty() ? ruleNames : changed;
        boolean enabled = experiment.get("enabled").flatMap(value -> scalars.bool(value, experiment.pathOf("enabled"))).orElse(true);
        Optional<Node> variantsNode = experiment.get("variants");
        if (variantsNode.isEmpty()) {
            problems.report(node, path, "'variants' is required: " + VariantReader.EXPECTED_VARIANTS);
        }
        Optional<List<VariantConfig>> variants = variantsNode
                .flatMap(value -> variantReader.read(value, experiment.pathOf("variants"), targets));
        return name.flatMap(experimentName -> variants.map(variantConfigs -> new ExperimentConfig(experimentName,
                seed.orElse(experimentName), coverage, population, changed, variantConfigs, enabled, problems.locationOf(node))));
    }

    private Optional<String> name(YamlMapping experiment, Map<String, Node> namesTaken) {
        Optional<Node> node = experiment.get("name");
        if (node.isEmpty()) {
            problems.report(experiment.node(), experiment.path(), "'name' is required: every experiment needs a unique name");
            return Optional.empty();
        }
        return scalars.name(node.get(), experiment.pathOf("name"), "an experiment name").filter(name -> {
            Node taken = namesTaken.putIfAbsent(name, node.get());
            if (taken == null) return true;
            Location first = problems.locationOf(taken);
            problems.report(node.get(), experiment.pathOf("name"), "the experiment name '" + name + "' is already used at line "
                    + first.line() + ", column " + first.column() + "; experiment names must be unique");
            return false;
        });
    }

    /** @return the tiers whose users take part; empty for every user */
    private List<String> population(Node node, String path) {
        if (node instanceof ScalarNode && !Nodes.isNull(node)) {
            scalars.name(node, path, EXPECTED_POPULATION).filter(text -> !text.equals(ALL))
                    .ifPresent(text -> problems.report(node, path, "expected " + EXPECTED_POPULATION + ", but found '" + text + "'"));
            return List.of();
        }
        return YamlMapping.read(node, path, EXPECTED_POPULATION, problems).map(population -> {
            population.allowOnly(POPULATION_KEYS, problems);
            Optional<Node> tierList = population.get("tiers");
            if (tierList.isEmpty()) {
                problems.report(population.node(), path, "'tiers' is required: a list of quota tiers such as [free];"
                        + " write population: all for every user");
                return List.<String>of();
            }
            return tiers.readList(tierList.get(), population.pathOf("tiers"), "write population: all for every user");
        }).orElse(List.of());
    }
}
