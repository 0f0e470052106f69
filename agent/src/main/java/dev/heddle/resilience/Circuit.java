package dev.heddle.resilience;

import dev.failsafe.CircuitBreaker;
import dev.failsafe.CircuitBreakerBuilder;
import dev.heddle.config.CircuitBreakerConfig;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * One circuit: a Failsafe circuit breaker built from a rule's settings, plus what Failsafe lacks:
 * a slow-call threshold (a successful attempt slower than it counts as a failure) and a maximum
 * half-open wait (a circuit whose trial calls hang opens again instead of refusing every call for
 * good). Shared by every call the rule's {@code per} scope puts in it; local to the JVM.
 */
public final class Circuit {

    private static final long NOT_HALF_OPEN = Long.MIN_VALUE;

    private final CircuitBreakerConfig settings;
    private final CircuitBreaker<Object> breaker;
    private final AtomicLong halfOpenSince = new AtomicLong(NOT_HALF_OPEN);

    /**
     * @param settings the breaker settings
     * @param counts which failures count against the circuit
     * @param counters the rule's counters
     */
    public Circuit(CircuitBreakerConfig settings, Predicate<Throwable> counts, ResilienceCounters counters) {
        this.settings = settings;
        CircuitBreakerBuilder<Object> builder = CircuitBreaker.builder()
                .handleIf((result, failure) -> failure != null
                        ? Resilience.isVendorTrouble(RetryAfterBeyondBudget.unwrap(failure), counts)
                        : result instanceof SlowAnswer)
                .withDelay(settings.openFor())
                .withSuccessThreshold(settings.halfOpenCalls())
                .onOpen(event -> {
                    halfOpenSince.set(NOT_HALF_OPEN);
                    counters.recordCircuitOpened();
                })
                .onHalfOpen(event -> {
                    halfOpenSince.set(System.nanoTime());
                    counters.recordCircuitHalfOpened();
                })
                .onClose(event -> {
                    halfOpenSince.set(NOT_HALF_OPEN);
                    counters.recordCircuitClosed();
                });
        settings.failureRate().ifPresentOrElse(
                rate -> builder.withFailureRateThreshold(rate.percent(), rate.minimumCalls(), rate.window()),
                () -> builder.withFailureThreshold(settings.failureThreshold(), settings.ofCalls()));
        this.breaker = builder.build();
    }

    /** @return the Failsafe policy, for an executor */
    CircuitBreaker<Object> policy() {
        return breaker;
    }

    /** @return the settings it was built with */
    public CircuitBreakerConfig settings() {
        return settings;
    }

    /**
     * Opens the circuit again when it has waited longer than {@code maxHalfOpenWait} for trial calls
     * that have not ended; called before each call, so the check costs one volatile read when closed.
     */
    void reopenIfStuckHalfOpen() {
        long since = halfOpenSince.get();
        if (since == NOT_HALF_OPEN || System.nanoTime() - since < settings.maxHalfOpenWait().toNanos()) return;
        if (halfOpenSince.compareAndSet(since, NOT_HALF_OPEN) && breaker.isHalfOpen()) breaker.open();
    }

    /** @return {@code closed}, {@code open} or {@code half-open} */
    public String state() {
        return switch (breaker.getState()) {
            case CLOSED -> "closed";
            case OPEN -> "open";
            case HALF_OPEN -> "half-open";
        };
    }
}
