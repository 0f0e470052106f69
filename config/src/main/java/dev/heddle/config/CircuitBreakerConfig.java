package dev.heddle.config;

import java.time.Duration;

/**
 * Circuit breaker settings: {@code circuitBreaker: { failureThreshold: 5, openFor: 30s }}.
 *
 * @param failureThreshold consecutive failures that open the breaker, at least 1
 * @param openFor how long the breaker stays open, positive
 */
public record CircuitBreakerConfig(int failureThreshold, Duration openFor) {

    /** Defaults: 5 failures, open for 30s. */
    public static final CircuitBreakerConfig DEFAULTS = new CircuitBreakerConfig(5, Duration.ofSeconds(30));
}
