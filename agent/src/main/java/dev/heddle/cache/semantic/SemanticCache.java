package dev.heddle.cache.semantic;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import dev.heddle.embed.Embedder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The semantic tier of one cache namespace, in process: answers found by the similarity of the
 * request's last user message, among the earlier requests whose exact part is equal.
 *
 * <p><b>Scopes.</b> Entries live in partitions, one vector index each, keyed by everything that
 * must match exactly: the fingerprint of the request's context (model, parameters, system prompt,
 * earlier turns, tools, as the preset computes it), the embedder's id and version, and the scope
 * (everyone, one user, or one tenant). A lookup searches one partition only, so one tenant's
 * answers are never even compared with another's.
 *
 * <p><b>A hit</b> is the most similar entry of the partition whose cosine similarity reaches the
 * threshold, is fresh, and, with the guard on, agrees with the question on numbers, negation,
 * roles and names ({@link FalseHitGuard}); the five nearest are tried in order.
 *
 * <p><b>Bounds.</b> At most {@code maxEntries} entries in all partitions together, each for
 * {@code ttl}; Caffeine decides what to evict, and an evicted entry leaves its index at once.
 */
public final class SemanticCache {

    /** How many nearest entries a lookup checks against the guard before it gives up. */
    static final int CANDIDATES = 5;

    private final String namespace;
    private final Embedder embedder;
    private final double threshold;
    private final FalseHitGuard guard;
    private final Duration ttl;
    private final long maxEntries;
    private final Map<String, VectorIndex> partitions = new ConcurrentHashMap<>();
    private final Cache<Long, Entry> entries;
    private final AtomicLong ids = new AtomicLong();

    /** A cached request: its partition, its last user message, its answer, and when it was stored. */
    private record Entry(String partition, String text, Object answer, long storedNanos) {
    }

    /**
     * What a semantic lookup found, or the vector it computed for the store that follows a miss.
     *
     * @param answer the cached answer, or null on a miss
     * @param similarity the cosine similarity of the hit, 0 on a miss
     * @param entryId the entry that answered, for eviction; -1 on a miss
     * @param partition the partition the request belongs to
     * @param text the request's last user message
     * @param vector the message's embedding
     */
    public record Lookup(Object answer, double similarity, long entryId, String partition, String text, float[] vector) {

        /** @return whether a cached answer was found */
        public boolean isHit() {
            return answer != null;
        }
    }

    /**
     * @param namespace the namespace, for log lines
     * @param embedder the embedder that turns messages into vectors
     * @param threshold the cosine similarity a hit must reach
     * @param guard the false-hit guard, or null to trust the threshold alone
     * @param ttl how long an answer stays fresh
     * @param maxEntries the most entries, over all partitions
     */
    public SemanticCache(String namespace, Embedder embedder, double threshold, FalseHitGuard guard, Duration ttl,
            long maxEntries) {
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.embedder = Objects.requireNonNull(embedder, "embedder");
        this.threshold = threshold;
        this.guard = guard;
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        this.maxEntries = maxEntries;
        this.entries = Caffeine.newBuilder()
                .maximumSize(maxEntries)
                .expireAfterWrite(ttl)
                .<Long, Entry>removalListener((id, entry, cause) -> {
                    if (id != null && entry != null && cause != RemovalCause.REPLACED) {
                        VectorIndex index = partitions.get(entry.partition());
                        if (index != null) index.remove(id);
                    }
                })
                .executor(Runnable::run)
                .build();
    }

    /**
     * @param context the fingerprint of everything in the request that must match exactly
     * @param scope {@code *} for everyone, or the user or tenant the answer is kept for
     * @return the partition key
     */
    public String partition(String context, String scope) {
        return context + '|' + embedder.id() + '|' + scope;
    }

    /**
     * @param partition from {@link #partition}
     * @param text the request's last user message
     * @param maxAge the oldest answer the caller accepts, or null for any fresh one
     * @return the hit, or a miss carrying the message's vector for {@link #store}
     * @throws RuntimeException when the embedder fails; the caller runs the call uncached
     */
    public Lookup lookup(String partition, String text, Duration maxAge) {
        float[] vector = embedder.embed(text);
        VectorIndex index = partitions.get(partition);
        if (index != null) {
            long now = System.nanoTime();
            List<Neighbor> nearest = index.nearest(vector, CANDIDATES, (float) threshold);
            for (Neighbor neighbor : nearest) {
                Entry entry = entries.getIfPresent(neighbor.id());
                if (entry == null || !entry.partition().equals(partition)) continue;
                if (maxAge != null && now - entry.storedNanos() > maxAge.toNanos()) continue;
                if (guard != null && !guard.agrees(text, entry.text())) continue;
                return new Lookup(entry.answer(), neighbor.similarity(), neighbor.id(), partition, text, vector);
            }
        }
        return new Lookup(null, 0, -1, partition, text, vector);
    }

    /**
     * Keeps an answer for the request a lookup missed.
     *
     * @param miss the lookup that missed
     * @param answer the model's answer, whole and cacheable
     * @return the new entry's id
     */
    public long store(Lookup miss, Object answer) {
        Objects.requireNonNull(answer, "answer");
        long id = ids.incrementAndGet();
        VectorIndex index = partitions.computeIfAbsent(miss.partition(), key -> new AdaptiveIndex(miss.vector().length));
        index.add(id, miss.vector());
        entries.put(id, new Entry(miss.partition(), miss.text(), answer, System.nanoTime()));
        return id;
    }

    /**
     * @param entryId an entry that answered badly
     * @return whether it was there
     */
    public boolean evict(long entryId) {
        return entries.asMap().remove(entryId) != null;
    }

    /** Evicts every entry. */
    public void clear() {
        entries.invalidateAll();
    }

    /** @return the number of entries, approximately */
    public long size() {
        entries.cleanUp();
        return entries.estimatedSize();
    }

    /** @return the embedder this cache compares with */
    public Embedder embedder() {
        return embedder;
    }

    /**
     * @param embedder an embedder
     * @param threshold a threshold
     * @param guarded whether the guard is on
     * @param ttl a ttl
     * @param maxEntries a capacity
     * @return whether this cache was built with exactly these settings
     */
    public boolean hasSettings(Embedder embedder, double threshold, boolean guarded, Duration ttl, long maxEntries) {
        return this.embedder.id().equals(embedder.id()) && this.threshold == threshold && (guard != null) == guarded
                && this.ttl.equals(ttl) && this.maxEntries == maxEntries;
    }

    /** @return the partition count, for tests and the status page */
    int partitions() {
        return partitions.size();
    }

    /** @return the partition of an entry, when it is there */
    Optional<String> partitionOf(long entryId) {
        return Optional.ofNullable(entries.getIfPresent(entryId)).map(Entry::partition);
    }

    @Override
    public String toString() {
        return "semantic cache '" + namespace + "' (" + embedder.id() + ", threshold " + threshold
                + (guard == null ? ", no guard" : "") + ", ttl " + ttl + ", maxEntries " + maxEntries + ")";
    }
}
