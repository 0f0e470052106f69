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
}
