package dev.heddle.resilience;

import java.util.concurrent.atomic.LongAdder;

/** What the resilience policies of one rule have done. */
public final class ResilienceCounters {

    private final LongAdder attempts = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final LongAdder circuitOpened = new LongAdder();
    private final LongAdder circuitRejections = new LongAdder();
    private final LongAdder timeouts = new LongAdder();
    private final LongAdder bulkheadRejections = new LongAdder();
    private final LongAdder circuitHalfOpened = new LongAdder();
    private final LongAdder circuitClosed = new LongAdder();
    private final LongAdder slowCalls = new LongAdder();
    private final LongAdder fallbacks = new LongAdder();

    void recordCircuitHalfOpened() {
        circuitHalfOpened.increment();
    }

    void recordCircuitClosed() {
        circuitClosed.increment();
    }

    void recordSlowCall() {
        slowCalls.increment();
    }

    void recordFallback() {
        fallbacks.increment();
    }

    /** @return times the circuit let trial calls through after being open */
    public long circuitHalfOpened() {
        return circuitHalfOpened.sum();
    }

    /** @return times the circuit closed again after trial calls succeeded */
    public long circuitClosed() {
        return circuitClosed.sum();
    }

    /** @return successful attempts slower than the circuit's slow-call threshold, counted as failures by it */
    public long slowCalls() {
        return slowCalls.sum();
    }

    /** @return failed calls that a fallback answered */
    public long fallbacks() {
        return fallbacks.sum();
    }

    void recordAttempt() {
        attempts.increment();
    }

    void recordRetry() {
        retries.increment();
    }

    void recordCircuitOpened() {
        circuitOpened.increment();
    }

    void recordCircuitRejection() {
        circuitRejections.increment();
    }

    void recordTimeout() {
        timeouts.increment();
    }

    void recordBulkheadRejection() {
        bulkheadRejections.increment();
    }

    /** @return calls refused because the bulkhead was full */
    public long bulkheadRejections() {
        return bulkheadRejections.sum();
    }

    /** @return attempts of the original method, first attempts and retries */
    public long attempts() {
        return attempts.sum();
    }

    /** @return attempts after the first */
    public long retries() {
        return retries.sum();
    }

    /** @return times the circuit breaker opened */
    public long circuitOpened() {
        return circuitOpened.sum();
    }

    /** @return calls refused because the circuit was open */
    public long circuitRejections() {
        return circuitRejections.sum();
    }

    /** @return attempts cut off by the timeout */
    public long timeouts() {
        return timeouts.sum();
    }
}
