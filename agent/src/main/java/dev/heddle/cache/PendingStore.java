package dev.heddle.cache;

import java.util.concurrent.CompletableFuture;

/**
 * A cache miss in progress: the method is running, and its answer is stored when it returns
 * normally with a non-null value (and, for a preset's call with a shared tier, written to Redis in
 * the background). A thrown exception is never stored. With single-flight, the
 * identical calls that arrived meanwhile wait for this one, and get its outcome when it ends.
 */
public final class PendingStore {

    private final ResponseCache cache;
    private final CallKey key;
    private final ResponseCache.SharedKey shared;
    private final CacheCounters counters;
    private final Object staleAnswer;
    private final CompletableFuture<Object> flight;

    PendingStore(ResponseCache cache, CallKey key, ResponseCache.SharedKey shared, CacheCounters counters, Object staleAnswer,
            CompletableFuture<Object> flight) {
        this.cache = cache;
        this.key = key;
        this.shared = shared;
        this.counters = counters;
        this.staleAnswer = staleAnswer;
        this.flight = flight;
    }

    /** @return the expired answer to the same request, kept for a fallback, or null */
    public Object staleAnswer() {
        return staleAnswer;
    }

    /**
     * The call answered: the answer is stored when it may be, and given to the calls waiting for it.
     *
     * @param returned what the method returned
     * @param storable whether the answer is whole and may be cached (a preset may find it cut off)
     */
    public void completed(Object returned, boolean storable) {
        try {
            if (storable) cache.store(key, shared, returned, counters);
        } finally {
            if (flight != null) cache.land(key, flight, returned, null);
        }
    }

    /**
     * The call failed, or never ran: nothing is stored, and the calls waiting for it learn so.
     *
     * @param failure why
     */
    public void failed(Throwable failure) {
        if (flight != null) cache.land(key, flight, null, failure);
    }
}
