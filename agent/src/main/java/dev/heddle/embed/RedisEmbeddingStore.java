package dev.heddle.embed;

import dev.heddle.redis.EntrySeal;
import dev.heddle.redis.KeyText;
import dev.heddle.redis.RedisTierHealth;
import dev.heddle.redis.RejectedEntries;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.SetParams;

/**
 * The shared tier of the embedding cache: vectors in Redis, so that a text is embedded once for
 * every JVM that uses the same Redis, and a restarted JVM does not pay again.
 *
 * <p><b>Keys.</b> {@code heddle:e:v<format>:<sha-256, in hex, of the embedder id, a NUL character
 * and the text, UTF-8>}; the embedder's id holds its model's version, so vectors of different
 * embedders never meet. <b>Values.</b> the vector as little-endian IEEE 754 float32, four bytes an
 * element, base64, sealed by {@link EntrySeal} (a MAC over the key and the vector): a vector that was
 * changed, planted or copied from another text's key is a miss, counted ({@link #rejected()}) and
 * logged once, and the text is embedded again. Each entry expires its ttl ({@link #DEFAULT_TTL}
 * unless told) after it was written.
 *
 * <p>Reads and writes are one round trip each on the caller's thread, bounded by the client's
 * timeout; they come around an embedding, which costs more. The client is the caller's, made with
 * the deployment's TLS, login and pool, and closed by the caller. <b>When Redis is unreachable</b> every
 * read misses and every write is skipped, without waiting: the outage is logged once, at most one
 * command a second probes Redis, and when it answers again the tier is used again (logged once).
 */
public final class RedisEmbeddingStore {

    /** The start of every key. */
    public static final String KEY_PREFIX = "heddle:e:";
    /** How long a vector stays in Redis: a model's vectors do not change, so this only bounds the memory. */
    public static final Duration DEFAULT_TTL = Duration.ofDays(7);
    /** Raise when the key or the value's encoding changes: old entries are then never read. */
    static final int FORMAT_VERSION = 2;

    private final RedisClient redis;
    private final String endpoint;
    private final long ttlMillis;
    private final RedisTierHealth health;
    private final EntrySeal seal;
    private final RejectedEntries rejected = new RejectedEntries("embedding cache");

    /**
     * @param redis the client, made (with the deployment's TLS, login and pool) and closed by the caller
     * @param endpoint the Redis as log lines should name it, such as {@code host:port}
     * @param ttl how long each vector stays, such as {@link #DEFAULT_TTL}
     * @param seal seals the vectors this store writes and opens those it reads
     */
    public RedisEmbeddingStore(RedisClient redis, String endpoint, Duration ttl, EntrySeal seal) {
        this.seal = Objects.requireNonNull(seal, "seal");
        this.redis = Objects.requireNonNull(redis, "redis");
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.health = new RedisTierHealth("embedding cache", endpoint, "texts are embedded in each process",
                "embeddings are shared through it again");
        this.ttlMillis = ttl.toMillis();
        if (ttlMillis <= 0) throw new IllegalArgumentException("ttl must be positive, but was " + ttl);
    }

    /**
     * @param embedderId the embedder's id
     * @param text the embedded text
     * @return the Redis key of its vector
     */
    static String key(String embedderId, String text) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(KeyText.bytes(embedderId));
            sha256.update((byte) 0);
            sha256.update(KeyText.bytes(text));
            return KEY_PREFIX + "v" + FORMAT_VERSION + ":" + HexFormat.of().formatHex(sha256.digest());
        } catch (NoSuchAlgorithmException everyJdkHasIt) {
            throw new IllegalStateException(everyJdkHasIt);
        }
    }

    /**
     * @param key the key, from {@link #key}
     * @return the vector; null when Redis has none, holds something that is not a sealed vector (counted), or
     *     is unreachable
     */
    float[] read(String key) {
        if (!health.mayTry()) return null;
        String value;
        try {
            value = redis.get(key);
        } catch (RuntimeException e) {
            failed(e);
            return null;
        }
        answered();
        return value == null ? null : open(key, value);
    }

    /**
     * @param key the key it was read from
     * @param stored what Redis held
     * @return the vector; null when the seal does not open (counted) or the payload is not a vector
     */
    float[] open(String key, String stored) {
        EntrySeal.Opened opened = seal.open(key, stored);
        if (!opened.isOpen()) {
            rejected.record(opened.rejection(), key);
            return null;
        }
        return decode(opened.payload());
    }

    /**
     * Writes a vector; a failure is logged, never thrown.
     *
     * @param key the key, from {@link #key}
     * @param vector the vector
     */
    void write(String key, float[] vector) {
        if (!health.mayTry()) return;
        try {
            redis.set(key, seal.seal(key, encode(vector)), SetParams.setParams().px(ttlMillis));
        } catch (RuntimeException e) {
            failed(e);
            return;
        }
        answered();
    }

    /** @return the vector as little-endian float32, base64 */
    static String encode(float[] vector) {
        ByteBuffer bytes = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(vector);
        return Base64.getEncoder().encodeToString(bytes.array());
    }

    /**
     * @param payload from {@link #encode}
     * @return the vector, or null for a payload that cannot be one (not base64, empty, not whole floats, not finite)
     */
    static float[] decode(String payload) {
        byte[] value;
        try {
            value = Base64.getDecoder().decode(payload);
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
        if (value.length == 0 || value.length % Float.BYTES != 0) return null;
        float[] vector = new float[value.length / Float.BYTES];
        ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(vector);
        for (float element : vector) {
            if (!Float.isFinite(element)) return null;
        }
        return vector;
    }

    private void failed(RuntimeException e) {
        health.failed(e, redis);
    }

    private void answered() {
        health.answered();
    }

    /** @return the vectors read from Redis and rejected, by reason: never used */
    public RejectedEntries rejected() {
        return rejected;
    }

    /** @return whether Redis is taken to be down, and embeddings are kept in process only */
    public boolean isDown() {
        return health.isDown();
    }

    /** @return {@code host:port} */
    public String endpoint() {
        return endpoint;
    }
}
