package dev.heddle.cache;

/**
 * A cache miss in progress: the method is running, and its answer is stored when it returns
 * normally with a non-null value. A thrown exception is never stored.
 */
public final class PendingStore {

    private final ResponseCache cache;
    private final CallKey key;
    private final CacheCounters counters;
    private final Object staleAnswer;

    PendingStore(ResponseCache cache, CallKey key, CacheCounters counters, Object staleAnswer) {
        this.cache = cache;
        this.key = key;
        this.counters = counters;
        this.staleAnswer = staleAnswer;
    }

    /** @return the expired answer to the same request, kept for a fallback, or null */
    public Object staleAnswer() {
        return staleAnswer;
    }

    /**
     * @param returned what the method returned
     * @param thrown what it threw, or null
     */
    public void complete(Object returned, Throwable thrown) {
        if (thrown == null) cache.store(key, returned, counters);
    }
}
