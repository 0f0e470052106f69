package dev.heddle.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.heddle.bootstrap.AgentLog;
import dev.heddle.bootstrap.Answer;
import dev.heddle.config.CacheConfig;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The exact response cache of one namespace, in process: Caffeine, bounded by {@code maxEntries},
 * each answer fresh for {@code ttl} after it was stored. Several rules may share one namespace.
 * With {@code staleFor}, an answer is kept that much longer: no longer a hit, but there for a
 * fallback to answer with while the vendor is down.
 */
public final class ResponseCache {

    private final String namespace;
    private final Duration ttl;
    private final long maxEntries;
    private final Duration staleFor;
    private final boolean singleFlight;
    private final Cache<CallKey, Object> entries;
    /** The calls on their way to the model, by key, with when they started, for single-flight. */
    private final Map<CallKey, Flight> flights = new ConcurrentHashMap<>();

    /** A call on its way to the model; the identical calls that miss meanwhile wait for it. */
    private record Flight(CompletableFuture<Object> outcome, long startedNanos) {
    }

    /**
     * A flight older than this is taken to be lost (its call ended in a way the pipeline never saw)
     * and the next identical call leads a new one, so that one lost flight cannot hold a key for good.
     */
    static final Duration FLIGHT_MAX_AGE = Duration.ofSeconds(60);

    /** An answer kept past its ttl for a fallback, with when it was stored, in {@link System#nanoTime()}. */
    private record Dated(Object answer, long storedAt) {
    }

    /**
     * @param namespace the namespace, for log lines
     * @param settings ttl and capacity
     */
    public ResponseCache(String namespace, CacheConfig settings) {
        this(namespace, settings, Duration.ZERO);
    }

    /**
     * @param namespace the namespace, for log lines
     * @param settings ttl and capacity
     * @param staleFor how long past its ttl an answer is kept for a fallback; zero keeps none
     */
    public ResponseCache(String namespace, CacheConfig settings, Duration staleFor) {
        this.namespace = namespace;
        this.ttl = settings.ttl();
        this.maxEntries = settings.maxEntries();
        this.staleFor = staleFor;
        this.singleFlight = settings.singleFlight();
        this.entries = Caffeine.newBuilder()
                .maximumSize(settings.maxEntries())
                .expireAfterWrite(settings.ttl().plus(staleFor))
                .build();
    }

    /**
     * Looks a call up.
     *
     * @param keyPrefix what identifies the method within the namespace (see {@link CacheKeyPrefix})
     * @param arguments the call's arguments
     * @param counters the counters of the rule that asks
     * @return an {@link Answer} on a hit; a {@link JoinedFlight} when an identical call is already on
     *     its way to the model (single-flight); a {@link PendingStore} on a miss, to be completed when
     *     the method returns; null when the call cannot be keyed and must run uncached
     */
    public Object lookup(String keyPrefix, Object[] arguments, CacheCounters counters) {
        CallKey key;
        try {
            key = CallKey.of(keyPrefix, arguments);
        } catch (UnkeyableArgumentException e) {
            counters.recordUncacheable();
            AgentLog.debug(() -> "call runs uncached in cache '" + namespace + "': " + e.getMessage());
            return null;
        }
        Object cached = entries.getIfPresent(key);
        Object stale = null;
        if (cached instanceof Dated dated) {
            if (System.nanoTime() - dated.storedAt() <= ttl.toNanos()) {
                cached = dated.answer();
            } else {
                stale = dated.answer();
                cached = null;
            }
        }
        if (cached != null) {
            counters.recordHit();
            return new Answer(cached);
        }
        if (!singleFlight) {
            counters.recordMiss();
            return new PendingStore(this, key, counters, stale, null);
        }
        Flight mine = new Flight(new CompletableFuture<>(), System.nanoTime());
        Flight leading = flights.putIfAbsent(key, mine);
        if (leading != null && System.nanoTime() - leading.startedNanos() > FLIGHT_MAX_AGE.toNanos()
                && flights.replace(key, leading, mine)) {
            leading = null;
        }
        if (leading != null) {
            counters.recordJoined();
            return new JoinedFlight(leading.outcome());
        }
        counters.recordMiss();
        return new PendingStore(this, key, counters, stale, mine.outcome());
    }

    /** Ends a flight: the next identical call leads a new one, and the waiting ones get this outcome. */
    void land(CallKey key, CompletableFuture<Object> outcome, Object answer, Throwable failure) {
        flights.computeIfPresent(key, (ignored, flight) -> flight.outcome() == outcome ? null : flight);
        if (failure == null) {
            outcome.complete(answer);
        } else {
            outcome.completeExceptionally(failure);
        }
    }

    /** Stores an answer; null answers are never stored. */
    void store(CallKey key, Object answer, CacheCounters counters) {
        if (answer == null) return;
        entries.put(key, staleFor.isZero() ? answer : new Dated(answer, System.nanoTime()));
        counters.recordStore();
    }

    /**
     * @param settings the settings a rule asks for, keeping no stale answers
     * @return whether this cache was built with them
     */
    public boolean hasSettings(CacheConfig settings) {
        return hasSettings(settings, Duration.ZERO);
    }

    /**
     * @param settings the settings a rule asks for
     * @param staleFor how long past its ttl the rule wants answers kept
     * @return whether this cache was built with them
     */
    public boolean hasSettings(CacheConfig settings, Duration staleFor) {
        return ttl.equals(settings.ttl()) && maxEntries == settings.maxEntries() && this.staleFor.equals(staleFor);
    }

    /** @return the number of entries now, approximately */
    public long size() {
        return entries.estimatedSize();
    }

    @Override
    public String toString() {
        return "cache '" + namespace + "' (ttl " + ttl + ", maxEntries " + maxEntries
                + (staleFor.isZero() ? "" : ", staleFor " + staleFor) + ")";
    }
}
