package dev.heddle.cache;

import dev.heddle.bootstrap.AgentLog;
import dev.heddle.redis.EntrySeal;
import dev.heddle.redis.KeyText;
import dev.heddle.redis.NamespaceTag;
import dev.heddle.redis.RedisClients;
import dev.heddle.redis.RedisEndpoint;
import dev.heddle.redis.RedisTierHealth;
import dev.heddle.redis.RejectedEntries;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.params.SetParams;

/**
 * The second tier of the exact response cache: encoded answers in Redis, shared by every JVM that
 * uses the same Redis. Only answers that a preset can encode live here (see {@link ResponseCache}).
 *
 * <p><b>Keys.</b> {@code heddle:c:{<namespace>}:<preset>@v<format>:<sha-256 of the call key's
 * canonical text>}. The format version changes whenever the key text or a preset's encoding does,
 * so an old entry is never decoded by new code. Braces and {@code %} in a namespace are
 * percent-encoded, so the namespace is the key's cluster hash tag and ends at the first {@code }}.
 *
 * <p><b>Values</b> are the preset's encoding sealed by {@link EntrySeal} (a MAC over the key and the
 * encoding): an entry that does not open (changed, planted, copied from another key, or sealed with
 * another signing key) is a miss, counted ({@link #rejected()}) and logged once, and never decoded.
 *
 * <p><b>Reads</b> are one round trip ({@code GET} and {@code PTTL}, pipelined) on the caller's
 * thread, bounded by the command timeout. <b>Writes</b> never hold the caller up: they are encoded
 * and sent ({@code SET ... PX <ttl left>}) by one daemon thread from a queue of
 * {@value #WRITE_QUEUE_CAPACITY} writes; a write that finds the queue full is dropped and counted.
 * An entry expires in Redis when it expires in the JVM that stored it, and a JVM that reads it keeps
 * it only as long as Redis does: the ttl is absolute, whoever reads the entry.
 *
 * <p><b>Leases</b> (single-flight across JVMs): the single-flight leader of a preset's call that
 * Redis has no answer for takes {@code SET heddle:l:{<namespace>}:<preset>@v<format>:<sha-256> <token>
 * NX PX <lease>} (the entry's key, with {@code l} for {@code c}) before it calls the model. A JVM
 * that finds the lease held waits for the entry instead ({@link #poll}: {@code GET}, {@code PTTL}
 * and {@code EXISTS} of the lease, pipelined, every few tens of milliseconds). The holder releases
 * its lease with a compare-and-delete script, queued behind its answer's write, so a waiting JVM
 * sees the answer before it sees the lease gone.
 *
 * <p><b>When Redis is unreachable</b> the cache works in process only: the outage is logged once,
 * at most one read or write a second probes Redis, and once Redis answers the tier is used again
 * (logged once). Reads and writes made meanwhile are not replayed. No lease is taken meanwhile.
 */
public final class RedisResponseStore implements AutoCloseable {

    /** The start of every key. */
    public static final String KEY_PREFIX = "heddle:c:";
    /** The start of every lease's key. */
    public static final String LEASE_PREFIX = "heddle:l:";
    /** Deletes a lease only when it still holds the token of the one who took it. */
    private static final String RELEASE_SCRIPT =
            "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";
    /** Raise when the canonical key text or any preset's encoding changes: old entries are then never read. */
    static final int FORMAT_VERSION = 2;
    static final int WRITE_QUEUE_CAPACITY = 1_000;

    /** An encoded answer found in Redis, and how much longer Redis keeps it. */
    record Entry(String encoded, long remainingMillis) {
    }

    /**
     * A lease asked for.
     *
     * @param key the lease's key
     * @param token what this call wrote into it, to release only its own
     * @param acquired whether this call holds it; false when another call (in any JVM) does
     * @param entry the answer, when one was stored meanwhile; null mostly
     */
    record Lease(String key, String token, boolean acquired, Entry entry) {
    }

    /**
     * What a call that waits for another JVM's lease finds.
     *
     * @param entry the answer, once stored; null until then
     * @param leaseHeld whether the lease is still held
     */
    record Polled(Entry entry, boolean leaseHeld) {
    }

    private final String endpoint;
    private final RedisClient redis;
    private final RedisTierHealth health;
    private final ThreadPoolExecutor writer;
    private final LongAdder writes = new LongAdder();
    private final LongAdder droppedWrites = new LongAdder();
    private final EntrySeal seal;
    private final RejectedEntries rejected = new RejectedEntries("response cache");
    /** Names this store (this JVM, in production) in the tokens of its leases. */
    private final String instanceId = UUID.randomUUID().toString();
    private final AtomicLong leaseTokens = new AtomicLong();

