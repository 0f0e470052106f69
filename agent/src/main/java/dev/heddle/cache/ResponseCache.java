package dev.heddle.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.heddle.api.CacheControl;
import dev.heddle.bootstrap.AgentLog;
import dev.heddle.bootstrap.Answer;
import dev.heddle.config.CacheConfig;
import dev.heddle.pipeline.FaultInjection;
import dev.heddle.preset.Preset;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * The exact response cache of one namespace, in process: Caffeine, bounded by {@code maxEntries},
 * each answer fresh for {@code ttl} after it was stored. Several rules may share one namespace.
 * With {@code staleFor}, an answer is kept that much longer: no longer a hit, but there for a
 * fallback to answer with while the vendor is down.
 *
 * <p>With a {@link RedisResponseStore}, the answers of a preset's calls are shared too: a local
 * miss asks Redis, and an answer found there is decoded by the preset, kept in process until it
 * expires in Redis, and counted as a hit; a stored answer goes to Redis as well, in the background.
 * Calls without a preset (annotations, {@code match:} rules) stay in process: their answers are
 * arbitrary objects with no codec. Stale answers stay per process.
 *
 * <p><b>Single-flight across JVMs.</b> When the single-flight leader of a preset's call finds no
 * answer in Redis either, it takes the call's lease in Redis ({@code SET NX PX}, see
 * {@link RedisResponseStore}) before it calls the model. When another JVM holds it, the leader
 * (and with it every identical call of this JVM) waits for that JVM's answer, looking for it every
 * {@link #LEASE_POLL} (a hit from Redis), until the lease is released or expires without one (then
 * it takes the lease itself, or waits for whoever did) or {@link #LEASE} has passed (then it calls
 * the model itself). Failures are never shared: an entry exists only for an answer. With Redis
 * unreachable no lease is taken, as without Redis.
 */
public final class ResponseCache {

    private final String namespace;
    private final Duration ttl;
    private final long maxEntries;
    private final Duration staleFor;
    private final boolean singleFlight;
    private final boolean cachesToolCalls;
    /** What stands in for the preset in the key of an entry kept in process only. */
    static final String LOCAL_ONLY = "local";

    private final Cache<CallKey, Dated> entries;

    /** @return the call's place in the shared tier; null without one, or for a call without a codec */
    private SharedKey sharedKey(CallKey key, Preset codec, ClassLoader sdkLoader) {
        return redis == null || codec == null ? null
                : new SharedKey(RedisResponseStore.key(namespace, codec.name(), key.canonicalText()), codec, sdkLoader);
    }
    /** The shared tier; null keeps every answer in process. */
    private final RedisResponseStore redis;
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

    /** How long a lease in Redis lasts if its holder never releases it, and the longest a call waits for another JVM's. */
    static final Duration LEASE = Duration.ofSeconds(30);
    /** How often a call that waits for another JVM's lease looks for its answer. */
    static final Duration LEASE_POLL = Duration.ofMillis(30);

    /** How long a lease lasts, and the longest wait for another JVM's; {@link #LEASE} but in tests. */
    private final Duration lease;

    /**
     * An answer with when it was stored, in {@link System#nanoTime()}: kept past its ttl for a
     * fallback, or read from Redis (stored, as far as this process goes, when its ttl in Redis began).
     */
    private record Dated(Object answer, long storedAt, boolean fromRedis) {
    }

    /** What a preset's call needs for the shared tier: its Redis key, its codec, and the loader to decode with. */
    record SharedKey(String redisKey, Preset codec, ClassLoader sdkLoader) {
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
        this(namespace, settings, staleFor, null);
    }

    /**
     * @param namespace the namespace, for log lines and shared keys
     * @param settings ttl and capacity
     * @param staleFor how long past its ttl an answer is kept for a fallback; zero keeps none
     * @param redis the shared tier for preset calls; null keeps every answer in process
     */
    public ResponseCache(String namespace, CacheConfig settings, Duration staleFor, RedisResponseStore redis) {
        this(namespace, settings, staleFor, redis, LEASE);
    }

