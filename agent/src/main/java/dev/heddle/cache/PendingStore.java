package dev.heddle.cache;

/**
 * A cache miss in progress: the method is running, and its answer is stored when it returns
 * normally with a non-null value. A thrown exception is never stored.
 */
public final class PendingStore {

    private final ResponseCache cache;
    private final CallKey key;
    private final CacheCounters counters;

    PendingStore(ResponseCache cache, CallKey key, CacheCounters counters) {
        this.cache = cache;
        this.key = key;
        this.counters = counters;
    }

    /**
     * @param returned what the method returned
     * @param thrown what it threw, or null
     */
    public void complete(Object returned, Throwable thrown) {
        if (thrown == null) cache.store(key, returned, counters);
    }
}
