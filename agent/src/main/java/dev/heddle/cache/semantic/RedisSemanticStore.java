package dev.heddle.cache.semantic;

import dev.heddle.bootstrap.AgentLog;
import dev.heddle.redis.EntrySeal;
import dev.heddle.redis.NamespaceTag;
import dev.heddle.redis.RedisClients;
import dev.heddle.redis.RedisEndpoint;
import dev.heddle.redis.RedisTierHealth;
import dev.heddle.redis.RejectedEntries;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import redis.clients.jedis.AbstractTransaction;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.params.XAddParams;

/**
 * The shared tier of the semantic caches: entries in Redis that every JVM on the same Redis loads
 * into its own vector index, so that an answer one JVM got from the model is a semantic hit in all
 * of them. Only a preset's answers are shared (a preset encodes them; see {@link SemanticCache}).
 *
 * <p><b>Keys</b>, for a namespace whose cluster hash tag is {@code {<namespace>}} (braces and
 * {@code %} percent-encoded, as in the exact tier):
 * <ul>
 *   <li>{@code heddle:s:{<namespace>}:v<format>:<entry uuid>}: a string, the entry's
 *       {@link SharedEntry} fields ({@code partition}: context fingerprint, embedder id and scope;
 *       the last user message; the vector; the preset; the preset's encoding of the answer) sealed
 *       whole by {@link EntrySeal}, so that a JVM loads no field that was changed, and no entry that
 *       was planted or copied from another key (counted in {@link #rejected()}, logged once); it
 *       expires ({@code PX}) when the entry does in the JVM that stored it: the ttl is absolute. A new
 *       format version changes the key, so old entries are never read.</li>
 *   <li>{@code heddle:s:{<namespace>}:feed}: a stream of changes, {@code id <uuid> o <origin>} for
 *       an entry stored and {@code evict <uuid> o <origin>} for one evicted, trimmed to about twice
 *       the namespace's {@code maxEntries} ({@code XADD ... MAXLEN ~}). Records are not sealed: they
 *       only name entries (which are) and evictions, and whoever can write a record can delete an
 *       entry too; the worst a forged record does is a miss.</li>
 * </ul>
 *
 * <p><b>Writes</b> (the hash, its expiry and the feed record, in one {@code MULTI}) never hold the
 * caller up: one daemon thread sends them from a queue of {@value #WRITE_QUEUE_CAPACITY}, and encodes
 * the answer there. <b>Reads</b> happen on each namespace's {@link SemanticFeed} thread only; a
 * lookup never goes to Redis.
 *
 * <p><b>When Redis is unreachable</b> each JVM's semantic tier works in process only, logged once;
 * writes are dropped (their entries stay in the JVM that stored them, also after Redis is back),
 * the feeds reconnect by themselves and load the shared entries again once Redis answers (logged
 * once).
 */
public final class RedisSemanticStore implements AutoCloseable {

    /** The start of every key. */
    public static final String KEY_PREFIX = "heddle:s:";
    /** Raise when the entry's fields or their encoding change: old entries are then never read. */
    static final int FORMAT_VERSION = 2;
    static final int WRITE_QUEUE_CAPACITY = 1_000;

    /**
     * An entry to share.
     *
     * @param uuid its id across JVMs
     * @param partition its partition
     * @param text the request's last user message
     * @param vector the message's embedding
     * @param preset the name of the preset that encodes and decodes the answer
     */
    record Write(String uuid, String partition, String text, float[] vector, String preset) {
    }

    private final RedisEndpoint endpoint;
    private final String endpointText;
    private final Duration timeout;
    private final RedisClient redis;
    private final RedisTierHealth health;
    private final ThreadPoolExecutor writer;
    private final LongAdder writes = new LongAdder();
    private final LongAdder droppedWrites = new LongAdder();
    private final EntrySeal seal;
    private final RejectedEntries rejected = new RejectedEntries("semantic cache");
    /** Names this store (this JVM, in production) in the feed, so that it skips its own records. */
    private final String origin = UUID.randomUUID().toString();
    private final List<SemanticFeed> feeds = new CopyOnWriteArrayList<>();