    /**
     * @param namespace the namespace, for log lines and shared keys
     * @param settings ttl and capacity
     * @param staleFor how long past its ttl an answer is kept for a fallback; zero keeps none
     * @param redis the shared tier for preset calls; null keeps every answer in process
     * @param lease how long a lease in Redis lasts, and the longest wait for another JVM's
     */
    ResponseCache(String namespace, CacheConfig settings, Duration staleFor, RedisResponseStore redis, Duration lease) {
        this.lease = lease;
        this.namespace = namespace;
        this.redis = redis;
        this.ttl = settings.ttl();
        this.maxEntries = settings.maxEntries();
        this.staleFor = staleFor;
        this.singleFlight = settings.singleFlight();
        this.cachesToolCalls = settings.toolCalls();
        this.entries = Caffeine.newBuilder()
                // evictions run on the calling thread, never on the app's shared ForkJoinPool.commonPool
                .executor(Runnable::run)
                .maximumSize(settings.maxEntries())
                .expireAfterWrite(settings.ttl().plus(staleFor))
                .build();
    }

    /**
     * Looks a call up in process only.
     *
     * @param keyPrefix what identifies the method within the namespace (see {@link CacheKeyPrefix})
     * @param arguments the call's arguments
     * @param counters the counters of the rule that asks
     * @return as {@link #lookup(String, Object[], CacheCounters, Preset, ClassLoader)}
     */
    public Object lookup(String keyPrefix, Object[] arguments, CacheCounters counters) {
        return lookup(keyPrefix, arguments, counters, null, null);
    }

    /**
     * Looks a call up: in process, then, for a preset's call when the cache has a shared tier, in Redis.
     *
     * @param keyPrefix what identifies the method within the namespace (see {@link CacheKeyPrefix})
     * @param arguments the call's arguments
     * @param counters the counters of the rule that asks
     * @param codec the preset that encodes and decodes the call's answers; null keeps the call in process
     * @param sdkLoader a class loader that sees the SDK (the woven class's), to decode an answer from Redis
     * @return an {@link Answer} on a hit; a {@link JoinedFlight} when an identical call is already on
     *     its way to the model (single-flight); a {@link PendingStore} on a miss, to be completed when
     *     the method returns; null when the call cannot be keyed and must run uncached
     */
    public Object lookup(String keyPrefix, Object[] arguments, CacheCounters counters, Preset codec, ClassLoader sdkLoader) {
        return lookup(keyPrefix, arguments, counters, codec, sdkLoader, CacheControl.DEFAULT);
    }

    /**
     * Looks a call up as the caller's {@link CacheControl} allows: without reading (a miss that runs
     * on its own, joining no identical call), or accepting only answers younger than a maximum age.
     *
     * @param keyPrefix what identifies the method within the namespace (see {@link CacheKeyPrefix})
     * @param arguments the call's arguments
     * @param counters the counters of the rule that asks
     * @param codec the preset that encodes and decodes the call's answers; null keeps the call in process
     * @param sdkLoader a class loader that sees the SDK (the woven class's), to decode an answer from Redis
     * @param control the caller's cache control
     * @return as {@link #lookup(String, Object[], CacheCounters, Preset, ClassLoader)}; the
     *     {@link PendingStore} of a call that must not store stores nothing
     */
    public Object lookup(String keyPrefix, Object[] arguments, CacheCounters counters, Preset codec, ClassLoader sdkLoader,
            CacheControl control) {
        return lookup(keyPrefix, arguments, counters, codec, sdkLoader, control, true);
    }

