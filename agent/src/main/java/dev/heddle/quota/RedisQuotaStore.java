package dev.heddle.quota;

import dev.heddle.bootstrap.AgentLog;
import dev.heddle.redis.RedisClients;
import dev.heddle.redis.RedisEndpoint;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * Quota counters in Redis, shared and exact across every JVM that uses the same Redis and key prefix.
 *
 * <p><b>One round trip per operation.</b> {@link #acquire} runs one Lua script ({@link QuotaScript})
 * that reads the Redis clock, checks every charge of the check and charges all or none;
 * {@link #settle} runs another. No optimistic WATCH/MULTI loop: a hot key costs one script run per
 * check however many JVMs contend for it.
 *
 * <p><b>Keys.</b> {@code <prefix>{<scope>}:<key>:<s|b>:<window ms>}, and the same with {@code :n}
 * for a sliding window's running total. Every key of a check carries the check's scope as its
 * cluster hash tag, so a check is one script on one shard of a Redis Cluster, and the global or
 * tier-wide counters of a quota live on the same shard as its users' counters. The price: one quota's
 * counters cannot spread over several shards (a shard runs such scripts at tens of thousands a
 * second, far above any LLM call rate). Keys expire by themselves one window after their last charge.
 *
 * <p><b>When Redis is unreachable</b> (a connection error, a timeout, an error reply), the store
 * logs it once and, by default, falls back to in-process counters at {@code 1/instances} of each
 * limit (at least 1), so that {@code instances} JVMs together stay near the shared limit. With
 * {@code failClosed} it refuses instead ({@link QuotaDecision.Outcome#UNAVAILABLE}). After a failure
 * Redis is tried again by at most one call a second; when it answers, the store goes back to it (and
 * logs that once). The fallback's counts are not copied into Redis, and Redis's are not read back:
 * for one window after an outage the two together may admit up to one limit more.
 *
 * <p><b>Settles are not lost.</b> A settle of a call that Redis admitted, made while Redis is down,
 * waits in a bounded queue ({@value #PENDING_CAPACITY} settles; past that the newest are dropped and
 * a warning says how to size it) and is applied, a few per call, once Redis answers. Calls admitted
 * by the fallback are settled in the fallback. If the reply of a settle is lost after Redis ran it
 * (a timeout at the worst moment), the settle is queued and applied again: for a sliding window the
 * script recognises it and changes nothing; a token bucket is corrected twice.
 */
public final class RedisQuotaStore implements QuotaStore {

    /** The default prefix of every key. */
    public static final String DEFAULT_KEY_PREFIX = "heddle:q:";
    /** A default for both timeouts: a script runs in microseconds, so a slower answer means trouble. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(200);
    /** A default pool size: a check holds a connection for one round trip. */
    public static final int DEFAULT_POOL_SIZE = 16;

    static final int PENDING_CAPACITY = 10_000;
    /** Pending settles applied per successful call, so that no single call waits for a long queue. */
    private static final int DRAIN_PER_CALL = 32;
    private static final long RETRY_NANOS = Duration.ofSeconds(1).toNanos();

    private final String endpoint;
    private final RedisClient redis;
    private final QuotaScript script = new QuotaScript();
    private final LocalQuotaStore fallback;
    private final int instances;
    private final boolean failClosed;
    private final String keyPrefix;
    private final RedisOutage outage;
    private final PendingSettles pending = new PendingSettles(PENDING_CAPACITY);
    private final String callPrefix = HexFormat.of().formatHex(new SecureRandom().generateSeed(6)) + "-";
    private final AtomicLong calls = new AtomicLong();
    private final AtomicBoolean healReported = new AtomicBoolean();

    /**
     * Connects lazily: nothing happens on the network until the first check.
     *
     * @param endpoint the Redis, with its TLS, login and database
     * @param connectTimeout the longest wait to open a connection (100 to 250 ms suits a LAN)
     * @param commandTimeout the longest wait for a reply, and for a free pooled connection
     * @param poolSize the most connections; a check holds one for one round trip, so 8 to 32 serve
     *     thousands of checks a second
     * @param instances how many JVMs share the limits: while Redis is down, each admits
     *     {@code 1/instances} of every limit
     * @param failClosed refuse calls while Redis is down instead of falling back
     * @param keyPrefix prefixed to every key, such as {@value #DEFAULT_KEY_PREFIX}; must not contain braces
     */
    public RedisQuotaStore(RedisEndpoint endpoint, Duration connectTimeout, Duration commandTimeout, int poolSize,
                           int instances, boolean failClosed, String keyPrefix) {
        this(endpoint, connectTimeout, commandTimeout, poolSize, instances, failClosed, keyPrefix, System::nanoTime);
    }

    /**
     * A store on {@code redis://host:port}: no TLS, no password, database 0.
     *
     * @see #RedisQuotaStore(RedisEndpoint, Duration, Duration, int, int, boolean, String)
     */
    public RedisQuotaStore(String host, int port, Duration connectTimeout, Duration commandTimeout, int poolSize,
                           int instances, boolean failClosed, String keyPrefix) {
        this(RedisEndpoint.of(host, port), connectTimeout, commandTimeout, poolSize, instances, failClosed, keyPrefix,
                System::nanoTime);
    }

    RedisQuotaStore(RedisEndpoint endpoint, Duration connectTimeout, Duration commandTimeout, int poolSize,
                    int instances, boolean failClosed, String keyPrefix, LongSupplier nanoClock) {
        Objects.requireNonNull(endpoint, "endpoint");
        if (instances < 1) throw new IllegalArgumentException("instances must be at least 1, but was " + instances);
        if (poolSize < 1) throw new IllegalArgumentException("poolSize must be at least 1, but was " + poolSize);
        if (keyPrefix.indexOf('{') >= 0 || keyPrefix.indexOf('}') >= 0) {
            throw new IllegalArgumentException("the key prefix must not contain braces (the scope is the hash tag): " + keyPrefix);
        }
        this.endpoint = endpoint.toString();
        this.instances = instances;
        this.failClosed = failClosed;
        this.keyPrefix = keyPrefix;
        this.fallback = new LocalQuotaStore(LocalQuotaStore.DEFAULT_MAX_KEYS, nanoClock);
        this.outage = new RedisOutage(nanoClock, RETRY_NANOS);
        this.redis = RedisClients.pooled(endpoint, connectTimeout, commandTimeout, poolSize);
    }

    @Override
    public QuotaDecision acquire(QuotaCheck check) {
        if (check.charges().isEmpty()) return QuotaDecision.nothingToCheck();
        if (!outage.mayTry()) return withoutRedis(check, "Redis at " + endpoint + " is unreachable");
        QuotaDecision decision;
        try {
            decision = acquireInRedis(check);
        } catch (RuntimeException e) {
            failed(e);
            return withoutRedis(check, "Redis at " + endpoint + " failed: " + e);
        }
        answered();
        return decision;
    }

    @Override
    public void settle(Reservation reservation, long actualAmount) {
        if (actualAmount < 0) throw new IllegalArgumentException("the actual amount must be at least 0, but was " + actualAmount);
        if (reservation.owner() == fallback) {
            fallback.settle(reservation, actualAmount);
            return;
        }
        if (reservation.owner() != this || !reservation.markDone()) return;
        if (!outage.mayTry()) {
            keepForLater(reservation, actualAmount);
            return;
        }
        try {
            settleInRedis(reservation, actualAmount);
        } catch (RuntimeException e) {
            failed(e);
            keepForLater(reservation, actualAmount);
            return;
        }
        answered();
    }

    @Override
    public void close() {
        redis.close();
        fallback.close();
    }

    /** @return whether checks currently go to the in-process fallback (or are refused, with failClosed) */
    public boolean usingFallback() {
        return outage.isDown();
    }

    /** @return settles waiting for Redis to answer again */
    public int pendingSettles() {
        return pending.size();
    }

    private QuotaDecision acquireInRedis(QuotaCheck check) {
        List<Charge> charges = check.charges();
        List<String> keys = new ArrayList<>(2 * charges.size());
        List<String> args = new ArrayList<>(1 + 4 * charges.size());
        String member = callPrefix + Long.toString(calls.incrementAndGet(), 36);
        args.add(member);
        for (Charge charge : charges) {
            addKeys(keys, check.scope(), charge);
            addLimit(args, charge.limit());
            args.add(Long.toString(charge.amount()));
        }
        List<Long> reply = script.acquire(redis, keys, args);
        Charge deciding = charges.get(Math.toIntExact(reply.get(1)) - 1);
        long remaining = reply.get(2);
        long waitMicros = reply.get(3);
        long resetNanos = reply.get(4) * 1_000;
        if (reply.get(0) == 1) {
            Reservation reservation = check.hasEstimates()
                    ? new Reservation(this, check.scope(), check.estimates(), null, member)
                    : Reservation.NONE;
            return QuotaDecision.admitted(deciding, remaining, resetNanos, reservation);
        }
        return waitMicros < 0
                ? QuotaDecision.tooLarge(deciding, remaining, resetNanos)
                : QuotaDecision.refused(deciding, remaining, waitMicros * 1_000, resetNanos);
    }

    private void settleInRedis(Reservation reservation, long actual) {
        List<Charge> estimates = reservation.estimates();
        List<String> keys = new ArrayList<>(2 * estimates.size());
        List<String> args = new ArrayList<>(1 + 5 * estimates.size());
        args.add(reservation.member());
        for (Charge estimate : estimates) {
            addKeys(keys, reservation.scope(), estimate);
            addLimit(args, estimate.limit());
            args.add(Long.toString(estimate.amount()));
            args.add(Long.toString(actual));
        }
        script.settle(redis, keys, args);
    }

    private void addKeys(List<String> keys, String scope, Charge charge) {
        Limit limit = charge.limit();
        String key = keyPrefix + '{' + scope + "}:" + charge.key()
                + (limit.algorithm() == Limit.Algorithm.SLIDING_WINDOW ? ":s:" : ":b:") + limit.window().toMillis();
        keys.add(key);
        keys.add(key + ":n");
    }

    private static void addLimit(List<String> args, Limit limit) {
        args.add(limit.algorithm() == Limit.Algorithm.SLIDING_WINDOW ? "s" : "b");
        args.add(Long.toString(limit.amount()));
        args.add(Long.toString(limit.windowNanos() / 1_000));
    }

    /** The decision while Redis cannot decide: refused with failClosed, else the in-process share. */
    private QuotaDecision withoutRedis(QuotaCheck check, String why) {
        if (failClosed) return QuotaDecision.unavailable(why + "; quota checks fail closed");
        return fallback.acquire(shareOf(check));
    }

    /** The check with every limit divided among the instances that share it. */
    private QuotaCheck shareOf(QuotaCheck check) {
        if (instances == 1) return check;
        List<Charge> shares = new ArrayList<>(check.charges().size());
        for (Charge charge : check.charges()) {
            Limit share = charge.limit().withAmount(Math.max(1, charge.limit().amount() / instances));
            shares.add(new Charge(charge.key(), share, charge.amount(), charge.isEstimate()));
        }
        return new QuotaCheck(check.scope(), shares);
    }

    private void failed(RuntimeException e) {
        if (isPoolExhausted(e)) {
            // Redis is fine, this JVM asks more of it at once than the pool allows: only this call falls back
            AgentLog.warnOnce("quota-redis-pool:" + endpoint, "quota store: every connection to Redis at " + endpoint
                    + " was busy for the whole command timeout; a check fell back to this JVM's share. Raise the pool size.");
            return;
        }
        if (!(e instanceof JedisConnectionException) && !RedisClients.isRefusedLogin(e) && !RedisClients.isFull(e)) {
            AgentLog.internalError("quota store (Redis " + endpoint + ")", e);
        }
        if (outage.failed()) {
            // the idle connections are most likely dead too: drop them, so the probe opens a fresh one
            redis.getPool().clear();
            AgentLog.warnOnce("quota-redis-down:" + endpoint, "quota store: Redis at " + endpoint + " "
                    + RedisClients.explain(e) + "; " + (failClosed
                    ? "calls with a quota are refused (failClosed)"
                    : "each JVM now enforces 1/" + instances + " of every limit by itself")
                    + " until Redis answers again; it is tried at most once a second");
        }
    }

    /** Redis answered: leave the fallback if we were on it, and apply a few settles that waited. */
    private void answered() {
        if (outage.succeeded()) {
            String message = "quota store: Redis at " + endpoint + " answers again; quotas are shared through it again"
                    + (pending.size() > 0 ? " (" + pending.size() + " settles made meanwhile are being applied)" : "");
            if (healReported.compareAndSet(false, true)) {
                AgentLog.info(message);
            } else {
                AgentLog.debug(() -> message);
            }
        }
        if (pending.size() > 0) drainSome();
    }

    private void drainSome() {
        for (int i = 0; i < DRAIN_PER_CALL; i++) {
            PendingSettles.Settle settle = pending.poll();
            if (settle == null) return;
            try {
                settleInRedis(settle.reservation(), settle.actual());
            } catch (RuntimeException e) {
                pending.add(settle.reservation(), settle.actual());
                failed(e);
                return;
            }
        }
    }

    private void keepForLater(Reservation reservation, long actual) {
        if (!pending.add(reservation, actual)) {
            AgentLog.warnOnce("quota-redis-settles-dropped:" + endpoint, "quota store: Redis at " + endpoint
                    + " has been unreachable for long: more than " + PENDING_CAPACITY + " settles wait for it, and"
                    + " further token usage of calls it admitted is not counted");
        }
    }

    /** Jedis wraps commons-pool's timeout (a {@code NoSuchElementException} of its own, with no cause). */
    private static boolean isPoolExhausted(Throwable e) {
        return e.getCause() instanceof NoSuchElementException timeout && timeout.getCause() == null;
    }
}