    /**
     * Connects lazily: nothing happens on the network until the first write or feed.
     *
     * @param endpoint the Redis, with its TLS, login and database
     * @param timeout the longest wait to connect, for a reply, and for a free pooled connection
     * @param seal seals the entries this store writes and opens those its feeds read
     */
    public RedisSemanticStore(RedisEndpoint endpoint, Duration timeout, EntrySeal seal) {
        this.seal = seal;
        this.endpoint = endpoint;
        this.endpointText = endpoint.toString();
        this.health = new RedisTierHealth("semantic cache", endpointText, "semantic entries stay in each process (entries"
                + " stored meanwhile stay in the process that stored them)", "semantic entries are shared through it again");
        this.timeout = timeout;
        // only the writer thread uses this client; each feed has its own
        this.redis = RedisClients.pooled(endpoint, timeout, timeout, 2);
        this.writer = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(WRITE_QUEUE_CAPACITY),
                task -> {
                    Thread thread = new Thread(task, "heddle-semantic-redis-writer");
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /**
     * @param namespace a cache namespace
     * @param uuid an entry's id
     * @return the key of the entry's hash
     */
    static String entryKey(String namespace, String uuid) {
        return KEY_PREFIX + NamespaceTag.of(namespace) + ":v" + FORMAT_VERSION + ":" + uuid;
    }

    /**
     * @param namespace a cache namespace
     * @return the key of its change feed
     */
    static String feedKey(String namespace) {
        return KEY_PREFIX + NamespaceTag.of(namespace) + ":feed";
    }

    /** @return this store's name in the feed records it writes */
    String origin() {
        return origin;
    }

    /**
     * Starts the feed of a namespace on its own daemon thread: it loads the shared entries, then
     * follows the changes.
     *
     * @param namespace the namespace
     * @param listener where the changes go
     * @return the running feed; {@link SemanticFeed#close()} stops it
     */
    SemanticFeed startFeed(String namespace, SemanticFeed.Listener listener) {
        SemanticFeed feed = new SemanticFeed(this, namespace, listener);
        feeds.add(feed);
        feed.start();
        return feed;
    }

    /** @return a new client for one feed, whose reply timeout leaves room for its blocking reads */
    RedisClient feedClient() {
        return RedisClients.pooled(endpoint, timeout, timeout.plus(SemanticFeed.BLOCK), 1);
    }

    /**
     * Queues a write; the caller never waits for Redis, nor for the encoding.
     *
     * @param namespace the namespace
     * @param feedLength about how many records the feed keeps
     * @param entry the entry
     * @param encodedAnswer encodes the answer, on the writer's thread; null or a failure writes nothing
     * @param expiresAtNanos when the entry expires, in {@link System#nanoTime()}
     */
    void writeLater(String namespace, long feedLength, Write entry, Supplier<String> encodedAnswer, long expiresAtNanos) {
        try {
            writer.execute(() -> write(namespace, feedLength, entry, encodedAnswer, expiresAtNanos));
        } catch (RejectedExecutionException full) {
            droppedWrites.increment();
            AgentLog.warnOnce("semantic-redis-writes-dropped:" + endpointText, "semantic cache: more than "
                    + WRITE_QUEUE_CAPACITY + " entries waited to be written to Redis at " + endpointText
                    + "; entries beyond that stay in this process only");
        }
    }

    private void write(String namespace, long feedLength, Write entry, Supplier<String> encodedAnswer, long expiresAtNanos) {
        long ttlMillis = TimeUnit.NANOSECONDS.toMillis(expiresAtNanos - System.nanoTime());
        if (ttlMillis <= 0 || !health.mayTry()) return;
        String answer;
        try {
            answer = encodedAnswer.get();
        } catch (RuntimeException | LinkageError unencodable) {
            AgentLog.warnOnce("semantic-redis-encode:" + namespace, "semantic cache '" + namespace + "': an answer could not"
                    + " be encoded by preset " + entry.preset() + " for Redis, so it stays in this process: " + unencodable);
            return;
        }
        if (answer == null) return;
        String key = entryKey(namespace, entry.uuid());
        String sealed = seal.seal(key, new SharedEntry(entry.partition(), entry.text(), entry.vector(), entry.preset(), answer)
                .encode());
        try (AbstractTransaction transaction = redis.multi()) {
            transaction.set(key, sealed, SetParams.setParams().px(ttlMillis));
            transaction.xadd(feedKey(namespace), XAddParams.xAddParams().maxLen(feedLength).approximateTrimming(),
                    Map.of(SemanticFeed.ADDED, entry.uuid(), SemanticFeed.ORIGIN, origin));
            transaction.exec();
        } catch (RuntimeException e) {
            failed(e);
            return;
        }
        answered();
        writes.increment();
    }

    /**
     * Queues the eviction of a shared entry: its hash is deleted and every JVM drops it.
     *
     * @param namespace the namespace
     * @param feedLength about how many records the feed keeps
     * @param uuid the entry's id
     */
    void evictLater(String namespace, long feedLength, String uuid) {
        try {
            writer.execute(() -> {
                if (!health.mayTry()) return;
                try (AbstractTransaction transaction = redis.multi()) {
                    transaction.del(entryKey(namespace, uuid));
                    transaction.xadd(feedKey(namespace), XAddParams.xAddParams().maxLen(feedLength).approximateTrimming(),
                            Map.of(SemanticFeed.EVICTED, uuid, SemanticFeed.ORIGIN, origin));
                    transaction.exec();
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
     * Opens an entry a feed read: the seal, then the fields. What does not open is counted and logged
     * once; a sealed entry whose fields cannot be read (a bug, not an attack: the MAC held) is logged once.
     *
     * @param namespace the namespace
     * @param key the entry's key
     * @param stored what Redis held there
     * @return the entry's fields; null when it is rejected or unreadable
     */
    SharedEntry open(String namespace, String key, String stored) {
        EntrySeal.Opened opened = seal.open(key, stored);
        if (!opened.isOpen()) {
            rejected.record(opened.rejection(), key);
            return null;
        }
        try {
            return SharedEntry.decode(opened.payload());
        } catch (IllegalArgumentException unreadable) {
            AgentLog.warnOnce("semantic-feed-entry:" + namespace, "semantic cache '" + namespace + "': a shared entry in"
                    + " Redis could not be read, so it is skipped: " + unreadable.getMessage());
            return null;
        }
    }

    /** @return the entries read from Redis and rejected, by reason: never loaded, never served */
    public RejectedEntries rejected() {
        return rejected;
    }

    /** A command of this store or of a feed failed. */
    void failed(RuntimeException e) {
        health.failed(e, redis);
    }

    /** A command of this store or of a feed succeeded. */
    void answered() {
        health.answered();
    }

    /** @return whether Redis is taken to be down */
    public boolean isDown() {
        return health.isDown();
    }

    /** @return entries written to Redis */
    public long writes() {
        return writes.sum();
    }

    /** @return entries and evictions not written because the write queue was full */
    public long droppedWrites() {
        return droppedWrites.sum();
    }

    @Override
    public String toString() {
        return "semantic entries in Redis at " + endpointText;
    }

    @Override
    public void close() {
        feeds.forEach(SemanticFeed::close);
        writer.shutdownNow();
        redis.close();
    }
}