    /**
     * As {@link #lookup(String, Object[], CacheCounters, Preset, ClassLoader, CacheControl)}, for a
     * caller that may not be able to wait: an asynchronous method's caller expects its future at
     * once, so when another JVM holds the lease on the request, it calls the model itself instead of
     * waiting for that JVM's answer.
     *
     * @param mayWait whether this thread may wait for another JVM's call (blocking methods)
     */
    public Object lookup(String keyPrefix, Object[] arguments, CacheCounters counters, Preset codec, ClassLoader sdkLoader,
            CacheControl control, boolean mayWait) {
        Object looked = lookupAs(keyPrefix, arguments, counters, codec, sdkLoader, control, mayWait);
        if (looked instanceof PendingStore pending && !control.stores()) pending.storeNothing();
        return looked;
    }

    private Object lookupAs(String keyPrefix, Object[] arguments, CacheCounters counters, Preset codec, ClassLoader sdkLoader,
            CacheControl control, boolean mayWait) {
        FaultInjection.at("cache.lookup");
        CallKey key;
        try {
            key = CallKey.of(keyPrefix, arguments);
        } catch (UnkeyableArgumentException e) {
            counters.recordUncacheable();
            // once per cache: an app that passes such arguments passes them on every call
            AgentLog.warnOnce("unkeyable:" + namespace, "a call in cache '" + namespace + "' runs uncached: " + e.getMessage()
                    + " (logged once per cache; the uncacheable counter counts them)");
            return null;
        }
        if (!control.reads()) {
            counters.recordMiss();
            return new PendingStore(this, key, sharedKey(key, codec, sdkLoader), counters, null, null);
        }
        long maxAge = control.maxAge().isEmpty() ? ttl.toNanos() : Math.min(ttl.toNanos(), control.maxAge().get().toNanos());
        Dated cached = entries.getIfPresent(key);
        Object stale = null;
        if (cached != null) {
            // Caffeine drops an entry stored here at its ttl; only a stale one, one read from Redis (whose
            // ttl began elsewhere) or a caller's maximum age needs the clock
            if (staleFor.isZero() && !cached.fromRedis() && maxAge == ttl.toNanos()) {
                counters.recordHit();
                return new Answer(cached.answer());
            }
            long age = System.nanoTime() - cached.storedAt();
            if (age <= maxAge) {
                counters.recordHit();
                return new Answer(cached.answer());
            }
            if (age > ttl.toNanos() && age <= ttl.toNanos() + staleFor.toNanos()) stale = cached.answer();
        }
        // the Redis key costs a SHA-256 of the request: made only once the process has no answer
        SharedKey shared = sharedKey(key, codec, sdkLoader);
        if (!singleFlight) {
            Object fromRedis = fromRedis(key, shared, counters, maxAge);
            if (fromRedis != null) return new Answer(fromRedis);
            counters.recordMiss();
            return new PendingStore(this, key, shared, counters, stale, null);
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
        try {
            return lead(key, shared, counters, maxAge, stale, mine, mayWait);
        } catch (RuntimeException | Error internalError) {
            // the identical calls must not wait for a flight that never takes off
            land(key, mine.outcome(), null, internalError);
            throw internalError;
        }
    }

    /** The leader of a flight: an answer another JVM shared through Redis, or the pending call that goes to the model. */
    private Object lead(CallKey key, SharedKey shared, CacheCounters counters, long maxAge, Object stale, Flight mine,
            boolean mayWait) {
        FaultInjection.at("singleflight");
        // only the leader asks Redis; the identical calls that arrive meanwhile wait for its answer
        Object fromRedis = fromRedis(key, shared, counters, maxAge);
        RedisResponseStore.Lease held = null;
        if (fromRedis == null && shared != null) {
            Object leased = leaseOrWait(key, shared, counters, maxAge, mayWait);
            if (leased instanceof RedisResponseStore.Lease lease) {
                held = lease;
            } else {
                fromRedis = leased;
            }
        }
        if (fromRedis != null) {
            land(key, mine.outcome(), fromRedis, null);
            return new Answer(fromRedis);
        }
        counters.recordMiss();
        RedisResponseStore.Lease release = held;
        return new PendingStore(this, key, shared, counters, stale, mine.outcome(),
                release == null ? null : () -> redis.releaseLater(release));
    }

    /**
     * Single-flight across JVMs, for a leader that found no answer in Redis: takes the call's lease,
     * or waits for the JVM that holds it to store its answer.
     *
     * @return the lease this call now holds; the answer another JVM stored meanwhile (a hit from
     *     Redis); or null when this call goes on without a lease: Redis is unreachable, the wait was
     *     interrupted or lasted {@link #lease}, or the other JVM's answer could not be used
     */
    private Object leaseOrWait(CallKey key, SharedKey shared, CacheCounters counters, long maxAgeNanos, boolean mayWait) {
        String leaseKey = RedisResponseStore.leaseKey(shared.redisKey());
        long deadline = System.nanoTime() + lease.toNanos();
        while (true) {
            RedisResponseStore.Lease taken = redis.tryLease(shared.redisKey(), leaseKey, lease.toMillis());
            if (taken == null) return null;
            if (taken.entry() != null) {
                // another JVM stored the answer since this call's read
                if (taken.acquired()) redis.releaseLater(taken);
                return fromEntry(key, shared, counters, maxAgeNanos, taken.entry());
            }
            if (taken.acquired()) return taken;
            if (!mayWait) return null;
            // another JVM is calling the model: wait for its answer, while it holds the lease
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    AgentLog.debug(() -> "cache '" + namespace + "': waited " + lease + " for another JVM's answer; this call"
                            + " goes to the model itself");
                    return null;
                }
                LockSupport.parkNanos(Math.min(left, LEASE_POLL.toNanos()));
                if (Thread.currentThread().isInterrupted()) return null;
                RedisResponseStore.Polled polled = redis.poll(shared.redisKey(), leaseKey);
                if (polled == null) return null;
                if (polled.entry() != null) {
                    Object answer = fromEntry(key, shared, counters, maxAgeNanos, polled.entry());
                    if (answer != null) counters.recordJoinedInRedis();
                    return answer;
                }
                // released or expired without an answer (the other call failed, or may not be stored): take it over
                if (!polled.leaseHeld()) break;
            }
        }
    }

    /**
     * The answer another JVM (or this one) shared through Redis, kept in process until it expires in
     * Redis; null when there is none, Redis is unreachable, or the preset cannot decode it.
     */
    private Object fromRedis(CallKey key, SharedKey shared, CacheCounters counters, long maxAgeNanos) {
        if (shared == null) return null;
        RedisResponseStore.Entry entry = redis.read(shared.redisKey());
        if (entry == null) return null;
        return fromEntry(key, shared, counters, maxAgeNanos, entry);
    }

    /** An entry read from Redis, decoded and kept in process, as {@link #fromRedis}. */
    private Object fromEntry(CallKey key, SharedKey shared, CacheCounters counters, long maxAgeNanos,
            RedisResponseStore.Entry entry) {
        if (ttl.toNanos() - entry.remainingMillis() * 1_000_000L > maxAgeNanos) return null;
        Object answer;
        try {
            answer = shared.codec().decode(entry.encoded(), shared.sdkLoader());
        } catch (RuntimeException | LinkageError undecodable) {
            AgentLog.warnOnce("cache-redis-decode:" + namespace, "cache '" + namespace + "': an answer in Redis could not be"
                    + " decoded by preset " + shared.codec().name() + ", so the call goes to the model: " + undecodable);
            return null;
        }
        if (answer == null) return null;
        long remaining = Math.min(ttl.toNanos(), entry.remainingMillis() * 1_000_000L);
        entries.put(key, new Dated(answer, System.nanoTime() - (ttl.toNanos() - remaining), true));
        counters.recordRedisHit();
        return answer;
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

    /** Stores an answer, in process and, for a preset's call, in Redis (in the background); null answers are never stored. */
    void store(CallKey key, SharedKey shared, Object answer, CacheCounters counters) {
        if (answer == null) return;
        long now = System.nanoTime();
        entries.put(key, new Dated(answer, now, false));
        counters.recordStore();
        if (shared != null) redis.writeLater(shared.redisKey(), () -> shared.codec().encode(answer), now + ttl.toNanos());
    }

    /**
     * The entry a call was answered from, for {@code Heddle.rejectLastAnswer()}: nothing is computed
     * until its key is asked for or it is evicted, so a hit pays only for this small object.
     *
     * @param keyPrefix the call's key prefix, as given to the lookup
     * @param arguments the call's key arguments, as given to the lookup
     * @param codec the preset, or null
     * @param sdkLoader the woven class's loader
     * @return the entry
     */
    public CacheEntryRef entryOf(String keyPrefix, Object[] arguments, Preset codec, ClassLoader sdkLoader) {
        Supplier<CallKey> key = () -> {
            try {
                return CallKey.of(keyPrefix, arguments);
            } catch (UnkeyableArgumentException keyedWhenItWasLookedUp) {
                throw new IllegalStateException(keyedWhenItWasLookedUp);
            }
        };
        return new CacheEntryRef(() -> {
            CallKey callKey = key.get();
            SharedKey place = sharedKey(callKey, codec, sdkLoader);
            return place != null ? place.redisKey() : RedisResponseStore.key(namespace, LOCAL_ONLY, callKey.canonicalText());
        }, () -> {
            CallKey callKey = key.get();
            entries.invalidate(callKey);
            SharedKey place = sharedKey(callKey, codec, sdkLoader);
            if (place != null) redis.deleteLater(place.redisKey());
        });
    }

    /** @return the entry stored for a key, which may be evicted here and (for a preset's call) in Redis */
    CacheEntryRef entry(CallKey key, SharedKey shared) {
        return new CacheEntryRef(
                () -> shared != null ? shared.redisKey() : RedisResponseStore.key(namespace, LOCAL_ONLY, key.canonicalText()),
                () -> {
                    entries.invalidate(key);
                    if (shared != null) redis.deleteLater(shared.redisKey());
                });
    }

    /**
     * An operator's eviction of one entry, named as {@link CacheEntryRef#key()} names it.
     *
     * @param entryKey the entry's key
     * @return whether this process held it
     */
    public boolean evict(String entryKey) {
        String hash = entryKey.substring(entryKey.lastIndexOf(':') + 1);
        boolean held = false;
        for (CallKey key : entries.asMap().keySet()) {
            if (RedisResponseStore.sha256(key.canonicalText()).equals(hash)) {
                entries.invalidate(key);
                held = true;
            }
        }
        if (redis != null && !entryKey.contains(":" + LOCAL_ONLY + "@")) redis.deleteLater(entryKey);
        return held;
    }

    /** Evicts every entry of this namespace in this process (Redis entries expire by themselves). */
    public void clear() {
        entries.invalidateAll();
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
        return ttl.equals(settings.ttl()) && maxEntries == settings.maxEntries() && this.staleFor.equals(staleFor)
                && cachesToolCalls == settings.toolCalls();
    }

    /** @return whether answers that ask the app to call tools are kept ({@code cache.toolCalls}) */
    public boolean cachesToolCalls() {
        return cachesToolCalls;
    }

    /** @return whether a preset's answers are shared through Redis */
    public boolean isShared() {
        return redis != null;
    }

    /** @return the number of entries now, approximately */
    public long size() {
        return entries.estimatedSize();
    }

    @Override
    public String toString() {
        return "cache '" + namespace + "' (ttl " + ttl + ", maxEntries " + maxEntries
                + (staleFor.isZero() ? "" : ", staleFor " + staleFor) + (redis == null ? "" : ", shared through Redis") + ")";
    }
}
