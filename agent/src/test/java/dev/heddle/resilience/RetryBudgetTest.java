package dev.heddle.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RetryBudgetTest {

    private final AtomicLong now = new AtomicLong(1_000);
    private final RetryBudget budget = new RetryBudget(0.2, now::get);

    @Test
    void aQuietRuleMayAlwaysRetryAFewTimes() {
        assertThat(budget.tryRetry()).isTrue();
        assertThat(budget.tryRetry()).isTrue();
        assertThat(budget.tryRetry()).isTrue();
        assertThat(budget.tryRetry()).isFalse();
    }

    @Test
    void retriesStayBelowTheirShareOfCalls() {
        for (int i = 0; i < 100; i++) budget.recordCall();

        int allowed = 0;
        while (budget.tryRetry()) allowed++;

        assertThat(allowed).isEqualTo(20);
    }

    @Test
    void theWindowMovesOn() {
        for (int i = 0; i < 3; i++) budget.tryRetry();
        assertThat(budget.tryRetry()).isFalse();

        now.addAndGet(RetryBudget.WINDOW_SECONDS);

        assertThat(budget.tryRetry()).isTrue();
    }
}
