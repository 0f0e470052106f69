package dev.heddle.cache;

import java.util.concurrent.atomic.LongAdder;

/** How a cache has answered for one rule (or one annotated method); telemetry reads these. */
public final class CacheCounters {

    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder uncacheable = new LongAdder();
    private final LongAdder stores = new LongAdder();
    private final LongAdder joined = new LongAdder();
    private final LongAdder redisHits = new LongAdder();
    private final LongAdder semanticHits = new LongAdder();

    /** A miss that joined an identical call on its way to the model; counted as a hit too. */
    void recordJoined() {
        joined.increment();
        hits.increment();
    }

    /** @return calls that waited for an identical call on its way to the model instead of making their own (single-flight); among the hits */
    public long joined() {
        return joined.sum();
    }

    /** A local miss answered by the shared tier in Redis; counted as a hit too. */
    /** An exact miss (already counted as one) that the semantic tier answered: now a hit. */
    public void recordSemanticHit() {
        semanticHits.increment();
        misses.decrement();
        hits.increment();
    }

    /** @return the hits the semantic tier answered, included in {@link #hits()} */
    public long semanticHits() {
        return semanticHits.sum();
    }

    /** A Redis hit (already counted) that waited for another JVM's identical call: a single-flight join too. */
    void recordJoinedInRedis() {
        joined.increment();
    }

    void recordRedisHit() {
        redisHits.increment();
        hits.increment();
    }

    /** @return calls answered from Redis, an entry another JVM (or this one, earlier) stored; among the hits */
    public long redisHits() {
        return redisHits.sum();
    }

    void recordHit() {
        hits.increment();
    }

    void recordMiss() {
        misses.increment();
    }

    public void recordUncacheable() {
        uncacheable.increment();
    }

    void recordStore() {
        stores.increment();
    }

    /** @return calls answered from the cache */
    public long hits() {
        return hits.sum();
    }

    /** @return calls that found no entry and ran the method */
    public long misses() {
        return misses.sum();
    }

    /** @return calls that ran uncached because an argument could not be keyed */
    public long uncacheable() {
        return uncacheable.sum();
    }

    /** @return answers stored */
    public long stores() {
        return stores.sum();
    }

    @Override
    public String toString() {
        return "hits=" + hits() + " misses=" + misses() + " uncacheable=" + uncacheable() + " stores=" + stores()
                + " joined=" + joined() + " redisHits=" + redisHits();
    }
}
