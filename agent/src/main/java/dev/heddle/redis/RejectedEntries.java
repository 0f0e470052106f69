package dev.heddle.redis;

import dev.heddle.bootstrap.AgentLog;
import dev.heddle.redis.EntrySeal.Rejection;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * One store's count of the entries it read from Redis and rejected, by reason; the first rejection
 * is logged once, with its reason and key (never the value), and later ones are only counted.
 */
public final class RejectedEntries {

    private final String store;
    private final Map<Rejection, LongAdder> byReason = new EnumMap<>(Rejection.class);

    /**
     * @param store the store as a log line names it, such as {@code response cache}
     */
    public RejectedEntries(String store) {
        this.store = store;
        for (Rejection reason : Rejection.values()) byReason.put(reason, new LongAdder());
    }

    /**
     * Counts a rejected entry, and logs the first one of this store.
     *
     * @param reason why it was rejected
     * @param redisKey where it was read
     */
    public void record(Rejection reason, String redisKey) {
        byReason.get(reason).increment();
        AgentLog.warnOnce("redis-entry-rejected:" + store, store + ": an entry in Redis was rejected (" + describe(reason)
                + ") and treated as a miss, key " + redisKey + "; later rejections are only counted"
                + " (JMX dev.heddle:type=Heddle, RedisEntriesRejected)");
    }

    private static String describe(Rejection reason) {
        return switch (reason) {
            case MALFORMED -> "not a Heddle entry: written by other software, or truncated";
            case UNKNOWN_VERSION -> "a format this agent does not know";
            case OTHER_KEY -> "sealed with another signing key: a key rotation, or JVMs configured with different keys";
            case BAD_MAC -> "its MAC does not match: it was changed, planted, or copied from another key";
        };
    }

    /**
     * @param reason a reason
     * @return the entries rejected for it
     */
    public long count(Rejection reason) {
        return byReason.get(reason).sum();
    }

    /** @return every entry rejected, whatever the reason */
    public long total() {
        long total = 0;
        for (LongAdder count : byReason.values()) total += count.sum();
        return total;
    }
}