    /**
     * Connects lazily: nothing happens on the network until the first read or write.
     *
     * @param endpoint the Redis, with its TLS, login and database
     * @param timeout the longest wait to connect, for a reply, and for a free pooled connection
     * @param poolSize the most connections; a read holds one for one round trip
     * @param seal seals what this store writes and opens what it reads
     */
    public RedisResponseStore(RedisEndpoint endpoint, Duration timeout, int poolSize, EntrySeal seal) {
        this.seal = seal;
        this.endpoint = endpoint.toString();
        this.health = new RedisTierHealth("response cache", this.endpoint, "answers are cached in each process only",
                "answers are shared through it again");
        this.redis = RedisClients.pooled(endpoint, timeout, timeout, poolSize);
        this.writer = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(WRITE_QUEUE_CAPACITY),
                task -> {
                    Thread thread = new Thread(task, "heddle-cache-redis-writer");
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /**
     * @param namespace the cache namespace
     * @param preset the preset whose codec encodes the entry
     * @param canonicalText the call key's canonical text
     * @return the Redis key
     */
    static String key(String namespace, String preset, String canonicalText) {
        return KEY_PREFIX + NamespaceTag.of(namespace) + ":" + preset + "@v" + FORMAT_VERSION + ":" + sha256(canonicalText);
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(KeyText.bytes(text)));
        } catch (NoSuchAlgorithmException everyJdkHasIt) {
            throw new IllegalStateException(everyJdkHasIt);
        }
    }

    /**
     * @param entryKey an entry's key, from {@link #key}
     * @return the key of the lease for that entry
     */
    static String leaseKey(String entryKey) {
        return LEASE_PREFIX + entryKey.substring(KEY_PREFIX.length());
    }

    /**
     * Asks for the lease of a call ({@code SET NX PX}, and {@code GET} and {@code PTTL} of its
     * entry, pipelined), on the caller's thread: one round trip.
     *
     * @param key the entry's key, read in the same round trip
     * @param leaseKey from {@link #leaseKey}
     * @param leaseMillis how long the lease lasts at most, should its holder never release it
     * @return the lease, held by this call or by another, with the entry when one is there by now;
     *     null when Redis is unreachable or failed, and the call goes on without a lease
     */
    Lease tryLease(String key, String leaseKey, long leaseMillis) {
        if (!health.mayTry()) return null;
        String token = instanceId + ":" + leaseTokens.incrementAndGet();
        String reply;
        String encoded;
        long remaining;
        try (Pipeline pipeline = redis.pipelined()) {
            Response<String> set = pipeline.set(leaseKey, token, SetParams.setParams().nx().px(leaseMillis));
            // an answer stored between the caller's read and now: the lease is then given back at once
            Response<String> value = pipeline.get(key);
            Response<Long> ttl = pipeline.pttl(key);
            pipeline.sync();
            reply = set.get();
            encoded = value.get();
            remaining = ttl.get();
        } catch (RuntimeException e) {
            failed(e);
            return null;
        }
        answered();
        return new Lease(leaseKey, token, "OK".equals(reply), entry(key, encoded, remaining, false));
    }

    /**
     * One look, for a call that waits for another JVM's lease: is the answer there, is the lease still held.
     *
     * @param key the entry's key
     * @param leaseKey the lease's key
     * @return what it found; null when Redis is unreachable or failed
     */
    Polled poll(String key, String leaseKey) {
        if (!health.mayTry()) return null;
        String encoded;
        long remaining;
        boolean held;
        try (Pipeline pipeline = redis.pipelined()) {
            Response<String> value = pipeline.get(key);
            Response<Long> ttl = pipeline.pttl(key);
            Response<Boolean> lease = pipeline.exists(leaseKey);
            pipeline.sync();
            encoded = value.get();
            remaining = ttl.get();
            held = lease.get();
        } catch (RuntimeException e) {
            failed(e);
            return null;
        }
        answered();
        return new Polled(entry(key, encoded, remaining, false), held);
    }

