package dev.heddle.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Retry settings: {@code retry: { maxAttempts: 3, delay: 200ms, maxDelay: 5s }}.
 *
 * @param maxAttempts total attempts, the first included, at least 1
 * @param delay the delay before the first retry
 * @param maxDelay the upper bound of the backoff delay, not below {@code delay}
 * @param maxDuration the time budget of all attempts together, when there is one
 * @param retryOn exception types (binary names; subclasses match) that are worth another attempt;
 *     empty leaves the decision to the preset, or to "any exception" without one
 * @param budget the fraction of the rule's calls that may be retried, over the last 10 seconds, when
 *     there is a limit
 */
public record RetryConfig(int maxAttempts, Duration delay, Duration maxDelay, Optional<Duration> maxDuration,
        List<String> retryOn, Optional<Double> budget) {

    /** Defaults: 3 attempts, 200ms, at most 5s, no time budget, the preset's classification. */
    public static final RetryConfig DEFAULTS = new RetryConfig(3, Duration.ofMillis(200), Duration.ofSeconds(5));

    public RetryConfig {
        Objects.requireNonNull(maxDuration, "maxDuration");
        Objects.requireNonNull(budget, "budget");
        retryOn = List.copyOf(retryOn);
    }

    /**
     * Retries with no time budget and the default classification of failures.
     *
     * @param maxAttempts total attempts, the first included, at least 1
     * @param delay the delay before the first retry
     * @param maxDelay the upper bound of the backoff delay
     */
    public RetryConfig(int maxAttempts, Duration delay, Duration maxDelay) {
        this(maxAttempts, delay, maxDelay, Optional.empty(), List.of(), Optional.empty());
    }
}
