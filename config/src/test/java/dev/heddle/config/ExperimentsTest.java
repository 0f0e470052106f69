package dev.heddle.config;

import static dev.heddle.config.ParseFailures.at;
import static dev.heddle.config.ParseFailures.onlyProblem;
import static dev.heddle.config.ParseFailures.problems;
import static org.assertj.core.api.Assertions.assertThat;

import dev.heddle.config.ExperimentConfig.VariantConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExperimentsTest {

    /** Two rules and a quota with two tiers, for experiments to refer to; the experiments follow from line 13. */
    private static final String RULES_AND_QUOTAS = """
            rules:
              - name: openai
                preset: openai-java
                cache: { ttl: 1h }
                retry: { maxAttempts: 3, delay: 1s }
                quota: per-user
              - name: support-bot
                match: { type: com.example.SupportBot, method: answer }
                timeout: 30s
            quotas:
              per-user:
                tiers: { free: { requests: 100/1h }, pro: unlimited }
                default: free
            """;

    private static HeddleConfig parse(String experiments) throws ConfigException {
        return ConfigLoader.parse(RULES_AND_QUOTAS + experiments, "heddle.yaml", name -> null);
    }

    private static ExperimentConfig onlyExperiment(String experiments) throws ConfigException {
        List<ExperimentConfig> read = parse(experiments).experiments();
        assertThat(read).hasSize(1);
        return read.get(0);
    }

    private static List<ConfigProblem> problemsOf(String experiments) {
        return problems(RULES_AND_QUOTAS + experiments);
    }

    private static ConfigProblem onlyProblemOf(String experiments) {
        return onlyProblem(RULES_AND_QUOTAS + experiments);
    }

    private static RuleConfig rule(HeddleConfig config, String name) {
        return config.rules().stream().filter(rule -> rule.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void withoutExperimentsThereAreNone() throws ConfigException {
        assertThat(parse("").experiments()).isEmpty();
        assertThat(parse("experiments:\n").experiments()).isEmpty();
    }

    @Test
    void everyExperimentKeyIsRead() throws ConfigException {
        HeddleConfig config = parse("""
                experiments:
                  - name: cheaper-model
                    seed: cheaper-model-2
                    coverage: 0.5
                    population: { tiers: [free] }
                    rules: [openai]
                    enabled: false
                    variants:
                      - name: control
                        weight: 0.4
                      - name: mini
                        weight: 0.6
                        model: gpt-4o-mini
                        quotaTier: pro
                        rule:
                          cache: false
                """);

        ExperimentConfig experiment = config.experiments().get(0);
        RuleConfig openai = rule(config, "openai");
        RuleConfig openaiWithoutCache = new RuleConfig("openai", true, Optional.empty(), Optional.of("openai-java"),
                Optional.empty(), Optional.of("per-user"), Optional.empty(), openai.retry(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), new Location("heddle.yaml", 2, 5));
        assertThat(experiment).isEqualTo(new ExperimentConfig("cheaper-model", "cheaper-model-2", 0.5, List.of("free"),
                List.of("openai"), List.of(
                        new VariantConfig("control", 0.4, Optional.empty(), Optional.empty(), Map.of()),
                        new VariantConfig("mini", 0.6, Optional.of("gpt-4o-mini"), Optional.of("pro"),
                                Map.of("openai", openaiWithoutCache))),
                false, new Location("heddle.yaml", 15, 5)));
        assertThat(openai.cache()).as("the rule itself keeps its cache").isPresent();
    }

    @Test
    void anExperimentWithOnlyNamesTakesEveryDefault() throws ConfigException {
        ExperimentConfig experiment = onlyExperiment("experiments:\n  - { name: split, variants: [{ name: a }, { name: b }] }\n");

        assertThat(experiment).isEqualTo(new ExperimentConfig("split", "split", 1.0, List.of(), List.of(), List.of(
                new VariantConfig("a", 0.5, Optional.empty(), Optional.empty(), Map.of()),
                new VariantConfig("b", 0.5, Optional.empty(), Optional.empty(), Map.of())), true, new Location("heddle.yaml", 15, 5)));
        assertThat(experiment.appliesTo("openai")).isTrue();
        assertThat(experiment.variants()).noneMatch(VariantConfig::changesCalls);
    }

    @Test
    void variantsWithoutWeightsShareTheUsersEqually() throws ConfigException {
        ExperimentConfig experiment = onlyExperiment("experiments:\n  - { name: x, variants: [{ name: a }, { name: b }, { name: c }] }\n");

        assertThat(experiment.weights()).containsExactly(1.0 / 3, 1.0 / 3, 1.0 / 3);
    }

    @Test
    void weightsMayBeWrittenAsPercentagesAndRoundedThirds() throws ConfigException {
        assertThat(onlyExperiment("experiments:\n  - { name: x, variants: [{ name: a, weight: 25% }, { name: b, weight: '75%' }] }\n")
                .weights()).containsExactly(0.25, 0.75);
        assertThat(onlyExperiment("experiments:\n  - name: x\n    variants: [{ name: a, weight: 0.333 }, { name: b, weight: 0.333 },"
                + " { name: c, weight: 0.333 }]\n").weights()).containsExactly(0.333, 0.333, 0.333);
    }

    @ParameterizedTest
    @ValueSource(strings = {"50%", "0.5", "'50 %'"})
    void coverageIsAShareOrAPercentage(String coverage) throws ConfigException {
        assertThat(onlyExperiment("experiments:\n  - { name: x, coverage: " + coverage + ", variants: [{ name: a }, { name: b }] }\n")
                .coverage()).isEqualTo(0.5);
    }

    @Test
    void populationAllMeansEveryUser() throws ConfigException {
        assertThat(onlyExperiment("experiments:\n  - { name: x, population: all, variants: [{ name: a }, { name: b }] }\n").tiers())
                .isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.5", "'150%'", "-0.1", "half"})
    void aCoverageOutsideZeroToOneIsAnErrorAtTheValue(String coverage) {
        ConfigProblem problem = onlyProblemOf("experiments:\n  - { name: x, coverage: " + coverage
                + ", variants: [{ name: a }, { name: b }] }\n");

        assertThat(problem.location()).isEqualTo(at(15, 26));
        assertThat(problem.message()).startsWith("experiments[0].coverage: expected a number from 0 to 1 such as 0.5,"
                + " or a percentage such as 50%, but found '");
    }

    @Test
    void weightsThatDoNotSumToOneAreAnErrorThatGivesTheSum() {
        ConfigProblem problem = onlyProblemOf("""
                experiments:
                  - name: x
                    variants:
                      - { name: a, weight: 0.3 }
                      - { name: b, weight: 0.6 }
                """);

        assertThat(problem.location()).isEqualTo(at(17, 7));
        assertThat(problem.message()).isEqualTo("experiments[0].variants: the weights of the variants must sum to 1, but they sum to 0.9");
    }

    @Test
    void whenOneVariantGivesAWeightEveryVariantMust() {
        ConfigProblem problem = onlyProblemOf("""
                experiments:
                  - name: x
                    variants:
                      - { name: a, weight: 1 }
                      - { name: b }
                """);

        assertThat(problem.location()).isEqualTo(at(18, 9));
        assertThat(problem.message()).isEqualTo("experiments[0].variants[1]: 'weight' is required when another variant of the"
                + " experiment gives one; give every variant a weight, or none for equal shares");
    }

    @Test
    void anExperimentNeedsTwoVariants() {
        assertThat(onlyProblemOf("experiments:\n  - { name: x, variants: [{ name: only }] }\n")).isEqualTo(new ConfigProblem(at(15, 26),
                "experiments[0].variants: expected a list of at least two variants, the first of them the control, such as"
                        + " [{ name: control }, { name: mini, model: gpt-4o-mini }], but found only one"));
        assertThat(onlyProblemOf("experiments:\n  - { name: x }\n")).isEqualTo(new ConfigProblem(at(15, 5),
                "experiments[0]: 'variants' is required: a list of at least two variants, the first of them the control, such as"
                        + " [{ name: control }, { name: mini, model: gpt-4o-mini }]"));
    }

    @Test
    void experimentAndVariantNamesAreRequiredAndUnique() {
        assertThat(problemsOf("""
                experiments:
                  - { name: x, variants: [{ name: a }, { name: a }] }
                  - { name: x, variants: [{ weight: 0.5 }, { name: b, weight: 0.5 }] }
                  - { variants: [{ name: a }, { name: b }] }
                """)).containsExactly(
                new ConfigProblem(at(15, 48), "experiments[0].variants[1].name: the variant name 'a' is already used at line 15,"
                        + " column 35; variant names must be unique in an experiment"),
                new ConfigProblem(at(16, 13), "experiments[1].name: the experiment name 'x' is already used at line 15, column 13;"
                        + " experiment names must be unique"),
                new ConfigProblem(at(16, 27), "experiments[1].variants[0]: 'name' is required: every variant needs a name, unique in"
                        + " its experiment"),
                new ConfigProblem(at(17, 5), "experiments[2]: 'name' is required: every experiment needs a unique name"));
    }

    @Test
    void anUnknownRuleIsAnErrorWithASuggestion() {
        ConfigProblem problem = onlyProblemOf("experiments:\n  - { name: x, rules: [openai, support-bto], variants: [{ name: a }, { name: b }] }\n");

        assertThat(problem.location()).isEqualTo(at(15, 32));
        assertThat(problem.message()).isEqualTo("experiments[0].rules[1]: unknown rule 'support-bto'; did you mean 'support-bot'?");
    }

    @Test
    void aRuleListedTwiceIsAnError() {
        ConfigProblem problem = onlyProblemOf("experiments:\n  - { name: x, rules: [openai, openai], variants: [{ name: a }, { name: b }] }\n");

        assertThat(problem.location()).isEqualTo(at(15, 32));
        assertThat(problem.message()).isEqualTo("experiments[0].rules[1]: the rule 'openai' is already listed at line 15, column 24");
    }

    @Test
    void anUnknownTierIsAnErrorWithASuggestion() {
        assertThat(problemsOf("""
                experiments:
                  - name: x
                    population: { tiers: [fre] }
                    variants: [{ name: a }, { name: b, quotaTier: gold }]
                """)).containsExactly(
                new ConfigProblem(at(16, 27), "experiments[0].population.tiers[0]: unknown tier 'fre'; did you mean 'free'?"),
                new ConfigProblem(at(17, 51), "experiments[0].variants[1].quotaTier: unknown tier 'gold'; expected one of: free, pro"));
    }

    @Test
    void aTierWithoutAnyQuotaIsAnErrorThatSaysWhereTiersComeFrom() {
        ConfigProblem problem = onlyProblem("experiments:\n  - { name: x, population: { tiers: [free] }, variants: [{ name: a }, { name: b }] }\n");

        assertThat(problem.location()).isEqualTo(at(2, 38));
        assertThat(problem.message()).isEqualTo("experiments[0].population.tiers[0]: unknown tier 'free'; no tiers are defined;"
                + " add a quota with tiers under 'quotas:'");
    }

    @Test
    void aTierOfAQuotaWithProblemsIsStillKnown() {
        ConfigProblem problem = onlyProblem("""
                quotas:
                  per-user:
                    tiers: { free: { requests: 100/1h }, pro: unlimited }
                experiments:
                  - { name: x, population: { tiers: [pro] }, variants: [{ name: a }, { name: b }] }
                """);

        assertThat(problem.message()).as("only the quota's own problem").startsWith("quotas.per-user: 'default' is required");
    }

    @Test
    void emptyListsAndAnEmptyPopulationAreErrorsThatSayWhatToWriteInstead() {
        assertThat(problemsOf("""
                experiments:
                  - name: x
                    rules: []
                    population: {}
                    variants: [{ name: a }, { name: b }]
                """)).containsExactly(
                new ConfigProblem(at(16, 12), "experiments[0].rules: expected at least one rule name; leave 'rules' out for every rule"),
                new ConfigProblem(at(17, 17), "experiments[0].population: 'tiers' is required: a list of quota tiers such as [free];"
                        + " write population: all for every user"));
    }

    @Test
    void aPopulationOtherThanAllOrTiersIsAnError() {
        ConfigProblem problem = onlyProblemOf("experiments:\n  - { name: x, population: everyone, variants: [{ name: a }, { name: b }] }\n");

        assertThat(problem.location()).isEqualTo(at(15, 28));
        assertThat(problem.message()).isEqualTo("experiments[0].population: expected all, or a mapping such as { tiers: [free] },"
                + " but found 'everyone'");
    }

    @Test
    void aModelNeedsOneOfTheExperimentsRulesToHaveAPreset() throws ConfigException {
        ConfigProblem problem = onlyProblemOf("""
                experiments:
                  - name: x
                    rules: [support-bot]
                    variants: [{ name: a }, { name: b, model: gpt-4o-mini }]
                """);

        assertThat(problem.location()).isEqualTo(at(17, 47));
        assertThat(problem.message()).isEqualTo("experiments[0].variants[1].model: 'model' asks a preset to change the request's"
                + " model, but none of the experiment's rules has a preset (support-bot)");
        assertThat(onlyExperiment("experiments:\n  - { name: x, variants: [{ name: a }, { name: b, model: gpt-4o-mini }] }\n")
                .variants().get(1).model()).as("every rule, openai among them").contains("gpt-4o-mini");
    }

    @Test
    void anExperimentThatNamesOnlyUnknownRulesReportsJustTheNames() {
        ConfigProblem problem = onlyProblemOf("experiments:\n  - { name: x, rules: [opneai], variants: [{ name: a },"
                + " { name: b, model: gpt-4o-mini, rule: { cache: { ttl: 0s } } }] }\n");

        assertThat(problem.message()).isEqualTo("experiments[0].rules[0]: unknown rule 'opneai'; did you mean 'openai'?");
    }

    @Test
    void aVariantsRuleWithoutAnyRuleToChangeIsAnError() {
        ConfigProblem problem = onlyProblem("experiments:\n  - { name: x, variants: [{ name: a }, { name: b, rule: { cache: false } }] }\n");

        assertThat(problem.location()).isEqualTo(at(2, 57));
        assertThat(problem.message()).isEqualTo("experiments[0].variants[1].rule: 'rule' changes the rules the experiment applies to,"
                + " but there are none; add one under 'rules:'");
    }

    @Test
    void anUnknownExperimentOrVariantKeyIsAnErrorWithASuggestion() {
        assertThat(problemsOf("""
                experiments:
                  - name: x
                    coverge: 1
                    variants: [{ name: a }, { name: b, modle: gpt-4o-mini }]
                """)).containsExactly(
                new ConfigProblem(at(16, 5), "experiments[0]: unknown key 'coverge'; did you mean 'coverage'?"),
                new ConfigProblem(at(17, 40), "experiments[0].variants[1]: unknown key 'modle'; did you mean 'model'?"));
    }

    @Test
    void experimentsThatAreNotAListAreAnError() {
        ConfigProblem problem = onlyProblemOf("experiments:\n  name: x\n");

        assertThat(problem.location()).isEqualTo(at(15, 3));
        assertThat(problem.message()).isEqualTo("experiments: expected a list of experiments, each starting with '- name:',"
                + " but found a mapping");
    }

    @Test
    void aVariantsRuleOptionsReplaceTheRulesWholeKeysForEveryRuleTheExperimentAppliesTo() throws ConfigException {
        HeddleConfig config = parse("""
                experiments:
                  - name: resilience
                    variants:
                      - name: control
                      - name: patient
                        rule: { retry: { maxAttempts: 5 }, timeout: 1m }
                """);

        Map<String, RuleConfig> overrides = config.experiments().get(0).variants().get(1).ruleOverrides();
        assertThat(overrides).containsOnlyKeys("openai", "support-bot");
        RuleConfig openai = overrides.get("openai");
        assertThat(openai.retry()).as("the whole retry is the variant's: delay is back to its default")
                .contains(new RetryConfig(5, RetryConfig.DEFAULTS.delay(), RetryConfig.DEFAULTS.maxDelay()));
        assertThat(openai.timeout()).contains(Duration.ofMinutes(1));
        assertThat(openai.cache()).isEqualTo(rule(config, "openai").cache());
        assertThat(openai.quota()).contains("per-user");
        assertThat(overrides.get("support-bot").match()).isEqualTo(rule(config, "support-bot").match());
        assertThat(overrides.get("support-bot").timeout()).contains(Duration.ofMinutes(1));
        assertThat(config.experiments().get(0).variants().get(0).ruleOverrides()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"false", "null", "~", "''"})
    void aVariantsCacheFalseOrNoValueRemovesTheRulesCache(String cache) throws ConfigException {
        String written = cache.equals("''") ? "" : cache;
        ExperimentConfig experiment = onlyExperiment("experiments:\n  - name: x\n    rules: [openai]\n    variants:\n"
                + "      - name: a\n      - name: b\n        rule:\n          cache: " + written + "\n");

        RuleConfig openai = experiment.variants().get(1).ruleOverrides().get("openai");
        assertThat(openai.cache()).isEmpty();
        assertThat(openai.retry()).contains(new RetryConfig(3, Duration.ofSeconds(1), RetryConfig.DEFAULTS.maxDelay()));
    }

    @Test
    void aVariantWithAnEmptyRuleChangesNoRule() throws ConfigException {
        ExperimentConfig experiment = onlyExperiment("experiments:\n  - { name: x, variants: [{ name: a }, { name: b, rule: {} }] }\n");

        assertThat(experiment.variants().get(1).ruleOverrides()).isEmpty();
    }

    @Test
    void aProblemInAVariantsRuleIsReportedOnceWhereTheVariantWritesIt() {
        ConfigProblem problem = onlyProblemOf("""
                experiments:
                  - name: x
                    variants:
                      - name: a
                      - name: b
                        rule:
                          cache: { ttl: 0s }
                """);

        assertThat(problem.location()).isEqualTo(at(20, 25));
        assertThat(problem.message()).isEqualTo("experiments[0].variants[1].rule.cache.ttl: expected a positive duration such as"
                + " 30s, but found 0s");
    }

    @Test
    void aProblemInTheRuleItselfIsReportedOnceAsTheRules() {
        ConfigProblem problem = onlyProblem("""
                rules:
                  - { name: bot, preset: openai-java, timeout: 0s, cache: true }
                experiments:
                  - { name: x, variants: [{ name: a }, { name: b, rule: { cache: false } }, { name: c, rule: { retry: {} } }] }
                """);

        assertThat(problem.location()).isEqualTo(at(2, 48));
        assertThat(problem.message()).isEqualTo("rules[0].timeout: expected a positive duration such as 30s, but found 0s");
    }

    @Test
    void aProblemThatOnlyTheVariantCausesIsReportedUnderTheVariantsPath() {
        ConfigProblem problem = onlyProblem("""
                rules:
                  - name: bot
                    preset: openai-java
                    cache: { ttl: 1h }
                    fallback: { staleFor: 1d }
                experiments:
                  - { name: x, variants: [{ name: a }, { name: b, rule: { cache: null } }] }
                """);

        assertThat(problem.location()).isEqualTo(at(5, 27));
        assertThat(problem.message()).isEqualTo("experiments[0].variants[1].rule.fallback.staleFor: 'staleFor' answers from the"
                + " rule's cache, but the rule has none; add cache: { ttl: 1h }");
    }

    @Test
    void aVariantsRuleMayNameOnlyKnownQuotas() {
        ConfigProblem problem = onlyProblemOf("experiments:\n  - { name: x, variants: [{ name: a }, { name: b, rule: { quota: per-usr } }] }\n");

        assertThat(problem.location()).isEqualTo(at(15, 66));
        assertThat(problem.message()).isEqualTo("experiments[0].variants[1].rule.quota: unknown quota 'per-usr'; did you mean 'per-user'?");
    }

    @Test
    void aVariantCannotChangeWhichRuleARuleIsOrWhetherItIsOn() {
        List<ConfigProblem> found = problemsOf("""
                experiments:
                  - name: x
                    variants:
                      - name: a
                      - name: b
                        rule: { name: other, enabled: false, match: { type: a.B, method: c }, preset: langchain4j }
                """);

        assertThat(found).extracting(ConfigProblem::location).containsExactly(at(19, 17), at(19, 30), at(19, 46), at(19, 79));
        assertThat(found.get(2).message()).isEqualTo("experiments[0].variants[1].rule: 'match' cannot be changed by a variant,"
                + " which changes what a rule does, not which rule it is (name, match, preset) or whether it is on (enabled)");
    }

    @Test
    void anUnknownKeyInAVariantsRuleIsAnErrorWithASuggestionAmongTheKeysAVariantMayChange() {
        ConfigProblem problem = onlyProblemOf("experiments:\n  - { name: x, variants: [{ name: a }, { name: b, rule: { cahce: false } }] }\n");

        assertThat(problem.location()).isEqualTo(at(15, 59));
        assertThat(problem.message()).isEqualTo("experiments[0].variants[1].rule: unknown key 'cahce'; did you mean 'cache'?");
    }

    @Test
    void aVariantsRuleThatIsNotAMappingIsAnError() {
        ConfigProblem problem = onlyProblemOf("experiments:\n  - { name: x, variants: [{ name: a }, { name: b, rule: openai }] }\n");

        assertThat(problem.location()).isEqualTo(at(15, 57));
        assertThat(problem.message()).isEqualTo("experiments[0].variants[1].rule: expected a mapping of rule options such as"
                + " { cache: false, retry: { maxAttempts: 2 } }, but found 'openai'");
    }
}