    /**
     * Queues the release of a lease this call holds, behind the writes queued before it (its answer's
     * among them): a JVM waiting for the lease finds the answer before it finds the lease gone. A
     * release that cannot be queued or sent leaves the lease to expire.
     *
     * @param lease a lease with {@link Lease#acquired()}
     */
    void releaseLater(Lease lease) {
        try {
            writer.execute(() -> {
                if (!health.mayTry()) return;
                try {
                    redis.eval(RELEASE_SCRIPT, List.of(lease.key()), List.of(lease.token()));
                } catch (RuntimeException e) {
                    failed(e);
                    return;
                }
                answered();
            });
        } catch (RejectedExecutionException full) {
            droppedWrites.increment();
        }
    }

    /**
     * @param key the Redis key
     * @return the entry; null when Redis has none, or is unreachable
     */
    Entry read(String key) {
        if (!health.mayTry()) return null;
        String encoded;
        long remaining;
        try (Pipeline pipeline = redis.pipelined()) {
            Response<String> value = pipeline.get(key);
            Response<Long> ttl = pipeline.pttl(key);
            pipeline.sync();
            encoded = value.get();
            remaining = ttl.get();
        } catch (RuntimeException e) {
            failed(e);
            return null;
        }
        answered();
        return entry(key, encoded, remaining, true);
    }

    /**
     * An entry read with its {@code PTTL}: none for a key without expiry (-1, not written by Heddle),
     * gone (-2), or whose seal does not open.
     *
     * @param count whether a rejection is counted: by the lookup's first read only, not again by the
     *     lease and the polls of the same lookup, so that one rejected entry counts once a lookup
     */
    private Entry entry(String key, String stored, long remainingMillis, boolean count) {
        if (stored == null || remainingMillis <= 0) return null;
        EntrySeal.Opened opened = seal.open(key, stored);
        if (!opened.isOpen()) {
            if (count) rejected.record(opened.rejection(), key);
            return null;
        }
        return new Entry(opened.payload(), remainingMillis);
    }

    /**
     * Queues a delete, for an answer rejected as wrong or evicted by an operator.
     *
     * @param key the Redis key
     */
    void deleteLater(String key) {
        try {
            writer.execute(() -> {
                if (!health.mayTry()) return;
                try {
                    redis.del(key);
                } catch (RuntimeException e) {
                    failed(e);
                    return;
                }
                answered();
            });
        } catch (RejectedExecutionException full) {
            droppedWrites.increment();
        }
    }

    /**
     * Queues a write; the caller never waits for Redis, nor for the encoding.
     *
     * @param key the Redis key
     * @param encoded encodes the answer, on the writer's thread; null or a failure writes nothing
     * @param expiresAtNanos when the entry expires, in {@link System#nanoTime()}
     */
    void writeLater(String key, Supplier<String> encoded, long expiresAtNanos) {
        try {
            writer.execute(() -> write(key, encoded, expiresAtNanos));
        } catch (RejectedExecutionException full) {
            droppedWrites.increment();
            AgentLog.warnOnce("cache-redis-writes-dropped:" + endpoint, "response cache: more than " + WRITE_QUEUE_CAPACITY
                    + " answers waited to be written to Redis at " + endpoint + "; answers beyond that stay in this"
                    + " process only");
        }
    }

    private void write(String key, Supplier<String> encoded, long expiresAtNanos) {
        long ttlMillis = TimeUnit.NANOSECONDS.toMillis(expiresAtNanos - System.nanoTime());
        if (ttlMillis <= 0 || !health.mayTry()) return;
        String value;
        try {
            value = encoded.get();
        } catch (RuntimeException unencodable) {
            AgentLog.warnOnce("cache-redis-encode:" + key.substring(0, key.lastIndexOf(':')), "response cache: an answer"
                    + " could not be encoded for Redis, so it stays in this process: " + unencodable);
            return;
        }
        if (value == null) return;
        try {
            redis.set(key, seal.seal(key, value), SetParams.setParams().px(ttlMillis));
        } catch (RuntimeException e) {
            failed(e);
            return;
        }
        answered();
        writes.increment();
    }

    private void failed(RuntimeException e) {
        health.failed(e, redis);
    }

    private void answered() {
        health.answered();
    }

    /** @return whether Redis is taken to be down, and the cache works in process only */
    public boolean isDown() {
        return health.isDown();
    }

    /** @return answers written to Redis */
    public long writes() {
        return writes.sum();
    }

    /** @return the entries read from Redis and rejected, by reason: never decoded, never served */
    public RejectedEntries rejected() {
        return rejected;
    }

    /** @return answers not written because the write queue was full */
    public long droppedWrites() {
        return droppedWrites.sum();
    }

    @Override
    public void close() {
        writer.shutdownNow();
        redis.close();
    }
}
