package dev.heddle.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Circuit breaker settings:
 * {@code circuitBreaker: { failureThreshold: 5, openFor: 30s }} opens after 5 failures in a row;
 * {@code { failureThreshold: 5, ofCalls: 20 }} after 5 failures among the last 20 calls;
 * {@code { failureRate: 50%, minimumCalls: 10, window: 60s }} when half of the calls of the last
 * minute failed, once there were at least 10.
 *
 * @param failureThreshold failures that open the breaker, at least 1; unused with a failure rate
 * @param ofCalls the last calls among which {@code failureThreshold} failures open the breaker, at
 *     least {@code failureThreshold}; equal to it means failures in a row
 * @param failureRate a time-based criterion that replaces the count, when given
 * @param slowCall a successful call that took longer than this counts as a failure, when given
 * @param openFor how long the breaker stays open, positive
 * @param halfOpenCalls trial calls let through when the open time is over; all must succeed to close
 *     the breaker, at least 1
 * @param maxHalfOpenWait the longest the breaker stays half-open waiting for its trial calls to end;
 *     then it opens again, so a hanging trial call never leaves it stuck
 * @param per which calls share one circuit
 */
public record CircuitBreakerConfig(int failureThreshold, int ofCalls, Optional<FailureRate> failureRate,
        Optional<Duration> slowCall, Duration openFor, int halfOpenCalls, Duration maxHalfOpenWait, CircuitScope per) {

    /** The longest a breaker stays half-open when nothing else is said. */
    public static final Duration DEFAULT_MAX_HALF_OPEN_WAIT = Duration.ofSeconds(60);

    /** Defaults: 5 failures in a row, open for 30s, 1 trial call, one circuit per rule. */
    public static final CircuitBreakerConfig DEFAULTS = new CircuitBreakerConfig(5, Duration.ofSeconds(30));

    public CircuitBreakerConfig {
        Objects.requireNonNull(failureRate, "failureRate");
        Objects.requireNonNull(slowCall, "slowCall");
        Objects.requireNonNull(openFor, "openFor");
        Objects.requireNonNull(maxHalfOpenWait, "maxHalfOpenWait");
        Objects.requireNonNull(per, "per");
        if (failureThreshold < 1) throw new IllegalArgumentException("failureThreshold must be at least 1");
        if (ofCalls < failureThreshold) throw new IllegalArgumentException("ofCalls must be at least failureThreshold");
    }

    /**
     * A breaker that opens after failures in a row and has the other defaults.
     *
     * @param failureThreshold failures in a row that open the breaker, at least 1
     * @param openFor how long the breaker stays open, positive
     * @param halfOpenCalls trial calls let through when the open time is over, at least 1
     */
    public CircuitBreakerConfig(int failureThreshold, Duration openFor, int halfOpenCalls) {
        this(failureThreshold, failureThreshold, Optional.empty(), Optional.empty(), openFor, halfOpenCalls,
                DEFAULT_MAX_HALF_OPEN_WAIT, CircuitScope.RULE);
    }

    /**
     * A breaker with one trial call that opens after failures in a row.
     *
     * @param failureThreshold failures in a row that open the breaker, at least 1
     * @param openFor how long the breaker stays open, positive
     */
    public CircuitBreakerConfig(int failureThreshold, Duration openFor) {
        this(failureThreshold, openFor, 1);
    }

    /**
     * The time-based criterion: {@code failureRate: 50%, minimumCalls: 10, window: 60s}.
     *
     * @param percent the share of failed calls, 1 to 100, that opens the breaker
     * @param minimumCalls the calls the window must hold before the rate is judged, at least 1
     * @param window how far back calls are counted, positive
     */
    public record FailureRate(int percent, int minimumCalls, Duration window) {

        /** The calls a window must hold when nothing else is said. */
        public static final int DEFAULT_MINIMUM_CALLS = 10;
        /** The window when nothing else is said. */
        public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(60);

        public FailureRate {
            Objects.requireNonNull(window, "window");
            if (percent < 1 || percent > 100) throw new IllegalArgumentException("percent must be 1 to 100");
        }
    }
}
