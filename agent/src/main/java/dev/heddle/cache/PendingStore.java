package dev.heddle.cache;

import dev.heddle.pipeline.FaultInjection;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A cache miss in progress: the method is running, and its answer is stored when it returns
 * normally with a non-null value (and, for a preset's call with a shared tier, written to Redis in
 * the background). A thrown exception is never stored. With single-flight, the
 * identical calls that arrived meanwhile wait for this one, and get its outcome when it ends; with
 * a lease in Redis, the calls of other JVMs wait too, and the lease is released when this one ends
 * (after its answer's write, when it has one).
 */
public final class PendingStore {

    private final ResponseCache cache;
    private final CallKey key;
    private final ResponseCache.SharedKey shared;
    private final CacheCounters counters;
    private final Object staleAnswer;
    private final CompletableFuture<Object> flight;
    /** Releases this call's lease in Redis (single-flight across JVMs), behind its answer's write; null without one. */
    private final Runnable releaseLease;
    /** Where else a stored answer goes (the semantic tier); set before the call runs, by the calling thread. */
    private Consumer<Object> alsoStore;
    /** False for a call whose {@code CacheControl} says not to store. */
    private boolean stores = true;

    PendingStore(ResponseCache cache, CallKey key, ResponseCache.SharedKey shared, CacheCounters counters, Object staleAnswer,
            CompletableFuture<Object> flight) {
        this(cache, key, shared, counters, staleAnswer, flight, null);
    }

    PendingStore(ResponseCache cache, CallKey key, ResponseCache.SharedKey shared, CacheCounters counters, Object staleAnswer,
            CompletableFuture<Object> flight, Runnable releaseLease) {
        this.releaseLease = releaseLease;
        this.cache = cache;
        this.key = key;
        this.shared = shared;
        this.counters = counters;
        this.staleAnswer = staleAnswer;
        this.flight = flight;
    }

    /**
     * @param store what else to do with an answer that is stored, such as keeping it in the semantic
     *     tier; it must not throw
     */
    public void alsoStore(Consumer<Object> store) {
        this.alsoStore = store;
    }

    /** The caller asked that its answer not be kept: it is still given to the calls waiting for it. */
    void storeNothing() {
        stores = false;
    }

    /** @return the entry this call's answer is stored as, for {@code Heddle.rejectLastAnswer()} */
    public CacheEntryRef entry() {
        return cache.entry(key, shared);
    }

    /** @return whether this call's answer is kept when it may be */
    public boolean stores() {
        return stores;
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
            if (stores && storable && returned != null) {
                FaultInjection.at("cache.store");
                cache.store(key, shared, returned, counters);
                if (alsoStore != null) alsoStore.accept(returned);
            }
        } finally {
            if (flight != null) cache.land(key, flight, returned, null);
            if (releaseLease != null) releaseLease.run();
        }
    }

    /**
     * The call failed, or never ran: nothing is stored, and the calls waiting for it learn so.
     *
     * @param failure why
     */
    public void failed(Throwable failure) {
        try {
            if (flight != null) cache.land(key, flight, null, failure);
        } finally {
            if (releaseLease != null) releaseLease.run();
        }
    }
}
