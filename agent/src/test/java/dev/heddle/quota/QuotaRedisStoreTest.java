package dev.heddle.quota;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heddle.bootstrap.StandardErrorCapture;
import dev.heddle.quota.QuotaDecision.Outcome;
import dev.heddle.redis.RedisEndpoint;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against a real redis-server (see {@link RedisServerProcess}). */
class QuotaRedisStoreTest {

    private static final Duration TIMEOUT = Duration.ofMillis(250);

    private static RedisServerProcess redis;

    private final List<RedisQuotaStore> stores = new ArrayList<>();

    @BeforeAll
    static void startRedis() throws Exception {
        redis = RedisServerProcess.start();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        redis.close();
    }

    @BeforeEach
    void emptyRedis() throws IOException {
        redis.command("FLUSHALL");
    }

    @AfterEach
    void closeStores() {
        stores.forEach(RedisQuotaStore::close);
    }

    private RedisQuotaStore store(int port, int instances, boolean failClosed, LongSupplier clock) {
        RedisQuotaStore store = new RedisQuotaStore(RedisEndpoint.of("127.0.0.1", port), TIMEOUT, TIMEOUT, 16, instances, failClosed,
                RedisQuotaStore.DEFAULT_KEY_PREFIX, clock);
        stores.add(store);
        return store;
    }

    private RedisQuotaStore store() {
        return store(redis.port(), 1, false, System::nanoTime);
    }

    @Test
    void sixteenThreadsAgainstOneSlidingWindowAreAdmittedExactlyTheLimit() throws Exception {
        Limit limit = Limit.slidingWindow(300, Duration.ofHours(1));
        QuotaCheck check = QuotaCheck.of("race", Charge.exact("user:alice:requests", limit, 1));

        int admitted = race(store(), check, 16, 100);

        assertThat(admitted).isEqualTo(300);
        assertThat(redis.command("GET", "heddle:q:{race}:user:alice:requests:s:3600000:n")).isEqualTo("300");
    }

    @Test
    void concurrentChecksOfSeveralLimitsAreAllOrNothingInRedis() throws Exception {
        Limit perUser = Limit.slidingWindow(1_000, Duration.ofHours(1));
        Limit global = Limit.tokenBucket(250, Duration.ofHours(1));
        RedisQuotaStore first = store();
        RedisQuotaStore second = store();
        QuotaCheck check = QuotaCheck.of("race", Charge.exact("user", perUser, 1), Charge.exact("global", global, 1));

        int admitted = race(first, check, 8, 100) + race(second, check, 8, 100);

        assertThat(admitted).isEqualTo(250);
        QuotaDecision user = first.acquire(QuotaCheck.of("race", Charge.estimate("user", perUser, 0)));
        assertThat(user.remaining()).as("the user limit was charged only for admitted checks").isEqualTo(750);
    }

