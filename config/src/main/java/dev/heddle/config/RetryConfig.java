package dev.heddle.config;

import java.time.Duration;

/**
 * Retry settings: {@code retry: { maxAttempts: 3, delay: 200ms, maxDelay: 5s }}.
 *
 * @param maxAttempts total attempts, the first included, at least 1
 * @param delay the delay before the first retry
 * @param maxDelay the upper bound of the backoff delay, not below {@code delay}
 */
public record RetryConfig(int maxAttempts, Duration delay, Duration maxDelay) {

    /** Defaults: 3 attempts, 200ms, at most 5s. */
    public static final RetryConfig DEFAULTS = new RetryConfig(3, Duration.ofMillis(200), Duration.ofSeconds(5));
}
