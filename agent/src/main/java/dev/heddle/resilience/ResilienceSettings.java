package dev.heddle.resilience;

import dev.heddle.config.BulkheadConfig;
import dev.heddle.config.CircuitBreakerConfig;
import dev.heddle.config.FallbackConfig;
import dev.heddle.config.RetryConfig;
import java.time.Duration;
import java.util.Optional;

/**
 * The resilience policies of one rule or annotated method; any may be absent.
 *
 * @param retry retries with exponential backoff and jitter
 * @param circuitBreaker the circuit breaker
 * @param timeout the longest a call (each attempt) may take
 * @param bulkhead the limit of concurrent calls
 * @param fallback what answers a call whose attempts all failed
 */
public record ResilienceSettings(Optional<RetryConfig> retry, Optional<CircuitBreakerConfig> circuitBreaker,
        Optional<Duration> timeout, Optional<BulkheadConfig> bulkhead, Optional<FallbackConfig> fallback) {

    /** No policy at all. */
    public static final ResilienceSettings NONE =
            new ResilienceSettings(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

    /**
     * Policies without a fallback.
     *
     * @param retry retries with exponential backoff and jitter
     * @param circuitBreaker the circuit breaker
     * @param timeout the longest a call (each attempt) may take
     * @param bulkhead the limit of concurrent calls
     */
    public ResilienceSettings(Optional<RetryConfig> retry, Optional<CircuitBreakerConfig> circuitBreaker,
            Optional<Duration> timeout, Optional<BulkheadConfig> bulkhead) {
        this(retry, circuitBreaker, timeout, bulkhead, Optional.empty());
    }

    /** @return true when no policy is configured, the fallback included */
    public boolean isEmpty() {
        return !hasAttemptPolicies() && fallback.isEmpty();
    }

    /** @return true when the attempts run under a retry, a circuit breaker, a timeout or a bulkhead */
    public boolean hasAttemptPolicies() {
        return retry.isPresent() || circuitBreaker.isPresent() || timeout.isPresent() || bulkhead.isPresent();
    }
}
