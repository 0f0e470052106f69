package dev.heddle.benchmarks;

import dev.heddle.quota.Charge;
import dev.heddle.quota.Limit;
import dev.heddle.quota.LocalQuotaStore;
import dev.heddle.quota.QuotaCheck;
import dev.heddle.quota.QuotaDecision;
import dev.heddle.quota.RedisQuotaStore;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.redis.jedis.Bucket4jJedis;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import redis.clients.jedis.RedisClient;

/**
 * The cost of one quota check, Heddle's quota stores beside Bucket4j and Resilience4j in the same
 * run. Average time of one check that is admitted (the limits are far above what a benchmark can
 * use: 10^12 per hour for the token buckets, the most Bucket4j takes being one token a nanosecond),
 * except {@code heddleLocal_refused}, which checks a user whose limit is spent.
 *
 * <ul>
 *   <li>In process: {@link LocalQuotaStore} with one token bucket, one sliding window (100 ms, so the
 *       exact log stays small), three limits in one all-or-nothing check (user sliding window, tier
 *       and global token buckets), and the refusal; Bucket4j's local {@code Bucket.tryConsume(1)}
 *       (a token bucket, lock-free); Resilience4j's {@code RateLimiter.acquirePermission()} with no
 *       wait (permits per refresh period, not a sliding window).</li>
 *   <li>On Redis, all against the same local redis-server: {@link RedisQuotaStore} (one EVALSHA per
 *       check) with a token bucket, a sliding window (1 s) and three limits; Bucket4j's Jedis proxy
 *       (compare-and-swap: it reads the state, computes in Java and writes it back with a Lua CAS,
 *       retrying on conflict), {@code tryConsume(1)} on a token bucket.</li>
 * </ul>
 *
 * <p>The Redis benchmarks start their own {@code redis-server} (from {@code HEDDLE_REDIS_SERVER} or
 * the PATH) on a free loopback port, unless the system property {@code heddle.redis.port} names a
 * running one: {@code java -jar benchmarks/target/heddle-benchmarks.jar -jvmArgsAppend
 * -Dheddle.redis.port=6379 Quota}. Heddle's classes come from the agent's shaded jar, with Jedis
 * relocated; Bucket4j uses a plain Jedis of the same version.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class QuotaBenchmark {

    private static final long PLENTY = 1_000_000_000_000L;

    /** The in-process limiters. */
    @State(Scope.Benchmark)
    public static class InProcess {
        LocalQuotaStore store;
        QuotaCheck tokenBucket;
        QuotaCheck slidingWindow;
        QuotaCheck threeLimits;
        QuotaCheck spent;
        Bucket bucket4j;
        RateLimiter resilience4j;

        @Setup(Level.Trial)
        public void setUp() {
            store = new LocalQuotaStore();
            tokenBucket = QuotaCheck.of("bench", Charge.exact("user:alice:bucket", Limit.tokenBucket(PLENTY, Duration.ofHours(1)), 1));
            slidingWindow = QuotaCheck.of("bench", Charge.exact("user:alice:sliding", Limit.slidingWindow(PLENTY, Duration.ofMillis(100)), 1));
            threeLimits = threeLimits(Duration.ofMillis(100));
            spent = QuotaCheck.of("bench", Charge.exact("user:bob", Limit.slidingWindow(10, Duration.ofHours(1)), 1));
            for (int i = 0; i < 10; i++) store.acquire(spent);
            bucket4j = Bucket.builder().addLimit(limit -> limit.capacity(PLENTY).refillGreedy(PLENTY, Duration.ofHours(1))).build();
            resilience4j = RateLimiter.of("bench", RateLimiterConfig.custom()
                    .limitForPeriod(Integer.MAX_VALUE)
                    .limitRefreshPeriod(Duration.ofSeconds(1))
                    .timeoutDuration(Duration.ZERO)
                    .build());
        }
    }

    /** The Redis-backed limiters, against one redis-server. */
    @State(Scope.Benchmark)
    public static class OnRedis {
        Process server;
        RedisQuotaStore store;
        QuotaCheck tokenBucket;
        QuotaCheck slidingWindow;
        QuotaCheck threeLimits;
        RedisClient bucket4jClient;
        BucketProxy bucket4j;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            String configured = System.getProperty("heddle.redis.port");
            int port = configured != null ? Integer.parseInt(configured) : freePort();
            if (configured == null) server = startRedis(port);
            store = new RedisQuotaStore("127.0.0.1", port, Duration.ofMillis(250), Duration.ofMillis(250), 8, 1, false,
                    "heddle:bench:");
            tokenBucket = QuotaCheck.of("bench", Charge.exact("user:alice:bucket", Limit.tokenBucket(PLENTY, Duration.ofHours(1)), 1));
            slidingWindow = QuotaCheck.of("bench", Charge.exact("user:alice:sliding", Limit.slidingWindow(PLENTY, Duration.ofSeconds(1)), 1));
            threeLimits = threeLimits(Duration.ofSeconds(1));
            bucket4jClient = RedisClient.create("127.0.0.1", port);
            bucket4j = Bucket4jJedis.casBasedBuilder(bucket4jClient)
                    .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)))
                    .build()
                    .builder()
                    .build("bucket4j:bench:alice".getBytes(StandardCharsets.UTF_8), () -> BucketConfiguration.builder()
                            .addLimit(limit -> limit.capacity(PLENTY).refillGreedy(PLENTY, Duration.ofHours(1)))
                            .build());
            if (!store.acquire(tokenBucket).admitted() || store.usingFallback()) {
                throw new IllegalStateException("Redis at port " + port + " did not answer the quota store");
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() throws InterruptedException {
            store.close();
            bucket4jClient.close();
            if (server != null) {
                server.destroy();
                server.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    @Benchmark
    public QuotaDecision heddleLocal_tokenBucket(InProcess state) {
        return state.store.acquire(state.tokenBucket);
    }

    @Benchmark
    public QuotaDecision heddleLocal_slidingWindow(InProcess state) {
        return state.store.acquire(state.slidingWindow);
    }

    @Benchmark
    public QuotaDecision heddleLocal_threeLimits(InProcess state) {
        return state.store.acquire(state.threeLimits);
    }

    @Benchmark
    public QuotaDecision heddleLocal_refused(InProcess state) {
        return state.store.acquire(state.spent);
    }

    @Benchmark
    public boolean bucket4jLocal_tokenBucket(InProcess state) {
        return state.bucket4j.tryConsume(1);
    }

    @Benchmark
    public boolean resilience4j_rateLimiter(InProcess state) {
        return state.resilience4j.acquirePermission();
    }

    @Benchmark
    public QuotaDecision heddleRedis_tokenBucket(OnRedis state) {
        return state.store.acquire(state.tokenBucket);
    }

    @Benchmark
    public QuotaDecision heddleRedis_slidingWindow(OnRedis state) {
        return state.store.acquire(state.slidingWindow);
    }

    @Benchmark
    public QuotaDecision heddleRedis_threeLimits(OnRedis state) {
        return state.store.acquire(state.threeLimits);
    }

    @Benchmark
    public boolean bucket4jRedis_tokenBucket(OnRedis state) {
        return state.bucket4j.tryConsume(1);
    }

    /** A user's requests (sliding window), the tier's and the whole app's (token buckets), in one check. */
    private static QuotaCheck threeLimits(Duration userWindow) {
        return QuotaCheck.of("bench",
                Charge.exact("user:carol:requests", Limit.slidingWindow(PLENTY, userWindow), 1),
                Charge.exact("tier:pro:requests", Limit.tokenBucket(PLENTY, Duration.ofHours(1)), 1),
                Charge.exact("global:requests", Limit.tokenBucket(PLENTY, Duration.ofHours(1)), 1));
    }

    private static Process startRedis(int port) throws IOException, InterruptedException {
        String binary = System.getenv().getOrDefault("HEDDLE_REDIS_SERVER", "");
        if (binary.isEmpty()) {
            for (String directory : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
                if (new File(directory, "redis-server").canExecute()) binary = new File(directory, "redis-server").getPath();
            }
        }
        if (binary.isEmpty()) {
            throw new IllegalStateException("no redis-server on the PATH: install it, set HEDDLE_REDIS_SERVER, or pass -Dheddle.redis.port");
        }
        Process process = new ProcessBuilder(List.of(binary, "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no")).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectErrorStream(true).start();
        for (int attempt = 0; attempt < 500; attempt++) {
            try (RedisClient client = RedisClient.create("127.0.0.1", port)) {
                if ("PONG".equals(client.ping())) return process;
            } catch (RuntimeException notYet) {
                Thread.sleep(20);
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("redis-server did not start on port " + port);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
