package dev.heddle.config;

import static dev.heddle.config.ParseFailures.at;
import static dev.heddle.config.ParseFailures.onlyProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** YAML that cannot be read at all, or that is built to exhaust the reader, still ends in one located problem. */
class YamlSafetyTest {

    @Test
    void aSyntaxErrorIsReportedAtSnakeyamlsProblemMarkWithItsMessage() {
        ConfigProblem problem = onlyProblem("rules:\n  - name: a\n    preset: [p\n");

        assertThat(problem.location()).isEqualTo(at(4, 1));
        assertThat(problem.message()).isEqualTo(
                "invalid YAML: expected ',' or ']', but got <stream end> (while parsing a flow sequence at line 3, column 13)");
    }

    @Test
    void aBadIndentIsASyntaxErrorOnItsLine() {
        ConfigProblem problem = onlyProblem("rules:\n  - name: a\n    preset: p\n   cache: true\n");

        assertThat(problem.location()).isEqualTo(at(4, 4));
        assertThat(problem.message()).startsWith("invalid YAML: ");
    }

    @Test
    void aTabForIndentationIsASyntaxError() {
        ConfigProblem problem = onlyProblem("rules:\n\t- name: a\n");

        assertThat(problem.location()).isEqualTo(at(2, 1));
        assertThat(problem.message()).startsWith("invalid YAML: ");
    }

    @Test
    void anUndefinedAliasIsASyntaxError() {
        ConfigProblem problem = onlyProblem("rules: *shared\n");

        assertThat(problem.location()).isEqualTo(at(1, 8));
        assertThat(problem.message()).isEqualTo("invalid YAML: found undefined alias shared");
    }

    @Test
    void aCharacterThatYamlForbidsIsReportedWhereItStands() {
        ConfigProblem problem = onlyProblem("rules:\n  - name: a\u0007\n");

        assertThat(problem.location()).isEqualTo(at(2, 12));
        assertThat(problem.message()).isEqualTo("invalid YAML: the character U+0007 is not allowed in YAML");
    }

    @Test
    void aSecondDocumentIsAnError() {
        ConfigProblem problem = onlyProblem("enabled: true\n---\nenabled: false\n");

        assertThat(problem.location()).isEqualTo(at(2, 1));
        assertThat(problem.message()).startsWith("a second YAML document starts here");
    }

    @Test
    void aBillionLaughsAliasBombIsRefusedWithAClearError() {
        StringBuilder yaml = new StringBuilder("lol0: &lol0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int level = 1; level <= 9; level++) {
            String alias = "*lol" + (level - 1);
            String aliases = IntStream.range(0, 9).mapToObj(i -> alias).collect(Collectors.joining(", "));
            yaml.append("lol").append(level).append(": &lol").append(level).append(" [").append(aliases).append("]\n");
        }

        ConfigProblem problem = onlyProblem(yaml.toString());

        assertThat(problem.location().line()).isEqualTo(5);
        assertThat(problem.message()).isEqualTo("more than " + GuardedParser.MAX_COLLECTION_ALIASES
                + " aliases (*name) of lists or mappings; Heddle refuses them to guard against alias bombs, so write the values out");
    }

    @Test
    void aliasesOfScalarsAreNotCountedAgainstTheAliasLimit() throws ConfigException {
        String rules = IntStream.range(0, 100).mapToObj(i -> "  - { name: r" + i + ", preset: *preset }")
                .collect(Collectors.joining("\n"));

        HeddleConfig config = ConfigLoader.parse("rules:\n  - { name: first, preset: &preset openai-java }\n" + rules, "heddle.yaml");

        assertThat(config.rules()).hasSize(101).allSatisfy(rule -> assertThat(rule.preset()).contains("openai-java"));
    }

    @Test
    void aMappingThatContainsItselfEndsInProblemsNotInALoop() {
        ConfigProblem problem = onlyProblem("rules:\n  - name: a\n    preset: p\n    cache: &c { semantic: *c }\n");

        assertThat(problem.location()).isEqualTo(at(4, 17));
        assertThat(problem.message()).isEqualTo("rules[0].cache.semantic: unknown key 'semantic'; expected one of: threshold, scope, tenant, guard, embedder");
    }

    @Test
    void nestingDeeperThanAnyConfigurationNeedsIsRefusedBeforeItCanOverflowTheStack() {
        int depth = 100_000;
        ConfigProblem problem = onlyProblem("rules: " + "[".repeat(depth) + "]".repeat(depth) + "\n");

        // the top-level mapping is the first level, the bracket at column 8 the second
        assertThat(problem.location()).isEqualTo(at(1, 8 + GuardedParser.MAX_DEPTH - 1));
        assertThat(problem.message()).startsWith("lists and mappings nest more than " + GuardedParser.MAX_DEPTH + " levels deep");
    }

    @Test
    void aControlCharacterThatAMessageQuotesIsWrittenAsAnEscapeNotSentToTheTerminal() {
        ConfigProblem problem = onlyProblem("redis: \"redis://\\x1b[2J\\u0000host\"\n");

        assertThat(problem.message()).contains("redis://\\u001B[2J\\u0000host").doesNotContain("\u001B", "\u0000");
    }

    @Test
    void anUnpairedSurrogateThatAMessageQuotesIsEscapedAndAPairIsKept() {
        ConfigProblem problem = onlyProblem("rules:\n  - { name: a, preset: p, \"k\\uD800\\U0001F600\": 1 }\n");

        assertThat(problem.message()).contains("k\\uD800\uD83D\uDE00");
    }

    @Test
    void aMessageThatQuotesAHugeValueIsCutAndSaysHowMuchWasLeftOut() {
        ConfigProblem problem = onlyProblem("redis: http://" + "h".repeat(5_000) + "\n");

        assertThat(problem.message()).hasSizeLessThan(ConfigProblem.MAX_LENGTH + 40).endsWith(" more characters)");
    }

    @Test
    void aFileLongerThanAnyConfigurationNeedsIsRefusedBeforeItIsRead() {
        ConfigProblem problem = onlyProblem("# " + "x".repeat(YamlComposer.MAX_CODE_POINTS) + "\nenabled: true\n");

        assertThat(problem.location()).isEqualTo(at(0, 0));
        assertThat(problem.message()).isEqualTo("the configuration is " + (YamlComposer.MAX_CODE_POINTS + 17)
                + " characters long; Heddle reads at most " + YamlComposer.MAX_CODE_POINTS + ", far more than any configuration needs");
    }

    @Test
    void aFileJustWithinTheLimitIsRead() throws ConfigException {
        String yaml = "# " + "x".repeat(YamlComposer.MAX_CODE_POINTS - 18) + "\nenabled: false\n";

        assertThat(yaml.length()).isEqualTo(YamlComposer.MAX_CODE_POINTS);
        assertThat(ConfigLoader.parse(yaml, "heddle.yaml").enabled()).isFalse();
    }
}
