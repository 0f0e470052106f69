package dev.heddle.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Bulkhead settings: {@code bulkhead: { maxConcurrent: 10, maxWait: 1s }}.
 *
 * @param maxConcurrent calls of the rule that may run at once, at least 1
 * @param maxWait how long a call waits for a free place before it is refused; zero refuses at once
 */
public record BulkheadConfig(int maxConcurrent, Duration maxWait) {

    /** The wait when none is given: none, a full bulkhead refuses at once. */
    public static final Duration DEFAULT_MAX_WAIT = Duration.ZERO;

    public BulkheadConfig {
        Objects.requireNonNull(maxWait, "maxWait");
    }
}
