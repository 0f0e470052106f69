package dev.heddle.config;

import static dev.heddle.config.ParseFailures.at;
import static dev.heddle.config.ParseFailures.onlyProblem;
import static dev.heddle.config.ParseFailures.problems;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Every kind of mistake in an otherwise well-formed YAML file, each reported where it stands. */
class ConfigProblemsTest {

    @Test
    void unknownKeyIsAnErrorWithADidYouMeanSuggestion() {
        ConfigProblem problem = onlyProblem("""
                rules:
                  - name: a
                    preset: p
                    cache: { tll: 1h }
                """);

        assertThat(problem.location()).isEqualTo(at(4, 14));
        assertThat(problem.message()).isEqualTo("rules[0].cache: unknown key 'tll'; did you mean 'ttl'?");
    }

    @Test
    void unknownKeyThatDiffersOnlyInCaseIsSuggestedEvenWhenFarInEdits() {
        ConfigProblem problem = onlyProblem("rules:\n  - { name: a, preset: p, CIRCUITBREAKER: {} }");

        assertThat(problem.message()).endsWith("unknown key 'CIRCUITBREAKER'; did you mean 'circuitBreaker'?");
    }

    @Test
    void unknownKeyFarFromEveryKnownKeyListsTheAllowedKeys() {
        ConfigProblem problem = onlyProblem("rules:\n  - { name: a, preset: p, retry: { backoff: 2 } }");

        assertThat(problem.location()).isEqualTo(at(2, 36));
        assertThat(problem.message())
                .isEqualTo("rules[0].retry: unknown key 'backoff'; expected one of: maxAttempts, delay, maxDelay, maxDuration, retryOn, budget");
    }

    @Test
    void unknownTopLevelKeyIsAnError() {
        ConfigProblem problem = onlyProblem("redis: redis://localhost:6379\nrule:\n  - { name: a, preset: p }\n");

        assertThat(problem.location()).isEqualTo(at(2, 1));
        assertThat(problem.message()).isEqualTo("unknown top-level key 'rule'; did you mean 'rules'?");
    }

    @Test
    void duplicateKeyIsReportedAtItsSecondOccurrenceNamingTheFirst() {
        ConfigProblem problem = onlyProblem("""
                rules:
                  - name: a
                    preset: p
                    timeout: 5s
                    timeout: 6s
                """);

        assertThat(problem.location()).isEqualTo(at(5, 5));
        assertThat(problem.message()).isEqualTo("rules[0]: duplicate key 'timeout'; it is already given at line 4, column 5");
    }

    @Test
    void aListWhereAMappingIsExpectedIsAnError() {
        ConfigProblem problem = onlyProblem("rules:\n  - name: a\n    preset: p\n    retry: [3, 200ms]\n");

        assertThat(problem.location()).isEqualTo(at(4, 12));
        assertThat(problem.message()).startsWith("rules[0].retry: expected a mapping such as { maxAttempts: 3")
                .endsWith("but found a list");
    }

    @Test
    void aMappingWhereAListOfRulesIsExpectedIsAnError() {
        ConfigProblem problem = onlyProblem("rules:\n  name: a\n  preset: p\n");

        assertThat(problem.location()).isEqualTo(at(2, 3));
        assertThat(problem.message()).isEqualTo("rules: expected a list of rules, each starting with '- name:', but found a mapping");
    }

    @Test
    void aTopLevelThatIsNotAMappingIsAnError() {
        ConfigProblem problem = onlyProblem("- name: a\n");

        assertThat(problem.location()).isEqualTo(at(1, 1));
        assertThat(problem.message()).isEqualTo("expected a mapping with keys such as rules and quotas, but found a list");
    }

    @Test
    void aNonScalarKeyIsAnError() {
        ConfigProblem problem = onlyProblem("? [rules]\n: []\n");

        assertThat(problem.location()).isEqualTo(at(1, 3));
        assertThat(problem.message()).isEqualTo("expected a key name, but found a list");
    }

    @Test
    void aRuleWithoutANameIsAnError() {
        ConfigProblem problem = onlyProblem("rules:\n  - preset: p\n");

        assertThat(problem.location()).isEqualTo(at(2, 5));
        assertThat(problem.message()).isEqualTo("rules[0]: 'name' is required: every rule needs a unique name");
    }

