package dev.heddle.embed;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * An embedder that embeds each text once: vectors are kept in process (Caffeine, bounded by
 * memory) and, when a {@link RedisEmbeddingStore} is given, in Redis for every JVM. A text is looked
 * up in process, then in Redis, and only then embedded; a vector found in Redis or embedded here is
 * kept in process, and one embedded here is written to Redis.
 *
 * <p>Concurrent calls for one text that is not cached yet make one embedding; the others wait for
 * it. A failed embedding is not kept: the next call tries again. Redis never makes an embedding
 * fail: while it is unreachable, texts are embedded here.
 *
 * <p>Keys hold the embedder's {@link Embedder#id() id} and the text, so even caches shared between
 * embedders never answer one embedder with another's vector.
 */
public final class CachingEmbedder implements Embedder {

    /** The in-process cache's bound: about 20,000 vectors of 384 elements, 5,000 of 1,536. */
    public static final long DEFAULT_MAX_BYTES = 32L << 20;
    /** What an entry costs besides its vector and text: the key string, the array and the cache's node. */
    private static final int ENTRY_OVERHEAD_BYTES = 120;

    private final Embedder delegate;
    private final RedisEmbeddingStore redis;
    private final Cache<String, float[]> vectors;
    /**
     * The embeddings being computed now, so that concurrent callers of one text wait for one. Kept out
     * of the cache: a failed future in a Caffeine cache is logged through the app's logging.
     */
    private final Map<String, CompletableFuture<float[]>> inFlight = new ConcurrentHashMap<>();
    private final LongAdder hits = new LongAdder();
    private final LongAdder redisHits = new LongAdder();
    private final LongAdder computations = new LongAdder();
    private volatile String id;

    /**
     * @param delegate the embedder that computes vectors
     * @param maxBytes about how much memory the in-process vectors and their texts may take
     * @param redis the shared tier; null keeps vectors in process only
     */
    public CachingEmbedder(Embedder delegate, long maxBytes, RedisEmbeddingStore redis) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.redis = redis;
        this.vectors = Caffeine.newBuilder()
                // evictions run on the calling thread, never on the app's shared ForkJoinPool.commonPool
                .executor(Runnable::run)
                .maximumWeight(maxBytes)
                .weigher((String key, float[] vector) -> ENTRY_OVERHEAD_BYTES + 2 * key.length() + Float.BYTES * vector.length)
                .build();
    }

    /** @param delegate the embedder that computes vectors; kept in process, up to {@link #DEFAULT_MAX_BYTES} */
    public CachingEmbedder(Embedder delegate) {
        this(delegate, DEFAULT_MAX_BYTES, null);
    }

    /** @return the delegate's id: a cached vector is the delegate's vector */
    @Override
    public String id() {
        String known = id;
        if (known == null) {
            // the local embedder's id needs its model loaded: asked once, not on every call
            known = delegate.id();
            id = known;
        }
        return known;
    }

    /**
     * @throws EmbeddingException when the text is cached nowhere and the delegate fails
     */
    @Override
    public float[] embed(String text) {
        Objects.requireNonNull(text, "text");
        String embedderId = id();
        String key = embedderId + '\u0000' + text;
        float[] known = vectors.getIfPresent(key);
        if (known != null) {
            hits.increment();
            return known.clone();
        }
        CompletableFuture<float[]> mine = new CompletableFuture<>();
        CompletableFuture<float[]> running = inFlight.putIfAbsent(key, mine);
        if (running != null) {
            hits.increment();
            return join(running).clone();
        }
        try {
            // another caller may have finished this text between the lookup above and putIfAbsent
            float[] vector = vectors.getIfPresent(key);
            if (vector != null) {
                hits.increment();
            } else {
                vector = load(embedderId, text);
                vectors.put(key, vector);
            }
            mine.complete(vector);
            return vector.clone();
        } catch (RuntimeException | Error e) {
            // waiting callers see this same failure; nothing is kept, so the next call tries again
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(key, mine);
        }
    }

    private float[] load(String embedderId, String text) {
        if (redis == null) return compute(text);
        String redisKey = RedisEmbeddingStore.key(embedderId, text);
        float[] shared = redis.read(redisKey);
        if (shared != null) {
            redisHits.increment();
            return shared;
        }
        float[] vector = compute(text);
        redis.write(redisKey, vector);
        return vector;
    }

    private float[] compute(String text) {
        computations.increment();
        // a copy, so that no caller of the delegate can change the cached vector
        return delegate.embed(text).clone();
    }

    private static float[] join(CompletableFuture<float[]> vector) {
        try {
            return vector.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            // a new exception, so that this caller's stack trace shows its own call
            if (cause instanceof EmbeddingException failed) throw new EmbeddingException(failed.getMessage(), failed);
            if (cause instanceof RuntimeException runtime) throw runtime;
            if (cause instanceof Error error) throw error;
            throw e;
        }
    }

    /** @return calls answered from the in-process cache, including calls that waited for another's embedding */
    public long hits() {
        return hits.sum();
    }

    /** @return calls answered from Redis */
    public long redisHits() {
        return redisHits.sum();
    }

    /** @return texts embedded by the delegate, failures included */
    public long computations() {
        return computations.sum();
    }

    /** @return the vectors kept in process now, about */
    public long size() {
        return vectors.estimatedSize();
    }

    /** @return the embedder that computes vectors */
    public Embedder delegate() {
        return delegate;
    }

    @Override
    public String toString() {
        return "cached " + delegate + (redis == null ? "" : " (shared through Redis at " + redis.endpoint() + ")");
    }
}
