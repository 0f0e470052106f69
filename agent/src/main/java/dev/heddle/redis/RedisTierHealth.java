package dev.heddle.redis;

import dev.heddle.bootstrap.AgentLog;
import dev.heddle.quota.RedisOutage;
import java.time.Duration;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicBoolean;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * The health of one shared tier in Redis (the response cache's, the semantic cache's, the
 * embedding cache's), and what its log says about it: an outage once, the recovery once at info
 * (then at debug), an error reply once, a pool too small once, a full Redis once. A full Redis
 * (an {@code OOM} reply to a write) is not down: its reads go on. While Redis is down, at most one
 * command a second probes it ({@link RedisOutage}); the others do without Redis at once.
 */
public final class RedisTierHealth {

    private static final long RETRY_NANOS = Duration.ofSeconds(1).toNanos();

    private final String tier;
    private final String endpoint;
    private final String whileDown;
    private final String whenBack;
    private final RedisOutage outage = new RedisOutage(System::nanoTime, RETRY_NANOS);
    private final AtomicBoolean recoveryReported = new AtomicBoolean();

    /**
     * @param tier what uses Redis, for log lines, such as {@code response cache}
     * @param endpoint Redis, as {@link RedisEndpoint#toString()} shows it
     * @param whileDown what happens while Redis is down, such as {@code answers are cached in each process only}
     * @param whenBack what happens again once it answers, such as {@code answers are shared through it again}
     */
    public RedisTierHealth(String tier, String endpoint, String whileDown, String whenBack) {
        this.tier = tier;
        this.endpoint = endpoint;
        this.whileDown = whileDown;
        this.whenBack = whenBack;
    }

    /** @return whether a command should go to Redis now: always while healthy, one a second while down */
    public boolean mayTry() {
        return outage.mayTry();
    }

    /** @return whether Redis is taken to be down */
    public boolean isDown() {
        return outage.isDown();
    }

    /**
     * A command failed. A pool that stayed busy for the whole timeout is this JVM's own doing, and
     * a write refused by a full Redis is no outage: only this command does without Redis. Anything
     * else takes Redis to be down.
     *
     * @param failure what the command threw
     * @param redis the client, whose idle connections are dropped when Redis goes down
     */
    public void failed(RuntimeException failure, RedisClient redis) {
        if (failure.getCause() instanceof NoSuchElementException poolTimeout && poolTimeout.getCause() == null) {
            AgentLog.warnOnce(tier + "-redis-pool:" + endpoint, tier + ": every connection to Redis at " + endpoint
                    + " was busy for the whole timeout; a command did without Redis. Raise the pool size.");
            return;
        }
        if (RedisClients.isFull(failure)) {
            // Redis answers and still serves what it holds; only its writes are refused: taking it to be down
            // would stop the reads too, and send every JVM to the model for answers Redis has
            AgentLog.warnOnce(tier + "-redis-full:" + endpoint, tier + ": Redis at " + endpoint + " is full (" + failure.getMessage()
                    + "); nothing new is stored there until it has room, and what it holds is still read. Give it more"
                    + " memory or an eviction policy (maxmemory-policy)");
            return;
        }
        if (!(failure instanceof JedisConnectionException) && !RedisClients.isRefusedLogin(failure)) {
            AgentLog.warnOnce(tier + "-redis-error:" + endpoint, tier + ": Redis at " + endpoint + " answered with an error: "
                    + failure);
        }
        if (outage.failed()) {
            redis.getPool().clear();
            AgentLog.warnOnce(tier + "-redis-down:" + endpoint, tier + ": Redis at " + endpoint + " "
                    + RedisClients.explain(failure) + "; " + whileDown + " until Redis answers again; it is tried at most"
                    + " once a second");
        }
    }

    /** A command succeeded: after an outage, Redis is used again. */
    public void answered() {
        if (!outage.succeeded()) return;
        String message = tier + ": Redis at " + endpoint + " answers again; " + whenBack;
        if (recoveryReported.compareAndSet(false, true)) {
            AgentLog.info(message);
        } else {
            AgentLog.debug(() -> message);
        }
    }
}
