package dev.heddle.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heddle.demo.mock.MockLlmServer;
import dev.heddle.demo.mock.MockSettings;
import dev.heddle.it.app.sdk.FaultProbeApp;
import dev.heddle.it.harness.ChildResult;
import dev.heddle.it.harness.ConfigFiles;
import dev.heddle.it.harness.Jdk;
import dev.heddle.it.harness.Jdks;
import dev.heddle.it.harness.OnEveryJdk;
import dev.heddle.it.harness.SdkApps;
import dev.heddle.it.harness.TcpFaultProxy;
import dev.heddle.it.harness.TestApps;
import dev.heddle.quota.RedisServerProcess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault matrix for Redis: an unmodified app calls the official OpenAI SDK through the agent,
 * with one {@code redis:} shared by the exact response cache, single-flight (the Redis lease) and a
 * per-user request quota, and Redis misbehaves in each way an operator meets: not there at start,
 * killed and restarted empty, slow or hung (a {@link TcpFaultProxy} between agent and Redis), full
 * ({@code maxmemory} with {@code noeviction}), and refusing every command (an ACL user without
 * rights). In each case the test checks from outside what the app sees (every call answered, or
 * refused by the quota exactly as configured), what the agent logs (how many lines, by counting
 * stderr), what it counts (the MBean's {@code RedisState} and rule counters), that the vendor is
 * asked exactly as often as the case predicts (the mock server's own count), and that the app is
 * healthy at the end (Redis used again once it is healthy).
 *
 * <p>The cache's own outage (exact and semantic hits from the process while Redis is down, sharing
 * again after the restart) is {@link CacheRedisOutageWithAgentTest}; this class covers quotas,
 * single-flight, slowness, a full Redis and error replies. Each case runs one child JVM (two for a
 * full Redis), on the JDK that runs the tests; the slow-Redis case, which is about sockets, timeouts
 * and threads, on every JDK. The results are tabled in {@code docs/reliability/faults-redis-llm.md}.
 */
class RedisFaultMatrixWithAgentTest {

    private static final String CONFIG = """
            redis: { url: "%s", instances: 2, timeout: %s, failClosed: %s }
            rules:
              - name: openai
                preset: openai-java
                cache: { ttl: 1h }
                quota: per-user
            quotas:
              per-user:
                tiers:
                  free: { requests: %d/1h }
                default: free
            """;

    private static final String OK = "ok";
    private static final String QUOTA_EXCEEDED = "dev.heddle.api.QuotaExceededException";
    private static final String CONNECTED = "connected";
    private static final String COUNTING_IN_PROCESS = "unreachable (counting in process)";
    private static final String FAILING_CLOSED = "unreachable (refusing quota-limited calls: failClosed)";

    /** Longer than the agent's one second between two tries of a Redis it takes to be down. */
    private static final long PROBE_INTERVAL_MILLIS = 1_200;
    private static final long REDIS_WAIT_NANOS = 10_000_000_000L;
    /** The vendor's latency: long enough for a burst of identical calls to overlap. */
    private static final long VENDOR_MILLIS = 300;

    @Test
    void redisDownAtStartTheAppAnswersAndEachJvmEnforcesItsShareOfTheQuota(@TempDir Path dir) throws Exception {
        int deadPort = portWithNothingListening();
        try (MockLlmServer vendor = vendor();
                FaultProbe app = start(Jdks.current(), dir, config("redis://127.0.0.1:" + deadPort, "200ms", false, 4),
                        vendor)) {
            FaultProbe.Reply first = app.ask("alice", "Q1 what is a heddle?");
            FaultProbe.Reply second = app.ask("alice", "Q2 what is a shuttle?");
            FaultProbe.Reply third = app.ask("alice", "Q3 what is a warp?");
            FaultProbe.Reply again = app.ask("alice", "Q1 what is a heddle?");
            FaultProbe.Reply burst = app.burst(8, "bob", "Q4 what is a weft?");
            FaultProbe.Reply status = app.status();
            ChildResult result = app.exit();
            report("down-at-start", "first call ms", first.get("millis"), "agent lines", heddleLines(result.stderr()),
                    "lines", agentLines(result.stderr()));

            assertThat(first.outcome()).as(result::describe).isEqualTo(OK);
            assertThat(second.outcome()).as(result::describe).isEqualTo(OK);
            assertThat(third.outcome()).as("4 a day, 2 instances: this JVM's share is 2\n%s", result.describe())
                    .isEqualTo(QUOTA_EXCEEDED);
            assertThat(again.get("cached")).as("a hit from the process's own cache\n%s", result.describe()).isEqualTo("hit");
            assertThat(burst.number("ok")).as(result::describe).isEqualTo(8);
            assertThat(burst.number("answerIds")).as("single-flight in the process: one answer for all\n%s", result.describe())
                    .isEqualTo(1);
            assertThat(status.get("redisState")).as(result::describe).isEqualTo(COUNTING_IN_PROCESS);
            assertThat(status.number("heddle.quotaRefused")).as(result::describe).isEqualTo(1);
            assertThat(status.number("heddle.singleFlightJoined")).as(result::describe).isEqualTo(7);
            assertThat(vendorCalls(vendor)).as("Q1, Q2 and Q4 once each\n%s", result.describe()).isEqualTo(3);
            String endpoint = "127.0.0.1:" + deadPort;
            assertThat(warnings(result.stderr(), endpoint, "quota store")).as(result::describe).isEqualTo(1);
            assertThat(warnings(result.stderr(), endpoint, "response cache")).as(result::describe).isEqualTo(1);
            assertThat(result.exitCode()).as(result::describe).isZero();
        }
    }

    @Test
    void redisDownAtStartWithFailClosedQuotaLimitedCallsAreRefusedUntilRedisAnswers(@TempDir Path dir) throws Exception {
        try (MockLlmServer vendor = vendor();
                RedisServerProcess redis = RedisServerProcess.start();
                TcpFaultProxy proxy = TcpFaultProxy.to(redis.port())) {
            proxy.mode(TcpFaultProxy.Mode.RESET);
            try (FaultProbe app = start(Jdks.current(), dir, config(proxy.redisUrl(), "200ms", true, 4), vendor)) {
                FaultProbe.Reply refused = app.ask("alice", "Q1 what is a heddle?");
                FaultProbe.Reply downState = app.status();
                proxy.mode(TcpFaultProxy.Mode.PASS);
                Thread.sleep(PROBE_INTERVAL_MILLIS);
                FaultProbe.Reply healed = app.ask("alice", "Q1 what is a heddle?");
                FaultProbe.Reply upState = app.status();
                String quotaKeys = redis.command("KEYS", "heddle:q:*");
                ChildResult result = app.exit();
                report("down-at-start-fail-closed", "refused call ms", refused.get("millis"), "healed call ms",
                        healed.get("millis"), "agent lines", heddleLines(result.stderr()), "lines", agentLines(result.stderr()));

                assertThat(refused.outcome()).as("failClosed refuses\n%s", result.describe()).isEqualTo(QUOTA_EXCEEDED);
                assertThat(downState.get("redisState")).as(result::describe).isEqualTo(FAILING_CLOSED);
                assertThat(healed.outcome()).as("Redis answers again\n%s", result.describe()).isEqualTo(OK);
                assertThat(upState.get("redisState")).as(result::describe).isEqualTo(CONNECTED);
                assertThat(quotaKeys).as("the admitted call was counted in Redis\n%s", result.describe()).isNotBlank();
                assertThat(vendorCalls(vendor)).as("the refused call never reached the vendor\n%s", result.describe())
                        .isEqualTo(1);
                String endpoint = "127.0.0.1:" + proxy.port();
                assertThat(warnings(result.stderr(), endpoint, "quota store")).as(result::describe).isEqualTo(1);
                assertThat(recoveries(result.stderr(), endpoint, "quota store")).as(result::describe).isEqualTo(1);
            }
        }
    }

    @Test
    void redisKilledMidRunQuotasFallBackAndSingleFlightStaysInProcessThenBothUseRedisAgain(@TempDir Path dir)
            throws Exception {
        try (MockLlmServer vendor = vendor();
                RedisServerProcess redis = RedisServerProcess.start();
                FaultProbe app = start(Jdks.current(), dir, config(redis.url(), "200ms", false, 100), vendor)) {
            FaultProbe.Reply before = app.ask("alice", "Q1 what is a heddle?");
            FaultProbe.Reply burstBefore = app.burst(6, "bob", "Q2 what is a shuttle?");
            FaultProbe.Reply upState = app.status();
            String quotaKeysBefore = redis.command("KEYS", "heddle:q:*");

            redis.kill();
            FaultProbe.Reply during = app.ask("alice", "Q3 what is a warp?");
            FaultProbe.Reply burstDuring = app.burst(6, "bob", "Q4 what is a weft?");
            FaultProbe.Reply hitDuring = app.ask("bob", "Q2 what is a shuttle?");
            FaultProbe.Reply downState = app.status();

            redis.restart();
            String keysAfterRestart = redis.command("KEYS", "heddle:*");
            Thread.sleep(PROBE_INTERVAL_MILLIS);
            FaultProbe.Reply after = app.ask("alice", "Q5 what is a loom?");
            FaultProbe.Reply burstAfter = app.burst(6, "bob", "Q6 what is a reed?");
            awaitKeys(redis, "heddle:c:*", 2);
            FaultProbe.Reply healedState = app.status();
            String quotaKeysAfter = redis.command("KEYS", "heddle:q:*");
            ChildResult result = app.exit();
            report("killed-restarted", "first call after kill ms", during.get("millis"), "first call after restart ms",
                    after.get("millis"), "agent lines", heddleLines(result.stderr()), "lines", agentLines(result.stderr()));

            for (FaultProbe.Reply ask : new FaultProbe.Reply[] {before, during, hitDuring, after}) {
                assertThat(ask.outcome()).as(result::describe).isEqualTo(OK);
            }
            assertThat(hitDuring.get("cached")).as(result::describe).isEqualTo("hit");
            for (FaultProbe.Reply burst : new FaultProbe.Reply[] {burstBefore, burstDuring, burstAfter}) {
                assertThat(burst.number("ok")).as(result::describe).isEqualTo(6);
                assertThat(burst.number("answerIds")).as("one answer for the burst\n%s", result.describe()).isEqualTo(1);
            }
            assertThat(upState.get("redisState")).as(result::describe).isEqualTo(CONNECTED);
            assertThat(quotaKeysBefore).as("counted in Redis while it runs").isNotBlank();
            assertThat(downState.get("redisState")).as(result::describe).isEqualTo(COUNTING_IN_PROCESS);
            assertThat(keysAfterRestart).as("the restarted Redis starts empty").isEmpty();
            assertThat(healedState.get("redisState")).as(result::describe).isEqualTo(CONNECTED);
            assertThat(quotaKeysAfter).as("counted in Redis again after the restart\n%s", result.describe()).isNotBlank();
            assertThat(healedState.number("heddle.singleFlightJoined")).as(result::describe).isEqualTo(15);
            assertThat(vendorCalls(vendor)).as("Q1 to Q6 once each, Q2's repeat a hit\n%s", result.describe()).isEqualTo(6);
            String endpoint = "127.0.0.1:" + redis.port();
            assertThat(warnings(result.stderr(), endpoint, "quota store")).as(result::describe).isEqualTo(1);
            assertThat(warnings(result.stderr(), endpoint, "response cache")).as(result::describe).isEqualTo(1);
            assertThat(recoveries(result.stderr(), endpoint, "quota store")).as(result::describe).isEqualTo(1);
            assertThat(recoveries(result.stderr(), endpoint, "response cache")).as(result::describe).isEqualTo(1);
        }
    }

    /**
     * Redis behind the proxy, first healthy (the baseline: how many requests reach Redis per call),
     * then slower than the agent's timeout, then hung, then resetting every connection, then healthy
     * again. Every call is answered, none waits much longer than the timeout, Redis is probed about
     * once a second per tier instead of on every call, and the app has no more threads at the end
     * than after its warm-up.
     */
    @OnEveryJdk
    void slowHungOrResettingRedisCostsACallAtMostTheTimeoutAndIsProbedOnceASecond(Jdk jdk, @TempDir Path dir)
            throws Exception {
        try (MockLlmServer vendor = MockLlmServer.start();
                RedisServerProcess redis = RedisServerProcess.start();
                TcpFaultProxy proxy = TcpFaultProxy.to(redis.port());
                FaultProbe app = start(jdk, dir, config(proxy.redisUrl(), "100ms", false, 1000), vendor)) {
            int question = 0;
            for (int i = 0; i < 5; i++) app.ask("alice", "warm-up " + ++question);
            FaultProbe.Reply warmState = app.status();
            Phase healthy = phase(app, proxy, "healthy", question, 10);
            question += 10;

            proxy.latency(Duration.ofMillis(300));
            Phase slow = phase(app, proxy, "slow", question, 20);
            question += 20;
            FaultProbe.Reply slowState = app.status();
            proxy.mode(TcpFaultProxy.Mode.STALL);
            Phase hung = phase(app, proxy, "hung", question, 20);
            question += 20;
            proxy.mode(TcpFaultProxy.Mode.RESET);
            Phase resetting = phase(app, proxy, "reset", question, 20);
            question += 20;
            FaultProbe.Reply faultState = app.status();

            proxy.mode(TcpFaultProxy.Mode.PASS);
            Thread.sleep(PROBE_INTERVAL_MILLIS);
            FaultProbe.Reply healed = app.ask("alice", "healed " + ++question);
            FaultProbe.Reply healedState = app.status();
            ChildResult result = app.exit();
            report("slow-hung-reset on " + jdk, "phases", List.of(healthy, slow, hung, resetting), "threads after warm-up",
                    warmState.get("threads"), "threads at the end", healedState.get("threads"), "agent lines",
                    heddleLines(result.stderr()), "lines", agentLines(result.stderr()));

            String about = app.describe();
            assertThat(healthy.failures + slow.failures + hung.failures + resetting.failures + (healed.outcome().equals(OK) ? 0 : 1))
                    .as("every call is answered\n%s", about).isZero();
            assertThat(healthy.requests).as("the positive control: healthy, each call talks to Redis\n%s", about)
                    .isGreaterThanOrEqualTo(10);
            for (Phase faulty : new Phase[] {slow, hung, resetting}) {
                assertThat(faulty.maxMillis).as("%s: no call waits much longer than the 100 ms timeout per tier\n%s",
                        faulty.name, about).isLessThan(1_500);
                assertThat(faulty.requests).as("%s: Redis is probed about once a second per tier (%d ms, %s)\n%s",
                        faulty.name, faulty.millis, faulty, about)
                        .isLessThanOrEqualTo(probesAllowed(faulty.millis));
                assertThat(faulty.connections).as("%s: connections opened, about once a second per tier\n%s", faulty.name, about)
                        .isLessThanOrEqualTo(probesAllowed(faulty.millis));
            }
            assertThat(slowState.get("redisState")).as(about).isEqualTo(COUNTING_IN_PROCESS);
            assertThat(faultState.get("redisState")).as(about).isEqualTo(COUNTING_IN_PROCESS);
            assertThat(healedState.get("redisState")).as(about).isEqualTo(CONNECTED);
            assertThat(healedState.number("threads")).as("no thread pile-up\n%s", about)
                    .isLessThanOrEqualTo(warmState.number("threads") + 2);
            assertThat(vendorCalls(vendor)).as("every question once\n%s", about).isEqualTo(question);
            String endpoint = "127.0.0.1:" + proxy.port();
            assertThat(warnings(result.stderr(), endpoint, "quota store")).as(result::describe).isEqualTo(1);
            assertThat(warnings(result.stderr(), endpoint, "response cache")).as(result::describe).isEqualTo(1);
            assertThat(heddleLines(result.stderr())).as("a few lines for three outages, not a flood\n%s", result.describe())
                    .isLessThanOrEqualTo(8);
        }
    }

    /** What one phase of the slow-Redis case measured. */
    private record Phase(String name, int calls, int failures, long maxMillis, long millis, long requests, long connections) {
    }

    /** {@code calls} new questions, 100 ms apart, with how many requests reached the proxy meanwhile. */
    private static Phase phase(FaultProbe app, TcpFaultProxy proxy, String name, int firstQuestion, int calls)
            throws InterruptedException {
        long requestsBefore = proxy.clientChunks();
        long connectionsBefore = proxy.connections();
        long start = System.nanoTime();
        int failures = 0;
        long maxMillis = 0;
        for (int i = 1; i <= calls; i++) {
            FaultProbe.Reply reply = app.ask("alice", name + " question " + (firstQuestion + i));
            if (!reply.outcome().equals(OK)) failures++;
            maxMillis = Math.max(maxMillis, reply.number("millis"));
            Thread.sleep(100);
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        return new Phase(name, calls, failures, maxMillis, millis, proxy.clientChunks() - requestsBefore,
                proxy.connections() - connectionsBefore);
    }

    /**
     * Three users of Redis may probe it (the response cache's lookups, its background writer, the
     * quota store), each at most once a second, and a lookup's probe may be followed by its lease:
     * at most 4 requests a second, and two seconds' worth for the phase's edges. Healthy, 20 calls
     * send Redis 38 to 100 requests; a phase of about 3 s may send 20.
     */
    private static long probesAllowed(long millis) {
        return 4 * (millis / 1_000 + 2);
    }

    /**
     * Redis reaches {@code maxmemory} with {@code noeviction}: every write gets an OOM error. The app
     * still gets every answer; answers already in Redis are still read, by a JVM whose own writes
     * Redis has just refused too; nothing new is written until Redis has room, then it is again.
     */
    @Test
    void fullRedisRefusesWritesTheAppStillGetsEveryAnswerAndReadsStillWork(@TempDir Path dir) throws Exception {
        try (MockLlmServer vendor = vendor();
                RedisServerProcess redis = RedisServerProcess.start()) {
            String config = config(redis.url(), "200ms", false, 100);
            Path firstDir = Files.createDirectories(dir.resolve("a"));
            Path secondDir = Files.createDirectories(dir.resolve("b"));
            try (FaultProbe writer = start(Jdks.current(), firstDir, config, vendor);
                    FaultProbe reader = start(Jdks.current(), secondDir, config, vendor)) {
                FaultProbe.Reply q1 = writer.ask("alice", "Q1 what is a heddle?");
                awaitKeys(redis, "heddle:c:*", 1);
                FaultProbe.Reply q0 = reader.ask("carol", "Q0 what is a bobbin?");
                awaitKeys(redis, "heddle:c:*", 2);

                fill(redis);
                String oom = redis.command("SET", "probe", "x");
                FaultProbe.Reply whileFull = writer.ask("alice", "Q2 what is a shuttle?");
                FaultProbe.Reply againWhileFull = writer.ask("alice", "Q2 what is a shuttle?");
                FaultProbe.Reply burstWhileFull = writer.burst(6, "bob", "Q3 what is a warp?");
                FaultProbe.Reply writerReadsWhileFull = writer.ask("alice", "Q0 what is a bobbin?");
                FaultProbe.Reply readerReadsWhileFull = reader.ask("carol", "Q1 what is a heddle?");
                FaultProbe.Reply state = writer.status();
                String cacheKeys = redis.command("KEYS", "heddle:c:*");

                redis.command("CONFIG", "SET", "maxmemory", "0");
                Thread.sleep(PROBE_INTERVAL_MILLIS);
                FaultProbe.Reply healed = writer.ask("alice", "Q4 what is a weft?");
                awaitKeys(redis, "heddle:c:*", 3);
                FaultProbe.Reply healedState = writer.status();
                ChildResult writerResult = writer.exit();
                ChildResult readerResult = reader.exit();
                String about = writerResult.describe() + "\n--- reader ---\n" + readerResult.describe();
                report("full", "call while full ms", whileFull.get("millis"), "read while full ms",
                        writerReadsWhileFull.get("millis"), "redis state", state.get("redisState"), "lines",
                        agentLines(writerResult.stderr()));

                assertThat(oom).as("the positive control: Redis refuses writes").startsWith("-OOM");
                assertThat(q1.outcome()).as(about).isEqualTo(OK);
                assertThat(whileFull.outcome()).as(about).isEqualTo(OK);
                assertThat(againWhileFull.get("cached")).as("kept in the process\n%s", about).isEqualTo("hit");
                assertThat(burstWhileFull.number("ok")).as(about).isEqualTo(6);
                assertThat(burstWhileFull.number("answerIds")).as(about).isEqualTo(1);
                assertThat(writerReadsWhileFull.get("cached")).as("read from the full Redis, after a refused write\n%s", about)
                        .isEqualTo("hit");
                assertThat(writerReadsWhileFull.get("answerId")).as(about).isEqualTo(q0.get("answerId"));
                assertThat(readerReadsWhileFull.get("cached")).as("read from the full Redis\n%s", about).isEqualTo("hit");
                assertThat(readerReadsWhileFull.get("answerId")).as(about).isEqualTo(q1.get("answerId"));
                assertThat(cacheKeys.split("\n")).as("nothing written while full").hasSize(2);
                assertThat(healed.outcome()).as(about).isEqualTo(OK);
                assertThat(healedState.number("heddle.redisHits")).as(about).isEqualTo(1);
                assertThat(vendorCalls(vendor)).as("Q0 to Q4 once each\n%s", about).isEqualTo(5);
                String endpoint = "127.0.0.1:" + redis.port();
                assertThat(writerResult.stderr()).as(about)
                        .contains("response cache: Redis at " + endpoint + " is full (OOM")
                        .contains("quota store: Redis at " + endpoint + " is full (OOM")
                        .doesNotContain("internal error");
                assertThat(heddleLines(writerResult.stderr())).as("per tier: full once, and the quotas' recovery\n%s", about)
                        .isLessThanOrEqualTo(3);
            }
        }
    }

    /**
     * Redis answers every command with an error: the agent's user may log in but run nothing
     * ({@code NOPERM}). The app gets every answer, the agent says so once per tier, and once the
     * operator grants the rights the agent uses Redis again.
     */
    @Test
    void redisRefusingEveryCommandFailsOpenIsLoggedOnceAndIsUsedAgainOnceAllowed(@TempDir Path dir) throws Exception {
        try (MockLlmServer vendor = vendor();
                RedisServerProcess redis = RedisServerProcess.start()) {
            assertThat(redis.command("ACL", "SETUSER", "heddle", "on", ">pw", "~*", "-@all", "+ping")).isEqualTo("+OK");
            String url = "redis://heddle:pw@127.0.0.1:" + redis.port();
            try (FaultProbe app = start(Jdks.current(), dir, config(url, "200ms", false, 100), vendor)) {
                FaultProbe.Reply first = app.ask("alice", "Q1 what is a heddle?");
                FaultProbe.Reply again = app.ask("alice", "Q1 what is a heddle?");
                FaultProbe.Reply burst = app.burst(6, "bob", "Q2 what is a shuttle?");
                int refusedCalls = 0;
                for (int i = 0; i < 10; i++) {
                    if (!app.ask("alice", "refused " + i).outcome().equals(OK)) refusedCalls++;
                    Thread.sleep(150);
                }
                FaultProbe.Reply state = app.status();
                String keysWhileRefused = redis.command("KEYS", "heddle:*");

                assertThat(redis.command("ACL", "SETUSER", "heddle", "+@all")).isEqualTo("+OK");
                Thread.sleep(PROBE_INTERVAL_MILLIS);
                FaultProbe.Reply healed = app.ask("alice", "Q3 what is a warp?");
                awaitKeys(redis, "heddle:c:*", 1);
                FaultProbe.Reply healedState = app.status();
                ChildResult result = app.exit();
                report("error-replies", "first call ms", first.get("millis"), "lines", agentLines(result.stderr()),
                        "quota warnings", warnings(result.stderr(), "127.0.0.1:" + redis.port(), "quota store"),
                        "cache warnings", warnings(result.stderr(), "127.0.0.1:" + redis.port(), "response cache"));

                assertThat(first.outcome()).as(result::describe).isEqualTo(OK);
                assertThat(again.get("cached")).as(result::describe).isEqualTo("hit");
                assertThat(burst.number("answerIds")).as(result::describe).isEqualTo(1);
                assertThat(refusedCalls).as(result::describe).isZero();
                assertThat(keysWhileRefused).as("nothing written while refused").isEmpty();
                assertThat(state.get("redisState")).as(result::describe).isEqualTo(COUNTING_IN_PROCESS);
                assertThat(healed.outcome()).as(result::describe).isEqualTo(OK);
                assertThat(healedState.get("redisState")).as(result::describe).isEqualTo(CONNECTED);
                assertThat(vendorCalls(vendor)).as(result::describe).isEqualTo(13);
                String endpoint = "127.0.0.1:" + redis.port();
                assertThat(warnings(result.stderr(), endpoint, "quota store")).as(result::describe).isEqualTo(1);
                assertThat(warnings(result.stderr(), endpoint, "response cache")).as(result::describe).isEqualTo(1);
                assertThat(result.stderr()).as("the login worked: the log points at the ACL\n%s", result.describe())
                        .contains("refused a command to Heddle's user (NOPERM").doesNotContain("check the user and password");
                assertThat(heddleLines(result.stderr())).as("per tier: the refusal and the recovery\n%s", result.describe())
                        .isEqualTo(4);
            }
        }
    }

    /** Prints what a case measured, for docs/reliability/faults-redis-llm.md. */
    private static void report(String faultCase, Object... namesAndValues) {
        StringBuilder line = new StringBuilder("fault-matrix redis ").append(faultCase).append(':');
        for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
            line.append(' ').append(namesAndValues[i]).append('=').append(namesAndValues[i + 1]).append(';');
        }
        System.out.println(line);
    }

    private static FaultProbe start(Jdk jdk, Path dir, String config, MockLlmServer vendor) {
        Path file = ConfigFiles.write(dir, "heddle.yaml", config);
        return new FaultProbe(TestApps.withAgent(SdkApps.app(jdk, FaultProbeApp.class, dir).args(vendor.baseUrl()),
                TestApps.configArg(file)).start());
    }

    private static String config(String url, String timeout, boolean failClosed, int requestsPerHour) {
        return CONFIG.formatted(url, timeout, failClosed, requestsPerHour);
    }

    private static MockLlmServer vendor() {
        return MockLlmServer.start(MockSettings.defaults().withLatencyMillis(VENDOR_MILLIS));
    }

    private static long vendorCalls(MockLlmServer vendor) {
        return vendor.stats().requests(MockLlmServer.CHAT_COMPLETIONS);
    }

    private static int portWithNothingListening() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Fills Redis past 1 MB, then caps it there with {@code noeviction}: every write is refused with OOM. */
    private static void fill(RedisServerProcess redis) throws IOException {
        String chunk = "x".repeat(256 * 1024);
        for (int i = 0; i < 8; i++) redis.command("SET", "filler:" + i, chunk);
        redis.command("CONFIG", "SET", "maxmemory-policy", "noeviction");
        redis.command("CONFIG", "SET", "maxmemory", "1mb");
    }

    /** The agent writes to Redis in the background: waits, bounded, until {@code count} keys match. */
    private static void awaitKeys(RedisServerProcess redis, String pattern, int count) throws Exception {
        long deadline = System.nanoTime() + REDIS_WAIT_NANOS;
        while (true) {
            String keys = redis.command("KEYS", pattern);
            if (keys != null && !keys.isEmpty() && keys.split("\n").length >= count) return;
            assertThat(System.nanoTime()).as("%d keys %s never reached Redis (%s)", count, pattern, keys).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    /** Warnings of one tier about Redis at one endpoint. */
    private static long warnings(String stderr, String endpoint, String tier) {
        return Arrays.stream(stderr.split("\n"))
                .filter(line -> line.startsWith("[heddle] WARN") && line.contains(tier) && line.contains(endpoint))
                .count();
    }

    /** The info line that says a tier uses Redis at one endpoint again. */
    private static long recoveries(String stderr, String endpoint, String tier) {
        return Arrays.stream(stderr.split("\n"))
                .filter(line -> line.startsWith("[heddle] INFO " + tier) && line.contains(endpoint) && line.contains("answers again;"))
                .count();
    }

    /** Every line the agent wrote after it started, whatever its level. */
    private static List<String> agentLines(String stderr) {
        String afterStart = stderr.substring(Math.max(0, stderr.indexOf(" started: ")));
        return Arrays.stream(afterStart.split("\n")).filter(line -> line.startsWith("[heddle]")).toList();
    }

    private static long heddleLines(String stderr) {
        return agentLines(stderr).size();
    }
}