    @Test
    void twoRulesWithTheSameNameAreAnError() {
        ConfigProblem problem = onlyProblem("rules:\n  - { name: bot, preset: p }\n  - { name: bot, preset: q }\n");

        assertThat(problem.location()).isEqualTo(at(3, 13));
        assertThat(problem.message())
                .isEqualTo("rules[1].name: the rule name 'bot' is already used at line 2, column 13; rule names must be unique");
    }

    @Test
    void aRuleWithNeitherMatchNorPresetIsAnError() {
        ConfigProblem problem = onlyProblem("rules:\n  - name: a\n    cache: true\n");

        assertThat(problem.location()).isEqualTo(at(2, 5));
        assertThat(problem.message()).isEqualTo("rules[0]: a rule needs 'match', 'preset' or both, to say which methods it weaves");
    }

    @Test
    void matchWithoutTypeOrMethodIsAnErrorForEach() {
        List<ConfigProblem> problems = problems("rules:\n  - name: a\n    match: { type: com.example.Bot }\n"
                + "  - name: b\n    match: { method: ask }\n");

        assertThat(problems).extracting(ConfigProblem::location).containsExactly(at(3, 12), at(5, 12));
        assertThat(problems.get(0).message()).startsWith("rules[0].match: 'method' is required: a method name such as answer");
        assertThat(problems.get(1).message()).startsWith("rules[1].match: 'type' is required: a class or interface name");
    }

    @Test
    void aMalformedMethodSignatureIsAnError() {
        ConfigProblem problem = onlyProblem("rules:\n  - name: a\n    match: { type: com.example.Bot, method: 'ask(String,)' }\n");

        assertThat(problem.location()).isEqualTo(at(3, 45));
        assertThat(problem.message()).isEqualTo("rules[0].match.method: expected parameter types such as java.lang.String, "
                + "int or byte[], separated by commas, but found 'ask(String,)'");
    }

    @Test
    void anUnclosedMethodSignatureIsAnError() {
        ConfigProblem problem = onlyProblem("rules:\n  - name: a\n    match: { type: com.example.Bot, method: 'ask(String' }\n");

        assertThat(problem.message()).startsWith("rules[0].match.method: expected a method name such as answer");
    }

    @Test
    void aTypeThatIsNoClassNameIsAnError() {
        ConfigProblem problem = onlyProblem("rules:\n  - name: a\n    match: { type: 'com.example Bot', method: ask }\n");

        assertThat(problem.location()).isEqualTo(at(3, 20));
        assertThat(problem.message()).isEqualTo(
                "rules[0].match.type: expected a class or interface name such as com.example.SupportBot, but found 'com.example Bot'");
    }

    @Test
    void aNumberWhereADurationIsExpectedIsAnError() {
        ConfigProblem problem = onlyProblem("rules:\n  - name: a\n    preset: p\n    timeout: 30\n");

        assertThat(problem.location()).isEqualTo(at(4, 14));
        assertThat(problem.message()).contains("expected a duration such as 30s").contains("the number 30");
    }

    @Test
    void aDurationWithAnUnknownUnitIsAnError() {
        ConfigProblem problem = onlyProblem("rules:\n  - { name: a, preset: p, cache: { ttl: 2 weeks } }\n");

        assertThat(problem.location()).isEqualTo(at(2, 41));
        assertThat(problem.message()).isEqualTo(
                "rules[0].cache.ttl: expected a duration such as 200ms, 30s, 5m, 1h or 1d, but found '2 weeks'");
    }

    @Test
    void aZeroDurationWhereAPositiveOneIsNeededIsAnError() {
        ConfigProblem problem = onlyProblem("rules:\n  - { name: a, preset: p, circuitBreaker: { openFor: 0s } }\n");

        assertThat(problem.message()).isEqualTo("rules[0].circuitBreaker.openFor: expected a positive duration such as 30s, but found 0s");
    }

    @Test
    void aDurationTooLargeToRepresentIsAnErrorNotACrash() {
        ConfigProblem problem = onlyProblem("rules:\n  - { name: a, preset: p, timeout: 9999999999999999h }\n");

        assertThat(problem.message()).isEqualTo("rules[0].timeout: duration '9999999999999999h' is too large");
    }

