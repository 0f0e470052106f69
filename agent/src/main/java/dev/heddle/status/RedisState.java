package dev.heddle.status;

import dev.heddle.config.HeddleConfig;
import dev.heddle.config.RedisConfig;
import dev.heddle.quota.QuotaStore;
import dev.heddle.quota.RedisQuotaStore;
import java.util.Optional;

/**
 * Where the quotas count, as an operator needs to know it: Redis in use, Redis unreachable and
 * quotas counting in this process, or no Redis at all.
 *
 * @param state one of {@link #NONE}, {@link #UNUSED}, {@link #CONNECTED}, {@link #UNREACHABLE},
 *     {@link #UNUSABLE}
 * @param summary the state in words, such as {@code unreachable (counting in process)}
 * @param pendingSettles quota settles waiting for Redis to answer again; 0 without Redis
 */
public record RedisState(String state, String summary, int pendingSettles) {

    /** No {@code redis:}: quotas count in this process. */
    public static final String NONE = "none";
    /** {@code redis:} is set, and no quota has needed it yet (Heddle connects on the first quota check). */
    public static final String UNUSED = "unused";
    /** The last Redis command answered, or none has failed yet. */
    public static final String CONNECTED = "connected";
    /** Redis failed; quota checks count in process at this JVM's share, or are refused with {@code failClosed}. */
    public static final String UNREACHABLE = "unreachable";
    /** {@code redis:} is set but Heddle could not use it (the log says why); quotas count in process. */
    public static final String UNUSABLE = "unusable";

    /**
     * @param config the configuration in force
     * @param store the quota store, once a quota has needed it
     * @return the state now
     */
    static RedisState of(HeddleConfig config, Optional<QuotaStore> store) {
        Optional<RedisConfig> redis = config.redis();
        if (redis.isEmpty()) return new RedisState(NONE, "none (quotas count in this process)", 0);
        if (store.isEmpty()) return new RedisState(UNUSED, "unused (no quota has needed it yet)", 0);
        if (!(store.get() instanceof RedisQuotaStore redisStore)) {
            // Redis could not be built at the first quota check, or redis: was added after that (it needs a restart)
            return new RedisState(UNUSABLE, "unusable (counting in process; see the log)", 0);
        }
        int pending = redisStore.pendingSettles();
        if (!redisStore.usingFallback()) return new RedisState(CONNECTED, "connected", pending);
        return new RedisState(UNREACHABLE, redis.get().failClosed()
                ? "unreachable (refusing quota-limited calls: failClosed)"
                : "unreachable (counting in process)", pending);
    }
}
