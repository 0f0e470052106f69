package dev.heddle.cache.semantic;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import dev.heddle.bootstrap.AgentLog;
import dev.heddle.embed.Embedder;
import dev.heddle.preset.Preset;
import dev.heddle.redis.NamespaceTag;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

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
 *
 * <p><b>Shared through Redis</b> (with a {@link RedisSemanticStore}): an entry stored with a preset
 * codec is also written to Redis in the background, and every JVM on that Redis adds it to its own
 * index through the namespace's {@link SemanticFeed}, which starts at this cache's first use by a
 * preset's call with a load of the entries already shared (the first lookup waits for it at most
 * {@link #FIRST_LOAD_WAIT}). Such an entry keeps the encoded answer and is decoded on its first hit,
 * with the preset and the class loader of the call that hits it ({@link #decodingWith}); a lookup
 * never goes to Redis. An entry expires everywhere when it does in the JVM that stored it. An
 * eviction by {@link #evict} (an answer rejected) reaches every JVM; an eviction for room or expiry
 * stays local. Entries stored without a codec (annotations, {@code match:} rules) stay local.
 */
public final class SemanticCache implements AutoCloseable {

    /** How many nearest entries a lookup checks against the guard before it gives up. */
    static final int CANDIDATES = 5;
    /** The longest the first lookup waits for the shared entries to be loaded from Redis. */
    static final Duration FIRST_LOAD_WAIT = Duration.ofSeconds(1);

    private final String namespace;
    private final Embedder embedder;
    private final double threshold;
    private final FalseHitGuard guard;
    private final Duration ttl;
    private final long maxEntries;
    private final Map<String, VectorIndex> partitions = new ConcurrentHashMap<>();
    /** The newest entry of each partition and text: a new answer to the same message replaces the older one. */
    private final Map<String, Long> newestByText = new ConcurrentHashMap<>();
    /** What stands in for the version and uuid in the key of an entry kept in this process only. */
    private static final String LOCAL_KEY = "local:";
    private final Cache<Long, Entry> entries;
    private final AtomicLong ids = new AtomicLong();
    /** The shared tier; null keeps every entry in process. */
    private final RedisSemanticStore shared;
    /** The local id of every shared entry here (stored here or by another JVM), by its id across JVMs. */
    private final Map<String, Long> byUuid = new ConcurrentHashMap<>();
    /** The preset and class loader that decode a shared entry on a hit, for the lookups of this thread. */
    private final ThreadLocal<Codec> decoding = new ThreadLocal<>();
    /** Follows the shared entries; started at first use. */
    private volatile SemanticFeed feed;
    private volatile boolean closed;

    /** A preset and a class loader that sees its SDK. */
    private record Codec(Preset preset, ClassLoader loader) {
    }

    /**
     * A cached request: its partition, its last user message, its answer, when it was stored and
     * when it expires, in {@link System#nanoTime()}; for a shared one, its id across JVMs, and, for
     * one another JVM stored, the encoded answer, decoded on the first hit.
     */
    private static final class Entry {
        final String partition;
        final String text;
        final long storedNanos;
        final long expiresNanos;
        final String uuid;
        final String preset;
        final String encoded;
        /** The answer: the stored one, or the decoded one once decoded. */
        volatile Object answer;
        /** The class loader that decoded {@link #answer}; null for an answer stored here. */
        volatile ClassLoader decodedBy;

        Entry(String partition, String text, Object answer, long storedNanos, long expiresNanos, String uuid, String preset,
                String encoded) {
            this.partition = partition;
            this.text = text;
            this.answer = answer;
            this.storedNanos = storedNanos;
            this.expiresNanos = expiresNanos;
            this.uuid = uuid;
            this.preset = preset;
            this.encoded = encoded;
        }
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
        this(namespace, embedder, threshold, guard, ttl, maxEntries, null);
    }

    /**
     * @param namespace the namespace, for log lines and shared keys
     * @param embedder the embedder that turns messages into vectors
     * @param threshold the cosine similarity a hit must reach
     * @param guard the false-hit guard, or null to trust the threshold alone
     * @param ttl how long an answer stays fresh
     * @param maxEntries the most entries, over all partitions
     * @param shared the shared tier for entries stored with a preset codec; null keeps every entry in process
     */
    public SemanticCache(String namespace, Embedder embedder, double threshold, FalseHitGuard guard, Duration ttl,
            long maxEntries, RedisSemanticStore shared) {
        this.shared = shared;
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.embedder = Objects.requireNonNull(embedder, "embedder");
        this.threshold = threshold;
        this.guard = guard;
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        this.maxEntries = maxEntries;
        this.entries = Caffeine.newBuilder()
                .maximumSize(maxEntries)
                .expireAfter(new Expiry<Long, Entry>() {
                    @Override
                    public long expireAfterCreate(Long id, Entry entry, long currentTime) {
                        return Math.max(0, entry.expiresNanos - currentTime);
                    }

                    @Override
                    public long expireAfterUpdate(Long id, Entry entry, long currentTime, long currentDuration) {
                        return expireAfterCreate(id, entry, currentTime);
                    }

                    @Override
                    public long expireAfterRead(Long id, Entry entry, long currentTime, long currentDuration) {
                        return currentDuration;
                    }
                })
                .<Long, Entry>removalListener((id, entry, cause) -> {
                    if (id != null && entry != null && cause != RemovalCause.REPLACED) {
                        // a partition is a context and scope (a conversation, a user): an empty one goes,
                        // or the map would grow by one for every conversation ever cached
                        partitions.computeIfPresent(entry.partition, (partition, index) -> {
                            index.remove(id);
                            return index.size() == 0 ? null : index;
                        });
                        if (entry.uuid != null) byUuid.remove(entry.uuid, id);
                        newestByText.remove(entry.partition + '\n' + entry.text, id);
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
     * @return the hit, or a miss carrying the message's vector for {@link #store}; an entry shared by
     *     another JVM is a hit only inside {@link #decodingWith} with its preset
     * @throws RuntimeException when the embedder fails; the caller runs the call uncached
     */
    public Lookup lookup(String partition, String text, Duration maxAge) {
        float[] vector = embedder.embed(text);
        awaitFirstLoad();
        VectorIndex index = partitions.get(partition);
        if (index != null) {
            long now = System.nanoTime();
            List<Neighbor> nearest = index.nearest(vector, CANDIDATES, (float) threshold);
            for (Neighbor neighbor : nearest) {
                Entry entry = entries.getIfPresent(neighbor.id());
                if (entry == null || !entry.partition.equals(partition) || now - entry.expiresNanos >= 0) continue;
                if (maxAge != null && now - entry.storedNanos > maxAge.toNanos()) continue;
                if (guard != null && !guard.agrees(text, entry.text)) continue;
                Object answer = answerOf(neighbor.id(), entry);
                if (answer == null) continue;
                return new Lookup(answer, neighbor.similarity(), neighbor.id(), partition, text, vector);
            }
        }
        return new Lookup(null, 0, -1, partition, text, vector);
    }

    /**
     * A lookup that decodes an entry shared by another JVM with a preset and the class loader of the
     * call: as {@link #decodingWith} around {@link #lookup(String, String, Duration)}.
     *
     * @param partition from {@link #partition}
     * @param text the request's last user message
     * @param maxAge the oldest answer the caller accepts, or null for any fresh one
     * @param codec the call's preset; null for a call without one
     * @param sdkLoader a class loader that sees the SDK (the woven class's)
     * @return the hit, or a miss carrying the message's vector for {@link #store}
     */
    public Lookup lookup(String partition, String text, Duration maxAge, Preset codec, ClassLoader sdkLoader) {
        return decodingWith(codec, sdkLoader, () -> lookup(partition, text, maxAge));
    }

    /**
     * Runs lookups (such as the one a {@code SemanticPolicy} makes) that decode the entries other
     * JVMs shared, of this preset, with this class loader; without a codec, or without a shared
     * tier, it only runs them.
     *
     * @param codec the call's preset; null for a call without one
     * @param sdkLoader a class loader that sees the SDK (the woven class's)
     * @param lookups what looks up
     * @param <T> what it returns
     * @return what it returned
     */
    public <T> T decodingWith(Preset codec, ClassLoader sdkLoader, Supplier<T> lookups) {
        if (shared == null || codec == null) return lookups.get();
        startFeed();
        Codec previous = decoding.get();
        decoding.set(new Codec(codec, sdkLoader));
        try {
            return lookups.get();
        } finally {
            if (previous == null) {
                decoding.remove();
            } else {
                decoding.set(previous);
            }
        }
    }

    /**
     * @return the entry's answer: the stored one, or, for one another JVM shared, its decoding with
     *     this thread's codec (kept for the next hit with the same class loader); null when this
     *     thread has no codec of its preset or the answer cannot be decoded
     */
    private Object answerOf(long id, Entry entry) {
        if (entry.encoded == null) return entry.answer;
        Codec codec = decoding.get();
        if (codec == null || !codec.preset().name().equals(entry.preset)) return null;
        Object decoded = entry.answer;
        if (decoded != null && entry.decodedBy == codec.loader()) return decoded;
        try {
            decoded = codec.preset().decode(entry.encoded, codec.loader());
        } catch (RuntimeException | LinkageError undecodable) {
            AgentLog.warnOnce("semantic-redis-decode:" + namespace, "semantic cache '" + namespace + "': an entry shared"
                    + " through Redis could not be decoded by preset " + entry.preset + ", so it is dropped here: " + undecodable);
            entries.asMap().remove(id, entry);
            return null;
        }
        if (decoded == null) return null;
        entry.decodedBy = codec.loader();
        entry.answer = decoded;
        return decoded;
    }

    /**
     * Keeps an answer for the request a lookup missed, in this process only.
     *
     * @param miss the lookup that missed
     * @param answer the model's answer, whole and cacheable
     * @return the new entry's id
     */
    public long store(Lookup miss, Object answer) {
        return store(miss, answer, null);
    }

    /**
     * Keeps an answer for the request a lookup missed; with a codec and a shared tier, shares it
     * through Redis too, in the background (encoded there): the caller never waits for Redis.
     *
     * @param miss the lookup that missed
     * @param answer the model's answer, whole and cacheable
     * @param codec the preset that encodes the answer; null keeps it in this process
     * @return the new entry's id
     */
    public long store(Lookup miss, Object answer, Preset codec) {
        Objects.requireNonNull(answer, "answer");
        long id = ids.incrementAndGet();
        long now = System.nanoTime();
        long expires = now + ttl.toNanos();
        String uuid = shared != null && codec != null ? UUID.randomUUID().toString() : null;
        addToPartition(miss.partition(), id, miss.vector());
        if (uuid != null) byUuid.put(uuid, id);
        entries.put(id, new Entry(miss.partition(), miss.text(), answer, now, expires, uuid, null, null));
        Long replaced = newestByText.put(miss.partition() + '\n' + miss.text(), id);
        if (replaced != null && replaced != id) evict(replaced);
        if (uuid != null) {
            startFeed();
            shared.writeLater(namespace, feedLength(), new RedisSemanticStore.Write(uuid, miss.partition(), miss.text(),
                    miss.vector(), codec.name()), () -> codec.encode(answer), expires);
        }
        return id;
    }

    /**
     * @param entryId an entry that answered badly
     * @return whether it was there; a shared entry is evicted in every JVM, and from Redis
     */
    public boolean evict(long entryId) {
        Entry removed = entries.asMap().remove(entryId);
        if (removed == null) return false;
        if (removed.uuid != null && shared != null) shared.evictLater(namespace, feedLength(), removed.uuid);
        return true;
    }

    /**
     * @param entryId an entry of this cache
     * @return its key: {@code heddle:s:{namespace}:v1:<uuid>} when shared through Redis, else
     *     {@code heddle:s:{namespace}:local:<id>} (this process's own)
     */
    public String keyOf(long entryId) {
        Entry entry = entries.getIfPresent(entryId);
        if (entry != null && entry.uuid != null) return RedisSemanticStore.entryKey(namespace, entry.uuid);
        return RedisSemanticStore.KEY_PREFIX + NamespaceTag.of(namespace) + ":" + LOCAL_KEY + entryId;
    }

    /**
     * An operator's eviction of one entry, named as {@link #keyOf} names it.
     *
     * @param entryKey the entry's key
     * @return whether this process held it; a shared entry is evicted in every JVM and in Redis either way
     */
    public boolean evict(String entryKey) {
        int local = entryKey.lastIndexOf(":" + LOCAL_KEY);
        if (local >= 0) {
            try {
                return evict(Long.parseLong(entryKey.substring(local + LOCAL_KEY.length() + 1)));
            } catch (NumberFormatException notAnId) {
                return false;
            }
        }
        String uuid = entryKey.substring(entryKey.lastIndexOf(':') + 1);
        Long id = byUuid.get(uuid);
        if (id != null && evict(id)) return true;
        if (shared != null) shared.evictLater(namespace, feedLength(), uuid);
        return false;
    }

    /** Evicts every entry in this process (shared entries expire in Redis by themselves). */
    public void clear() {
        entries.invalidateAll();
    }

    /** @return about how many records the feed of this namespace keeps: twice the entries */
    private long feedLength() {
        return Math.max(100, maxEntries * 2);
    }

    /** Starts following the shared entries, once, at first use. */
    private void startFeed() {
        if (shared == null || feed != null) return;
        synchronized (this) {
            if (feed == null && !closed) feed = shared.startFeed(namespace, new FeedListener());
        }
    }

    /** The first lookup waits, a bounded time, for the shared entries to be loaded once. */
    private void awaitFirstLoad() {
        SemanticFeed following = feed;
        if (following != null && !following.firstLoadEnded()) following.awaitFirstLoad(FIRST_LOAD_WAIT);
    }

    /** What the feed does here. */
    private final class FeedListener implements SemanticFeed.Listener {

        @Override
        public boolean knows(String uuid) {
            return byUuid.containsKey(uuid);
        }

        @Override
        public void added(SemanticFeed.RemoteEntry remote) {
            // vectors of another embedder (another partition) would never be compared: not kept
            if (!remote.partition().contains('|' + embedder.id() + '|') || remote.vector().length == 0) return;
            long now = System.nanoTime();
            long remaining = TimeUnit.MILLISECONDS.toNanos(Math.min(remote.remainingMillis(), ttl.toMillis()));
            if (remaining <= 0) return;
            long id = ids.incrementAndGet();
            if (byUuid.putIfAbsent(remote.uuid(), id) != null) return;
            try {
                addToPartition(remote.partition(), id, remote.vector());
            } catch (IllegalArgumentException otherDimension) {
                byUuid.remove(remote.uuid(), id);
                return;
            }
            entries.put(id, new Entry(remote.partition(), remote.text(), null, now - (ttl.toNanos() - remaining),
                    now + remaining, remote.uuid(), remote.preset(), remote.encodedAnswer()));
        }

        @Override
        public void evicted(String uuid) {
            Long id = byUuid.get(uuid);
            if (id != null) entries.asMap().remove(id);
        }
    }

    /** @return whether entries stored with a codec are shared through Redis */
    public boolean isShared() {
        return shared != null;
    }

    /** @return how many times the shared entries were loaded in full (once, and again after each outage); for tests */
    long sharedLoads() {
        SemanticFeed following = feed;
        return following == null ? 0 : following.loads();
    }

    /** Stops following the shared entries; the local ones stay. */
    @Override
    public void close() {
        SemanticFeed following;
        synchronized (this) {
            closed = true;
            following = feed;
        }
        if (following != null) following.close();
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
        return sameEmbedder(this.embedder, embedder) && this.threshold == threshold && (guard != null) == guarded
                && this.ttl.equals(ttl) && this.maxEntries == maxEntries;
    }

    /**
     * The one shared instance is the same embedder without asking its id: a local model's id needs
     * the model loaded, which must not happen (and may fail) while a class is woven.
     */
    private static boolean sameEmbedder(Embedder mine, Embedder other) {
        if (mine == other) return true;
        try {
            return mine.id().equals(other.id());
        } catch (RuntimeException | LinkageError unusable) {
            return false;
        }
    }

    /** @return the embedder's id, or what keeps it from having one (its model cannot be loaded) */
    private String embedderName() {
        try {
            return embedder.id();
        } catch (RuntimeException | LinkageError unusable) {
            return embedder + " (unusable: " + unusable.getMessage() + ")";
        }
    }

    /**
     * Adds a vector to its partition's index, made when it is the first: atomically with the removal
     * of a partition whose last entry goes, so no vector lands in an index that was just dropped.
     *
     * @throws IllegalArgumentException when the vector's dimension is not the partition's
     */
    private void addToPartition(String partition, long id, float[] vector) {
        partitions.compute(partition, (key, index) -> {
            VectorIndex into = index != null ? index : new AdaptiveIndex(vector.length);
            into.add(id, vector);
            return into;
        });
    }

    /** @return the partition count, for tests and the status page */
    int partitions() {
        return partitions.size();
    }

    /** @return the partition of an entry, when it is there */
    Optional<String> partitionOf(long entryId) {
        return Optional.ofNullable(entries.getIfPresent(entryId)).map(entry -> entry.partition);
    }

    @Override
    public String toString() {
        return "semantic cache '" + namespace + "' (" + embedderName() + ", threshold " + threshold
                + (guard == null ? ", no guard" : "") + ", ttl " + ttl + ", maxEntries " + maxEntries
                + (shared == null ? "" : ", shared through Redis") + ")";
    }
}
