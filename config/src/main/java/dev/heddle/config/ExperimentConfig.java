package dev.heddle.config;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An A/B experiment: which users take part, the variants they are split into, and what each
 * variant changes about the calls of the rules it applies to.
 *
 * <pre>{@code
 * experiments:
 *   - name: cheaper-model
 *     coverage: 0.5                 # half the users take part
 *     population: { tiers: [free] } # only users of these quota tiers
 *     rules: [openai]               # the rules it changes; all rules when left out
 *     variants:
 *       - { name: control, weight: 0.5 }
 *       - { name: mini, weight: 0.5, model: gpt-4o-mini, rule: { cache: false } }
 * }</pre>
 *
 * @param name the experiment's name: its key in events and on spans, and {@code Heddle.variant(name)}
 * @param seed the hashing seed (GrowthBook's {@code seed}); the name when not written. A new seed reshuffles users
 * @param coverage the share of the population that takes part, from 0 to 1
 * @param tiers the quota tiers whose users take part; empty for every user
 * @param rules the names of the rules it changes; empty for every rule
 * @param variants two or more variants, in file order; the first is the control
 * @param enabled false stops the experiment: no one is assigned, nothing changes
 * @param location where it is written
 */
public record ExperimentConfig(String name, String seed, double coverage, List<String> tiers, List<String> rules,
        List<VariantConfig> variants, boolean enabled, Location location) {

    public ExperimentConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(seed, "seed");
        Objects.requireNonNull(location, "location");
        tiers = List.copyOf(tiers);
        rules = List.copyOf(rules);
        variants = List.copyOf(variants);
        if (coverage < 0 || coverage > 1) throw new IllegalArgumentException("coverage must be from 0 to 1, but was " + coverage);
    }

    /** @return the variants' weights, in order */
    public double[] weights() {
        return variants.stream().mapToDouble(VariantConfig::weight).toArray();
    }

    /**
     * @param rule a rule's name
     * @return whether this experiment changes that rule's calls
     */
    public boolean appliesTo(String rule) {
        return rules.isEmpty() || rules.contains(rule);
    }

    /**
     * One variant of an experiment.
     *
     * @param name the variant's name, unique in its experiment
     * @param weight its share of the experiment's users; the weights of an experiment sum to 1
     * @param model the model its calls ask for instead of the request's own (preset rules only)
     * @param quotaTier the quota tier its users get instead of their own
     * @param ruleOverrides for each rule the experiment applies to whose options this variant
     *     changes ({@code rule: { cache: false }}): that rule as the variant sees it, the variant's
     *     keys written over the rule's own
     */
    public record VariantConfig(String name, double weight, Optional<String> model, Optional<String> quotaTier,
            Map<String, RuleConfig> ruleOverrides) {

        public VariantConfig {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(quotaTier, "quotaTier");
            ruleOverrides = Map.copyOf(ruleOverrides);
            if (weight < 0) throw new IllegalArgumentException("weight must not be negative, but was " + weight);
        }

        /** @return whether it changes anything about a call */
        public boolean changesCalls() {
            return model.isPresent() || quotaTier.isPresent() || !ruleOverrides.isEmpty();
        }
    }
}
