package dev.heddle.config;

import static dev.heddle.config.ParseFailures.at;
import static dev.heddle.config.ParseFailures.onlyProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ResiliencePoliciesTest {

    private static RuleConfig rule(String policies) throws ConfigException {
        return ConfigLoader.parse("rules:\n  - name: bot\n    preset: openai-java\n" + policies, "heddle.yaml").rules().get(0);
    }

    @Test
    void retryReadsItsBudgetAndTheExceptionsWorthRetrying() throws ConfigException {
        RuleConfig rule = rule("    retry: { maxAttempts: 4, maxDuration: 20s, retryOn: [java.io.IOException, com.example.Flaky$Busy] }\n");

        RetryConfig retry = rule.retry().orElseThrow();
        assertThat(retry.maxAttempts()).isEqualTo(4);
        assertThat(retry.maxDuration()).contains(Duration.ofSeconds(20));
        assertThat(retry.retryOn()).containsExactly("java.io.IOException", "com.example.Flaky$Busy");
    }

    @Test
    void retryReadsTheShareOfCallsThatMayBeRetried() throws ConfigException {
        assertThat(rule("    retry: { budget: 0.2 }\n").retry().orElseThrow().budget()).contains(0.2);
    }

    @Test
    void aRetryBudgetAboveOneIsAnError() {
        ConfigProblem problem = onlyProblem("rules:\n  - name: bot\n    preset: openai-java\n    retry: { budget: 1.5 }\n");

        assertThat(problem.message()).contains("1.5");
    }

    @Test
    void retryWithoutBudgetOrExceptionsKeepsTheDefaults() throws ConfigException {
        RetryConfig retry = rule("    retry: {}\n").retry().orElseThrow();

        assertThat(retry).isEqualTo(RetryConfig.DEFAULTS);
        assertThat(retry.maxDuration()).isEmpty();
        assertThat(retry.retryOn()).isEmpty();
        assertThat(retry.budget()).isEmpty();
    }

    @Test
    void retryOnMustBeAListOfClassNames() {
        ConfigProblem problem = onlyProblem("rules:\n  - name: bot\n    preset: openai-java\n    retry: { retryOn: [not a class] }\n");

        assertThat(problem.location()).isEqualTo(at(4, 24));
        assertThat(problem.message()).contains("exception class name").contains("not a class");
    }

    @Test
    void theCircuitBreakerReadsItsHalfOpenTrialCalls() throws ConfigException {
        CircuitBreakerConfig breaker = rule("    circuitBreaker: { failureThreshold: 3, openFor: 10s, halfOpenCalls: 2 }\n")
                .circuitBreaker().orElseThrow();

        assertThat(breaker).isEqualTo(new CircuitBreakerConfig(3, Duration.ofSeconds(10), 2));
    }

    @Test
    void aBulkheadReadsItsLimitAndWait() throws ConfigException {
        assertThat(rule("    bulkhead: { maxConcurrent: 4, maxWait: 250ms }\n").bulkhead())
                .contains(new BulkheadConfig(4, Duration.ofMillis(250)));
        assertThat(rule("    bulkhead: { maxConcurrent: 4 }\n").bulkhead()).contains(new BulkheadConfig(4, Duration.ZERO));
        assertThat(rule("    retry: {}\n").bulkhead()).isEqualTo(Optional.empty());
    }

    @Test
    void aBulkheadWithoutItsLimitIsAnError() {
        ConfigProblem problem = onlyProblem("rules:\n  - name: bot\n    preset: openai-java\n    bulkhead: { maxWait: 1s }\n");

        assertThat(problem.location()).isEqualTo(at(4, 15));
        assertThat(problem.message()).contains("missing maxConcurrent");
    }

    @Test
    void aBulkheadOfZeroIsAnError() {
        ConfigProblem problem = onlyProblem("rules:\n  - name: bot\n    preset: openai-java\n    bulkhead: { maxConcurrent: 0 }\n");

        assertThat(problem.message()).contains("0");
        assertThat(List.of(problem.location().line())).containsExactly(4);
    }

    @Test
    void theCircuitBreakerReadsEveryOption() throws ConfigException {
        CircuitBreakerConfig breaker = rule("    circuitBreaker: { failureThreshold: 3, ofCalls: 10, slowCall: 20s, openFor: 10s,"
                + " halfOpenCalls: 2, maxHalfOpenWait: 2m, per: model }\n").circuitBreaker().orElseThrow();

        assertThat(breaker).isEqualTo(new CircuitBreakerConfig(3, 10, Optional.empty(), Optional.of(Duration.ofSeconds(20)),
                Duration.ofSeconds(10), 2, Duration.ofMinutes(2), CircuitScope.MODEL));
    }

    @Test
    void aFailureRateOpensOverATimeWindow() throws ConfigException {
        CircuitBreakerConfig breaker = rule("    circuitBreaker: { failureRate: 50%, minimumCalls: 20, window: 2m }\n")
                .circuitBreaker().orElseThrow();

        assertThat(breaker.failureRate()).contains(new CircuitBreakerConfig.FailureRate(50, 20, Duration.ofMinutes(2)));
        assertThat(rule("    circuitBreaker: { failureRate: 25% }\n").circuitBreaker().orElseThrow().failureRate())
                .contains(new CircuitBreakerConfig.FailureRate(25, 10, Duration.ofSeconds(60)));
    }

    @Test
    void aFailureRateAndAFailureThresholdExcludeEachOther() {
        ConfigProblem problem = onlyProblem("rules:\n  - name: bot\n    preset: openai-java\n"
                + "    circuitBreaker: { failureRate: 50%, failureThreshold: 5 }\n");

        assertThat(problem.message()).contains("exclude each other");
    }

    @Test
    void aFailureRateMustBeAPercentage() {
        ConfigProblem problem = onlyProblem("rules:\n  - name: bot\n    preset: openai-java\n"
                + "    circuitBreaker: { failureRate: 0.5 }\n");

        assertThat(problem.message()).contains("percentage").contains("0.5");
    }

    @Test
    void aWindowWithoutAFailureRateIsAnError() {
        ConfigProblem problem = onlyProblem("rules:\n  - name: bot\n    preset: openai-java\n"
                + "    circuitBreaker: { window: 1m }\n");

        assertThat(problem.message()).contains("belongs to 'failureRate'");
    }

    @Test
    void anUnknownCircuitScopeIsAnErrorWithASuggestion() {
        ConfigProblem problem = onlyProblem("rules:\n  - name: bot\n    preset: openai-java\n"
                + "    circuitBreaker: { per: modle }\n");

        assertThat(problem.message()).contains("unknown circuit scope 'modle'").contains("model");
    }

    @Test
    void ofCallsBelowTheFailureThresholdIsAnError() {
        ConfigProblem problem = onlyProblem("rules:\n  - name: bot\n    preset: openai-java\n"
                + "    circuitBreaker: { failureThreshold: 5, ofCalls: 3 }\n");

        assertThat(problem.message()).contains("at least failureThreshold, 5");
    }

    @Test
    void aFallbackReadsItsChain() throws ConfigException {
        RuleConfig rule = rule("    cache: { ttl: 1h }\n    fallback: { staleFor: 1d, model: gpt-4o-mini, method: cannedAnswer,"
                + " value: Please try again later. }\n");

        assertThat(rule.fallback()).contains(new FallbackConfig(Optional.of(Duration.ofDays(1)), Optional.of("gpt-4o-mini"),
                Optional.of("cannedAnswer"), Optional.of("Please try again later.")));
    }

    @Test
    void aStaleCacheFallbackNeedsTheRulesCache() {
        ConfigProblem problem = onlyProblem("rules:\n  - name: bot\n    preset: openai-java\n    fallback: { staleFor: 1d }\n");

        assertThat(problem.location()).isEqualTo(at(4, 27));
        assertThat(problem.message()).contains("the rule has none");
    }

    @Test
    void aModelFallbackNeedsAPreset() {
        ConfigProblem problem = onlyProblem("rules:\n  - name: bot\n    match: { type: com.example.Bot, method: answer }\n"
                + "    fallback: { model: gpt-4o-mini }\n");

        assertThat(problem.message()).contains("no preset");
    }

    @Test
    void anEmptyFallbackIsAnError() {
        ConfigProblem problem = onlyProblem("rules:\n  - name: bot\n    preset: openai-java\n    fallback: {}\n");

        assertThat(problem.message()).contains("at least one of: staleFor, model, method, value");
    }
}
