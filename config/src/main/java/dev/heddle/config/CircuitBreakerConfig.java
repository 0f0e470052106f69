package dev.heddle.config;

import java.time.Duration;

/**
 * Circuit breaker settings: {@code circuitBreaker: { failureThreshold: 5, openFor: 30s }}.
 *
 * @param failureThreshold consecutive failures that open the breaker, at least 1
 * @param openFor how long the breaker stays open, positive
 * @param halfOpenCalls trial calls let through when the open time is over; all must succeed to close
 *     the breaker, at least 1
 */
public record CircuitBreakerConfig(int failureThreshold, Duration openFor, int halfOpenCalls) {

    /** Defaults: 5 failures, open for 30s, 1 trial call. */
    public static final CircuitBreakerConfig DEFAULTS = new CircuitBreakerConfig(5, Duration.ofSeconds(30));

    /**
     * A breaker with one trial call.
     *
     * @param failureThreshold consecutive failures that open the breaker, at least 1
     * @param openFor how long the breaker stays open, positive
     */
    public CircuitBreakerConfig(int failureThreshold, Duration openFor) {
        this(failureThreshold, openFor, 1);
    }
}