    @Test
    void aRefusalByOneLimitChargesNoneOfTheOthers() {
        RedisQuotaStore store = store();
        Limit user = Limit.slidingWindow(5, Duration.ofMinutes(1));
        Limit global = Limit.tokenBucket(2, Duration.ofMinutes(1));
        QuotaCheck both = QuotaCheck.of("q", Charge.exact("user:erin", user, 1), Charge.exact("global", global, 1));
        store.acquire(both);
        store.acquire(both);

        QuotaDecision refused = store.acquire(both);

        assertThat(refused.outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(refused.key()).hasValue("global");
        assertThat(refused.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(30));
        assertThat(store.acquire(QuotaCheck.of("q", Charge.exact("user:erin", user, 1))).remaining()).isEqualTo(2);
    }

    @Test
    void aSlidingRefusalWaitsUntilTheOldestChargeLeavesTheWindow() {
        RedisQuotaStore store = store();
        Limit twoPerTenSeconds = Limit.slidingWindow(2, Duration.ofSeconds(10));
        QuotaCheck check = QuotaCheck.of("q", Charge.exact("bob", twoPerTenSeconds, 1));
        store.acquire(check);
        store.acquire(check);

        QuotaDecision refused = store.acquire(check);

        assertThat(refused.outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(refused.remaining()).isZero();
        assertThat(refused.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(10));
        assertThat(refused.resetAfter()).isGreaterThanOrEqualTo(refused.retryAfter()).isLessThanOrEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void anEstimateLargerThanTheWholeLimitIsTooLarge() {
        QuotaDecision decision = store().acquire(QuotaCheck.of("q",
                Charge.estimate("tokens", Limit.tokenBucket(1_000, Duration.ofMinutes(1)), 5_000)));

        assertThat(decision.outcome()).isEqualTo(Outcome.TOO_LARGE);
    }

    @Test
    void settleChargesTheDifferenceAndReleaseRefundsTheEstimate() {
        RedisQuotaStore store = store();
        Limit slidingTokens = Limit.slidingWindow(1_000, Duration.ofMinutes(1));
        Limit bucketTokens = Limit.tokenBucket(1_000, Duration.ofHours(1));
        QuotaCheck check = QuotaCheck.of("q", Charge.estimate("sliding", slidingTokens, 200), Charge.estimate("bucket", bucketTokens, 200));

        QuotaDecision first = store.acquire(check);
        assertThat(first.remaining()).isEqualTo(800);
        store.settle(first.reservation(), 350);
        store.settle(first.reservation(), 999);
        QuotaDecision second = store.acquire(check);
        store.release(second.reservation());

        assertThat(remainingOf(store, "sliding", slidingTokens)).isEqualTo(650);
        assertThat(remainingOf(store, "bucket", bucketTokens)).isEqualTo(650);
    }

    @Test
    void aZeroEstimateIsSettledInFullAtSettleTime() {
        RedisQuotaStore store = store();
        Limit tokens = Limit.slidingWindow(100, Duration.ofMinutes(1));
        QuotaDecision first = store.acquire(QuotaCheck.of("q", Charge.estimate("tokens", tokens, 0)));
        store.settle(first.reservation(), 100);

        QuotaDecision second = store.acquire(QuotaCheck.of("q", Charge.estimate("tokens", tokens, 0)));

        assertThat(second.outcome()).isEqualTo(Outcome.REFUSED);
    }

    @Test
    void theRedisClockDecidesNotTheClocksOfTheJvms() throws IOException {
        AtomicLong threeHoursAhead = new AtomicLong(System.nanoTime() + Duration.ofHours(3).toNanos());
        RedisQuotaStore behind = store(redis.port(), 1, false, () -> System.nanoTime() - Duration.ofDays(2).toNanos());
        RedisQuotaStore ahead = store(redis.port(), 1, false, threeHoursAhead::get);
        Limit fivePerMinute = Limit.slidingWindow(5, Duration.ofMinutes(1));
        QuotaCheck check = QuotaCheck.of("clock", Charge.exact("k", fivePerMinute, 1));

        int admitted = 0;
        for (int i = 0; i < 5; i++) {
            if (behind.acquire(check).admitted()) admitted++;
            if (ahead.acquire(check).admitted()) admitted++;
        }

        assertThat(admitted).isEqualTo(5);
        long redisMicros = Long.parseLong(redis.command("TIME").split("\n")[0]) * 1_000_000;
        String newest = redis.command("ZRANGE", "heddle:q:{clock}:k:s:60000", "-1", "-1", "WITHSCORES").split("\n")[1];
        assertThat(Math.abs(Long.parseLong(newest) - redisMicros)).as("charges carry Redis's time").isLessThan(60_000_000L);
    }

    @Test
    void everyKeyOfACheckCarriesTheScopeAsHashTagAndExpiresByItself() throws Exception {
        RedisQuotaStore store = store();
        store.acquire(QuotaCheck.of("per-user", Charge.exact("user:alice", Limit.slidingWindow(5, Duration.ofMillis(300)), 1),
                Charge.exact("global", Limit.tokenBucket(5, Duration.ofMillis(300)), 1)));

        List<String> keys = List.of(redis.command("KEYS", "*").split("\n"));
        assertThat(keys).containsExactlyInAnyOrder("heddle:q:{per-user}:user:alice:s:300", "heddle:q:{per-user}:user:alice:s:300:n",
                "heddle:q:{per-user}:global:b:300");
        for (String key : keys) {
            assertThat(Long.parseLong(redis.command("PTTL", key))).as(key).isPositive().isLessThanOrEqualTo(301);
        }
        Thread.sleep(400);
        for (String key : keys) {
            assertThat(redis.command("EXISTS", key)).as(key).isEqualTo("0");
        }
    }

    @Test
    void aCheckIsOneScriptRunWhateverItsNumberOfLimits() throws IOException {
        RedisQuotaStore store = store();
        QuotaCheck check = QuotaCheck.of("q", Charge.exact("a", Limit.slidingWindow(100, Duration.ofMinutes(1)), 1),
                Charge.exact("b", Limit.tokenBucket(100, Duration.ofMinutes(1)), 1),
                Charge.estimate("c", Limit.slidingWindow(10_000, Duration.ofHours(1)), 100));
        store.acquire(check);
        redis.command("CONFIG", "RESETSTAT");

        for (int i = 0; i < 10; i++) store.settle(store.acquire(check).reservation(), 50);

        // Redis counts the commands a script runs as well; what the clients sent is the EVALSHA calls
        String stats = redis.command("INFO", "commandstats");
        assertThat(stats).contains("cmdstat_evalsha:calls=20,").doesNotContain("cmdstat_eval:", "cmdstat_watch", "cmdstat_multi");
    }

    @Test
    void aFlushedScriptCacheIsRefilledTransparently() throws IOException {
        RedisQuotaStore store = store();
        QuotaCheck check = QuotaCheck.of("q", Charge.exact("k", Limit.slidingWindow(3, Duration.ofMinutes(1)), 1));
        store.acquire(check);

        redis.command("SCRIPT", "FLUSH");

        assertThat(store.acquire(check).remaining()).isEqualTo(1);
        assertThat(store.usingFallback()).isFalse();
    }

    @Test
    void whenRedisDiesEachJvmEnforcesItsShareAndWhenItComesBackTheStoreHeals() throws Exception {
        try (RedisServerProcess own = RedisServerProcess.start()) {
            AtomicLong clock = new AtomicLong(1_000_000_000L);
            RedisQuotaStore store = store(own.port(), 4, false, clock::get);
            Limit requests = Limit.slidingWindow(8, Duration.ofHours(1));
            Limit tokens = Limit.slidingWindow(1_000, Duration.ofHours(1));
            QuotaCheck check = QuotaCheck.of("q", Charge.exact("requests", requests, 1), Charge.estimate("tokens", tokens, 100));
            QuotaDecision beforeOutage = store.acquire(check);
            assertThat(beforeOutage.remaining()).isEqualTo(7);

            own.kill();
            String log = StandardErrorCapture.during(() -> {
                assertThat(store.acquire(check).admitted()).isTrue();
                assertThat(store.acquire(check).admitted()).isTrue();
                QuotaDecision pastShare = store.acquire(check);
                assertThat(pastShare.outcome()).as("8 / 4 instances = 2 in this JVM").isEqualTo(Outcome.REFUSED);
                assertThat(pastShare.limit()).hasValue(requests.withAmount(2));
                store.settle(beforeOutage.reservation(), 300);
            });
            assertThat(store.usingFallback()).isTrue();
            assertThat(store.pendingSettles()).isEqualTo(1);
            assertThat(log.split("is unreachable", -1)).as("the outage is reported once: " + log).hasSize(2);
            assertThat(log).contains("1/4 of every limit");

            own.restart();
            assertThat(store.acquire(check).outcome()).as("within a second of the last try, Redis is not asked").isEqualTo(Outcome.REFUSED);
            clock.addAndGet(TimeUnit.SECONDS.toNanos(1));
            String healLog = StandardErrorCapture.during(() -> assertThat(store.acquire(check).remaining()).isEqualTo(7));

            assertThat(store.usingFallback()).isFalse();
            assertThat(healLog).contains("answers again");
            assertThat(store.pendingSettles()).isZero();
            assertThat(remainingOf(store, "tokens", tokens))
                    .as("the settle made during the outage reached the new Redis: 100 reserved after it, 200 owed from before")
                    .isEqualTo(700);
        }
    }

    @Test
    void failClosedRefusesWhileRedisIsUnreachable() throws Exception {
        int nobodyListens;
        try (RedisServerProcess gone = RedisServerProcess.start()) {
            nobodyListens = gone.port();
        }
        RedisQuotaStore store = store(nobodyListens, 4, true, System::nanoTime);

        String log = StandardErrorCapture.during(() -> {
            QuotaDecision decision = store.acquire(QuotaCheck.of("q", Charge.exact("k", Limit.slidingWindow(5, Duration.ofMinutes(1)), 1)));

            assertThat(decision.outcome()).isEqualTo(Outcome.UNAVAILABLE);
            assertThat(decision.admitted()).isFalse();
            assertThat(decision.reason()).hasValueSatisfying(reason -> assertThat(reason).contains("127.0.0.1:" + nobodyListens));
        });
        assertThat(log).contains("calls with a quota are refused (failClosed)");
    }

    /** @return admitted checks of {@code threads} threads that each try {@code attempts} times */
    private static int race(RedisQuotaStore store, QuotaCheck check, int threads, int attempts) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<long[]>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(pool.submit(() -> {
                start.await();
                long admitted = 0;
                long slowest = 0;
                for (int i = 0; i < attempts; i++) {
                    long began = System.nanoTime();
                    QuotaDecision decision = store.acquire(check);
                    slowest = Math.max(slowest, System.nanoTime() - began);
                    assertThat(decision.outcome()).isIn(Outcome.ADMITTED, Outcome.REFUSED);
                    if (decision.admitted()) admitted++;
                }
                return new long[] {admitted, slowest};
            }));
        }
        start.countDown();
        long admitted = 0;
        long slowest = 0;
        for (Future<long[]> worker : workers) {
            long[] result = worker.get();
            admitted += result[0];
            slowest = Math.max(slowest, result[1]);
        }
        pool.shutdown();
        System.out.printf("quota race: %d threads x %d checks, slowest check %.2f ms%n", threads, attempts, slowest / 1e6);
        return (int) admitted;
    }

    private static long remainingOf(RedisQuotaStore store, String key, Limit limit) {
        return store.acquire(QuotaCheck.of("q", Charge.estimate(key, limit, 0))).remaining();
    }
}