    @Test
    void aMaxDelayShorterThanTheDelayIsAnError() {
        ConfigProblem problem = onlyProblem("rules:\n  - { name: a, preset: p, retry: { delay: 2s, maxDelay: 1s } }\n");

        assertThat(problem.location()).isEqualTo(at(2, 57));
        assertThat(problem.message()).isEqualTo("rules[0].retry.maxDelay: expected at least the delay, 2s, but found 1s");
    }

    @Test
    void wholeNumbersBelowOneOrNotWholeAreErrors() {
        List<ConfigProblem> problems = problems("""
                rules:
                  - name: a
                    preset: p
                    retry: { maxAttempts: 0 }
                    circuitBreaker: { failureThreshold: 2.5 }
                    cache: { maxEntries: 99999999999999999999 }
                """);

        assertThat(problems).extracting(ConfigProblem::message).containsExactly(
                "rules[0].retry.maxAttempts: expected a whole number of at least 1, but found '0'",
                "rules[0].circuitBreaker.failureThreshold: expected a whole number of at least 1, but found '2.5'",
                "rules[0].cache.maxEntries: expected a whole number of at most 9223372036854775807, but found '99999999999999999999'");
    }

    @Test
    void aSemanticThresholdOutsideZeroToOneIsAnError() {
        ConfigProblem problem = onlyProblem("rules:\n  - { name: a, preset: p, cache: { semantic: { threshold: 0 } } }\n");

        assertThat(problem.location()).isEqualTo(at(2, 59));
        assertThat(problem.message()).isEqualTo(
                "rules[0].cache.semantic.threshold: expected a number greater than 0 and at most 1, such as 0.92, but found '0'");
    }

    @Test
    void aBooleanKeyWithAnotherWordIsAnError() {
        ConfigProblem problem = onlyProblem("enabled: yes\n");

        assertThat(problem.location()).isEqualTo(at(1, 10));
        assertThat(problem.message()).isEqualTo("enabled: expected true or false, but found 'yes'");
    }

    @Test
    void aCacheThatIsNeitherBooleanNorMappingIsAnError() {
        ConfigProblem problem = onlyProblem("rules:\n  - { name: a, preset: p, cache: 1h }\n");

        assertThat(problem.message()).isEqualTo(
                "rules[0].cache: expected true, false or a mapping such as { ttl: 1h }, but found '1h'");
    }

    @Test
    void aRequiredValueLeftEmptyIsAnError() {
        ConfigProblem problem = onlyProblem("rules:\n  - name:\n    preset: p\n");

        assertThat(problem.location().line()).isEqualTo(2);
        assertThat(problem.message()).isEqualTo("rules[0].name: expected a rule name, but found no value");
    }

    @Test
    void aRedisValueThatIsNoRedisUriIsAnError() {
        ConfigProblem problem = onlyProblem("redis: localhost:6379\n");

        assertThat(problem.location()).isEqualTo(at(1, 8));
        assertThat(problem.message()).isEqualTo(
                "redis: expected a Redis URI such as redis://localhost:6379 or rediss://host:port, but found 'localhost:6379'");
    }

    @Test
    void aRuleNamingAnUnknownQuotaIsAnErrorListingTheKnownOnes() {
        ConfigProblem problem = onlyProblem("""
                rules:
                  - { name: a, preset: p, quota: premium }
                quotas:
                  per-user: { tiers: { free: unlimited } }
                  per-team: { tiers: { free: unlimited } }
                """);

        assertThat(problem.location()).isEqualTo(at(2, 34));
        assertThat(problem.message()).isEqualTo("rules[0].quota: unknown quota 'premium'; expected one of: per-user, per-team");
    }

    @Test
    void aRuleNamingAQuotaWhenThereAreNoneSaysSo() {
        ConfigProblem problem = onlyProblem("rules:\n  - { name: a, preset: p, quota: per-user }\n");

        assertThat(problem.message()).isEqualTo("rules[0].quota: unknown quota 'per-user'; no quotas are defined; add one under 'quotas:'");
    }

