package dev.heddle.quota;

/**
 * Identifies an in-process counter: the same key under another scope, algorithm or window is
 * another counter.
 */
record CounterKey(String scope, String key, Limit.Algorithm algorithm, long windowNanos) {

    static CounterKey of(String scope, Charge charge) {
        return new CounterKey(scope, charge.key(), charge.limit().algorithm(), charge.limit().windowNanos());
    }

    Counter newCounter() {
        return algorithm == Limit.Algorithm.SLIDING_WINDOW ? new SlidingLog(windowNanos) : new GcraBucket(windowNanos);
    }
}
