package dev.heddle.resilience;

import dev.heddle.config.BulkheadConfig;
import dev.heddle.config.CircuitBreakerConfig;
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
 */
public record ResilienceSettings(Optional<RetryConfig> retry, Optional<CircuitBreakerConfig> circuitBreaker,
        Optional<Duration> timeout, Optional<BulkheadConfig> bulkhead) {

    /** No policy at all. */
    public static final ResilienceSettings NONE =
            new ResilienceSettings(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

    /** @return true when no policy is configured */
    public boolean isEmpty() {
        return retry.isEmpty() && circuitBreaker.isEmpty() && timeout.isEmpty() && bulkhead.isEmpty();
    }
}