    @Test
    void aQuotaWithAProblemIsStillKnownToRulesThatNameIt() {
        ConfigProblem problem = onlyProblem("""
                rules:
                  - { name: a, preset: p, quota: per-user }
                quotas:
                  per-user: { tiers: { free: { requests: lots } } }
                """);

        assertThat(problem.message()).startsWith("quotas.per-user.tiers.free.requests: expected a rate such as 100/1h");
    }

    @Test
    void aQuotaWithSeveralTiersAndNoDefaultIsAnError() {
        ConfigProblem problem = onlyProblem("""
                quotas:
                  per-user:
                    tiers:
                      free: { requests: 100/1h }
                      pro: { requests: 1000/1h }
                """);

        assertThat(problem.location()).isEqualTo(at(3, 5));
        assertThat(problem.message()).isEqualTo(
                "quotas.per-user: 'default' is required when there is more than one tier; expected one of: free, pro");
    }

    @Test
    void aDefaultOrUserNamingAnUnknownTierIsAnError() {
        List<ConfigProblem> problems = problems("""
                quotas:
                  per-user:
                    tiers: { free: { requests: 100/1h }, pro: { requests: 1000/1h } }
                    users: { alice: gold }
                    default: fre
                """);

        assertThat(problems).extracting(ConfigProblem::location).containsExactly(at(4, 21), at(5, 14));
        assertThat(problems).extracting(ConfigProblem::message).containsExactly(
                "quotas.per-user.users.alice: unknown tier 'gold'; expected one of: free, pro",
                "quotas.per-user.default: unknown tier 'fre'; did you mean 'free'?");
    }

    @Test
    void aQuotaWithoutTiersIsAnError() {
        List<ConfigProblem> problems = problems("quotas:\n  a: { users: {} }\n  b: { tiers: {} }\n");

        assertThat(problems).extracting(ConfigProblem::location).containsExactly(at(2, 6), at(3, 15));
        assertThat(problems.get(0).message()).startsWith("quotas.a: 'tiers' is required");
        assertThat(problems.get(1).message()).startsWith("quotas.b.tiers: expected at least one tier");
    }

    @Test
    void aTierWithoutLimitsOrWithAnotherWordIsAnError() {
        List<ConfigProblem> problems = problems("quotas:\n  q:\n    tiers: { a: {}, b: limitless }\n    default: a\n");

        assertThat(problems).extracting(ConfigProblem::message).containsExactly(
                "quotas.q.tiers.a: a tier needs 'requests', 'tokens', 'cost' or more; write 'unlimited' for a tier without limits",
                "quotas.q.tiers.b: expected 'unlimited' or a mapping such as { requests: 100/1h, tokens: 2000000/1d }, "
                        + "but found 'limitless'");
    }

    @Test
    void aRateWithoutAWindowIsAnError() {
        ConfigProblem problem = onlyProblem("quotas:\n  q: { tiers: { free: { requests: 100 } } }\n");

        assertThat(problem.location()).isEqualTo(at(2, 35));
        assertThat(problem.message()).isEqualTo(
                "quotas.q.tiers.free.requests: expected a rate such as 100/1h (count/window), but found '100'");
    }

    @Test
    void everyProblemIsReportedInOnePassInFileOrder() {
        List<ConfigProblem> problems = problems("""
                rules:
                  - name: a
                    preset: p
                    quota: nope
                    timeout: soon
                quotas:
                  q: { tiers: { free: { requests: 1/0s } } }
                enabled: perhaps
                """);

        assertThat(problems).extracting(ConfigProblem::location)
                .containsExactly(at(4, 12), at(5, 14), at(7, 35), at(8, 10));
    }

    @Test
    void theExceptionMessageListsOneFileLineColumnLinePerProblem() {
        ConfigException exception = new ConfigException(problems("enabled: perhaps\nredis: nowhere\n"));

        assertThat(exception.getMessage().lines()).containsExactly(
                "invalid Heddle configuration:",
                "heddle.yaml:1:10: enabled: expected true or false, but found 'perhaps'",
                "heddle.yaml:2:8: redis: expected a Redis URI such as redis://localhost:6379 or rediss://host:port, but found 'nowhere'");
    }
}
