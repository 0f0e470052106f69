package dev.heddle.it;

import static dev.heddle.it.harness.ChildAssertions.assertPrinted;
import static dev.heddle.it.harness.ChildAssertions.assertSucceeded;
import static org.assertj.core.api.Assertions.assertThat;

import dev.heddle.demo.mock.MockLlmServer;
import dev.heddle.demo.mock.MockSettings;
import dev.heddle.demo.mock.MockStats;
import dev.heddle.it.app.QuotaApp;
import dev.heddle.it.app.sdk.QuotaOpenAiApp;
import dev.heddle.it.harness.ChildJvm;
import dev.heddle.it.harness.ChildResult;
import dev.heddle.it.harness.ConfigFiles;
import dev.heddle.it.harness.Jdk;
import dev.heddle.it.harness.OnEveryJdk;
import dev.heddle.it.harness.ResultsPerJdk;
import dev.heddle.it.harness.SdkApps;
import dev.heddle.it.harness.TestApps;
import dev.heddle.quota.RedisServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.io.TempDir;

/**
 * Unmodified apps with the agent and a {@code quota:} rule see what docs/quotas.md promises: each
 * user gets the requests of their tier and then a {@code dev.heddle.api.QuotaExceededException}
 * that says the tier, what is left and when to retry; a refused call never reaches the vendor (the
 * mock LLM server's own counts say so); the user comes from the OpenAI request's {@code user}
 * field, from {@code Heddle.runAs}, or from an {@code @UserId} parameter; a token limit is counted
 * with the usage the vendor reports. With {@code redis:}, four JVMs hammering one user's quota
 * together admit exactly its limit, and while Redis is down each JVM admits its share of the limit
 * by itself, going back to the shared counts once Redis answers again.
 *
 * <p>The Redis tests need a real {@code redis-server} (on the PATH, or named by
 * {@code HEDDLE_REDIS_SERVER}), started through the agent's test helper {@link RedisServerProcess}.
 */
class QuotaWithAgentTest {

    private static final String REFUSED = "dev.heddle.api.QuotaExceededException";
    private static final String MODEL = "gpt-4o-mini";
    private static final long ONE_HOUR_MILLIS = Duration.ofHours(1).toMillis();

    /** Alice is pro (6 requests an hour); everyone else is free (3 an hour). */
    private static final String TIERS = """
            quotas:
              per-user:
                tiers:
                  free: { requests: 3/1h }
                  pro: { requests: 6/1h }
                users: { alice: pro }
                default: free
            """;

    private static final String OPENAI_TIERS = """
            rules:
              - name: openai
                preset: openai-java
                quota: per-user
            """ + TIERS;

    private static final String HELP_DESK_TIERS = """
            rules:
              - name: help-desk
                match: { type: dev.heddle.it.app.HelpDesk, method: answer }
                quota: per-user
            """ + TIERS;

    private static final String HELP_DESK_CURRENT_USER_TIERS = """
            rules:
              - name: help-desk
                match: { type: dev.heddle.it.app.HelpDesk, method: answerCurrentUser }
                quota: per-user
            """ + TIERS;

    private static final long TOKEN_LIMIT = 1000;

    private static final String OPENAI_TOKENS = """
            rules:
              - name: openai
                preset: openai-java
                quota: per-user
            quotas:
              per-user:
                tiers:
                  free: { tokens: %d/1h }
            """.formatted(TOKEN_LIMIT);

    /** {@code redis:} with the URL and instances filled in, and a quota on {@code HelpDesk.answer}. */
    private static final String HELP_DESK_IN_REDIS = """
            redis: { url: %s, instances: %d }
            rules:
              - name: help-desk
                match: { type: dev.heddle.it.app.HelpDesk, method: answer }
                quota: per-user
            quotas:
              per-user:
                tiers:
                  free: { requests: %d/1h }
            """;

    @TempDir
    static Path userIdDir;

    /** Alice and bob call {@code HelpDesk.answer}, naming themselves in its {@code @UserId} parameter. */
    private static final ResultsPerJdk BY_USER_ID = new ResultsPerJdk(
            jdk -> helpDesk(jdk, userIdDir, HELP_DESK_TIERS, "userId", "alice", "7", "bob", "4").run());

    @OnEveryJdk
    void eachUserGetsTheRequestsOfTheirTierThroughTheOpenAiUserField(Jdk jdk, @TempDir Path dir) {
        try (MockLlmServer server = MockLlmServer.start(MockSettings.defaults())) {
            ChildResult result = openAiApp(jdk, dir, OPENAI_TIERS, server, "field", "alice", "8", "bob", "8").run();

            assertPrinted(result, calls("alice", 1, 6, "ok"));
            assertPrinted(result, calls("alice", 7, 8, REFUSED));
            assertPrinted(result, calls("bob", 1, 3, "ok"));
            assertPrinted(result, calls("bob", 4, 8, REFUSED));
            assertPrinted(result, "alice.7.tier=pro", "alice.7.remaining=0", "alice.8.tier=pro", "alice.8.remaining=0");
            assertPrinted(result, "bob.4.tier=free", "bob.4.remaining=0", "bob.8.tier=free", "bob.8.remaining=0");
            assertPrinted(result, "alice.1.rateLimitRemaining=5", "alice.6.rateLimitRemaining=0", "bob.1.rateLimitRemaining=2");
            assertPrinted(result, "heddle.quotaAdmitted=9", "heddle.quotaRefused=7", "done=true");
            assertRetryAfterWithinTheWindow(result, "alice.7", "bob.4");
            MockStats stats = server.stats();
            assertThat(stats.requestsForUser("alice")).as(about("alice's requests that reached the vendor", result))
                    .isEqualTo(6);
            assertThat(stats.requestsForUser("bob")).as(about("bob's requests that reached the vendor", result)).isEqualTo(3);
            assertThat(stats.requests(MockLlmServer.CHAT_COMPLETIONS)).as(about("every request", result)).isEqualTo(9);
        }
    }

    @OnEveryJdk
    void runAsNamesTheUserOfSdkCallsWhoseRequestNamesNone(Jdk jdk, @TempDir Path dir) {
        try (MockLlmServer server = MockLlmServer.start(MockSettings.defaults())) {
            ChildResult result = openAiApp(jdk, dir, OPENAI_TIERS, server, "runAs", "alice", "7", "bob", "4").run();

            assertPrinted(result, calls("alice", 1, 6, "ok"));
            assertPrinted(result, "alice.7=" + REFUSED, "alice.7.tier=pro");
            assertPrinted(result, calls("bob", 1, 3, "ok"));
            assertPrinted(result, "bob.4=" + REFUSED, "bob.4.tier=free", "done=true");
            assertThat(server.stats().requestsForUser(MockStats.ANONYMOUS))
                    .as(about("the requests named no user; 6 for alice and 3 for bob reached the vendor", result))
                    .isEqualTo(9);
        }
    }

    @OnEveryJdk
    void anAtUserIdParameterNamesTheUserOfAMethodThatAYamlRuleMatches(Jdk jdk) {
        ChildResult result = BY_USER_ID.on(jdk);

        assertPrinted(result, calls("alice", 1, 6, "ok"));
        assertPrinted(result, "alice.7=" + REFUSED, "alice.7.tier=pro", "alice.7.remaining=0");
        assertPrinted(result, calls("bob", 1, 3, "ok"));
        assertPrinted(result, "bob.4=" + REFUSED, "bob.4.tier=free", "bob.4.remaining=0");
        assertPrinted(result, "answerCalls=9", "done=true");
    }

    /** {@code QuotaExceededException.limit()} is documented as "such as {@code requests 100/1h}". */
    @OnEveryJdk
    void aRefusalNamesTheLimitThatRefusedAsTheConfigurationWritesIt(Jdk jdk) {
        assertPrinted(BY_USER_ID.on(jdk), "alice.7.limit=requests 6/1h", "bob.4.limit=requests 3/1h", "done=true");
    }

    @OnEveryJdk
    void runAsNamesTheUserOfAnAppMethodThatNamesNone(Jdk jdk, @TempDir Path dir) {
        ChildResult result = helpDesk(jdk, dir, HELP_DESK_CURRENT_USER_TIERS, "runAs", "alice", "7", "bob", "4").run();

        assertPrinted(result, calls("alice", 1, 6, "ok"));
        assertPrinted(result, "alice.7=" + REFUSED, "alice.7.tier=pro");
        assertPrinted(result, calls("bob", 1, 3, "ok"));
        assertPrinted(result, "bob.4=" + REFUSED, "bob.4.tier=free");
        assertPrinted(result, "currentUserCalls=9", "done=true");
    }

    /**
     * Before a call the quota reserves an estimate of its tokens, and after it counts the usage the
     * vendor reported; so the tokens of the admitted calls pass the limit by at most the last
     * call's, and the vendor was asked nothing once the quota refused.
     */
    @OnEveryJdk
    void aTokenLimitIsCountedWithTheUsageTheVendorReports(Jdk jdk, @TempDir Path dir) {
        try (MockLlmServer server = MockLlmServer.start(MockSettings.defaults())) {
            ChildResult result = openAiApp(jdk, dir, OPENAI_TOKENS, server, "untilRefused", "erin", "100").run();

            assertPrinted(result, "done=true");
            long admitted = number(result, "erin.admitted");
            long refusedAt = number(result, "erin.refusedAt");
            assertPrinted(result, "erin." + refusedAt + "=" + REFUSED, "erin." + refusedAt + ".tier=free");
            assertThat(result.value("erin." + refusedAt + ".limit")).as(about("the limit that refused", result))
                    .hasValueSatisfying(limit -> assertThat(limit).startsWith("tokens " + TOKEN_LIMIT + "/"));
            long[] tokensPerCall = IntStream.rangeClosed(1, (int) admitted)
                    .mapToLong(i -> number(result, "erin." + i + ".tokens")).toArray();
            long largest = Arrays.stream(tokensPerCall).max().orElse(0);
            MockStats stats = server.stats();
            long vendorTokens = stats.promptTokens(MODEL) + stats.completionTokens(MODEL);
            System.out.printf("[%s] token limit %d: %d calls admitted, refused at call %d; the vendor counted %d tokens"
                    + " (largest call %d, per call %s)%n", jdk, TOKEN_LIMIT, admitted, refusedAt, vendorTokens, largest,
                    Arrays.toString(tokensPerCall));

            assertThat(admitted).as(about("calls admitted before the limit", result)).isPositive();
            assertThat(stats.requests(MockLlmServer.CHAT_COMPLETIONS)).as(about("only admitted calls reached the vendor", result))
                    .isEqualTo(admitted);
            assertThat(vendorTokens).as(about("the vendor's count agrees with the usage the app saw", result))
                    .isEqualTo(Arrays.stream(tokensPerCall).sum());
            assertThat(vendorTokens).as(about("tokens of the admitted calls: at most the limit and one call's", result))
                    .isLessThanOrEqualTo(TOKEN_LIMIT + largest);
        }
    }

    /**
     * Eight threads spend one user's tokens at the same time: each call reserves its estimate before
     * it runs, so concurrent calls cannot all slip under the limit on one stale count; the tokens of
     * the admitted calls pass the limit by at most one call's.
     */
    @OnEveryJdk
    void concurrentCallsOverstepATokenLimitByAtMostOneCall(Jdk jdk, @TempDir Path dir) {
        try (MockLlmServer server = MockLlmServer.start(MockSettings.defaults().withLatencyMillis(50))) {
            ChildResult result = openAiApp(jdk, dir, OPENAI_TOKENS, server, "concurrentlyUntilRefused", "gina", "8", "50").run();
            MockStats stats = server.stats();
            long vendorTokens = stats.promptTokens(MODEL) + stats.completionTokens(MODEL);
            long largest = number(result, "gina.largestCall");
            System.out.printf("[%s] token limit %d, 8 threads: %s calls admitted, %s refused; the vendor counted %d tokens"
                    + " (largest call %d)%n", jdk, TOKEN_LIMIT, result.value("gina.admitted").orElse("?"),
                    result.value("gina.refused").orElse("?"), vendorTokens, largest);

            assertPrinted(result, "gina.refused=8", "done=true");
            assertThat(vendorTokens).as(about("the vendor's count agrees with the usage the app saw", result))
                    .isEqualTo(number(result, "gina.tokens"));
            assertThat(vendorTokens).as(about("tokens of the admitted calls: at most the limit and one call's", result))
                    .isLessThanOrEqualTo(TOKEN_LIMIT + largest);
        }
    }

    /**
     * Four JVMs share one user's 50 requests an hour through one Redis; each runs 8 threads of 20
     * attempts, all starting at the same instant, half a second after the test says go.
     */
    @OnEveryJdk
    void fourJvmsHammeringOneUserThroughRedisAdmitExactlyTheLimit(Jdk jdk, @TempDir Path dir) throws Exception {
        int jvms = 4;
        int threads = 8;
        int attempts = 20;
        int limit = 50;
        try (RedisServerProcess redis = RedisServerProcess.start()) {
            Path config = ConfigFiles.write(dir, "heddle.yaml", HELP_DESK_IN_REDIS.formatted(redis.url(), jvms, limit));
            List<ChildResult> results = new ArrayList<>();
            try (Fleet fleet = new Fleet()) {
                for (int i = 0; i < jvms; i++) {
                    fleet.add(TestApps.withAgent(TestApps.app(jdk, QuotaApp.class, dir), TestApps.configArg(config))
                            .args("hammer", "carol", Integer.toString(threads), Integer.toString(attempts)).start());
                }
                fleet.children.forEach(child -> child.awaitStdoutLine(QuotaApp.READY::equals));
                String go = QuotaApp.goAt(System.currentTimeMillis() + 500);
                fleet.children.forEach(child -> child.writeLine(go));
                fleet.children.forEach(child -> results.add(assertSucceeded(child.waitFor())));
            }
            Supplier<String> all = () -> results.stream().map(ChildResult::describe).reduce("", (a, b) -> a + "\n" + b);

            long admitted = sum(results, "admitted");
            long refused = sum(results, "refused");
            System.out.printf("[%s] %d JVMs x %d threads x %d attempts against %d/1h in Redis: admitted per JVM %s (sum %d),"
                    + " refused %d; slowest call per JVM %s ms; Redis keys %s%n", jdk, jvms, threads, attempts, limit,
                    values(results, "admitted"), admitted, refused, values(results, "slowestMillis") + ", p99 " + values(results, "p99Millis")
                            + ", median " + values(results, "medianMillis"),
                    redis.command("KEYS", "*{per-user}:carol:*").replace('\n', ' '));
            assertThat(results).as("no JVM fell back to its own share of the limit\n%s", all.get())
                    .noneMatch(result -> result.stderr().contains("quota store: Redis at"));
            assertThat(admitted).as("admitted over the %d JVMs\n%s", jvms, all.get()).isEqualTo(limit);
            assertThat(refused).as("refused with QuotaExceededException\n%s", all.get())
                    .isEqualTo((long) jvms * threads * attempts - limit);
            assertThat(sum(results, "failed")).as("any other failure\n%s", all.get()).isZero();
            assertThat(sum(results, "answerCalls") - sum(results, "warmUpCalls")).as("calls of the method that ran\n%s", all.get())
                    .isEqualTo(limit);
        }
    }

    /**
     * One JVM of two that share 10 requests an hour: 4 calls counted in Redis; then Redis is down
     * and the JVM admits its share, 10 / 2 = 5, by itself, saying so once on stderr; then Redis is
     * back (with its data: it writes every change to disk), and once its retry second has passed the
     * JVM counts in Redis again, where the 4 calls of before the outage still count and the 5 of the
     * outage do not: 6 more are admitted.
     */
    @OnEveryJdk
    void whileRedisIsDownAJvmAdmitsItsShareAndAfterwardsRedisCountsAgain(Jdk jdk, @TempDir Path dir) throws Exception {
        Path data = Files.createDirectory(dir.resolve("redis-data"));
        try (RedisServerProcess redis = RedisServerProcess.startPersistent(data)) {
            Path config = ConfigFiles.write(dir, "heddle.yaml", HELP_DESK_IN_REDIS.formatted(redis.url(), 2, 10));
            ChildResult result;
            try (ChildJvm child = TestApps.withAgent(TestApps.app(jdk, QuotaApp.class, dir), TestApps.configArg(config))
                    .args("phases", "dave", "2000", "4", "8", "10").start()) {
                child.awaitStdoutLine(QuotaApp.PAUSED::equals);
                redis.kill();
                child.writeLine(QuotaApp.GO);
                child.awaitStdoutLine(QuotaApp.PAUSED::equals);
                redis.restart();
                child.writeLine(QuotaApp.GO);
                result = child.waitFor();
            }
            String counter = redis.command("GET", requestCounterKey(redis, "dave"));
            System.out.printf("[%s] Redis outage: admitted %s before, %s during, %s after; Redis counts %s for dave%n", jdk,
                    result.value("phase1.admitted").orElse("?"), result.value("phase2.admitted").orElse("?"),
                    result.value("phase3.admitted").orElse("?"), counter);

            assertPrinted(result, calls("phase1", 1, 4, "ok"));
            assertPrinted(result, calls("phase2", 1, 5, "ok"));
            assertPrinted(result, calls("phase2", 6, 8, REFUSED));
            assertPrinted(result, calls("phase3", 1, 6, "ok"));
            assertPrinted(result, calls("phase3", 7, 10, REFUSED));
            assertPrinted(result, "answerCalls=15", "done=true");
            String endpoint = "Redis at 127.0.0.1:" + redis.port();
            assertThat(occurrences(result.stderr(), endpoint + " is unreachable"))
                    .as(about("the outage is logged once", result)).isEqualTo(1);
            assertThat(occurrences(result.stderr(), endpoint + " answers again"))
                    .as(about("the healing is logged once", result)).isEqualTo(1);
            assertThat(counter).as(about("Redis counts the calls it admitted, not those of the outage", result))
                    .isEqualTo("10");
        }
    }

    /** The key of a user's sliding-window request count, found by its user and unit whatever the prefix. */
    private static String requestCounterKey(RedisServerProcess redis, String user) throws Exception {
        List<String> keys = List.of(redis.command("KEYS", "*{per-user}*" + user + ":requests:*:n").split("\n"));
        assertThat(keys).as("the request counter of %s in Redis", user).hasSize(1);
        return keys.get(0);
    }

    /** Child JVMs started together, all killed when closed. */
    private static final class Fleet implements AutoCloseable {

        private final List<ChildJvm> children = new ArrayList<>();

        void add(ChildJvm child) {
            children.add(child);
        }

        @Override
        public void close() {
            children.forEach(ChildJvm::close);
        }
    }

    private static ChildJvm.Builder openAiApp(Jdk jdk, Path dir, String config, MockLlmServer server, String... modeAndUsers) {
        String[] args = new String[modeAndUsers.length + 1];
        args[0] = server.baseUrl();
        System.arraycopy(modeAndUsers, 0, args, 1, modeAndUsers.length);
        return TestApps.withAgent(SdkApps.app(jdk, QuotaOpenAiApp.class, dir).args(args),
                TestApps.configArg(ConfigFiles.write(dir, "heddle.yaml", config)));
    }

    private static ChildJvm.Builder helpDesk(Jdk jdk, Path dir, String config, String... args) {
        return TestApps.withAgent(TestApps.app(jdk, QuotaApp.class, dir).args(args),
                TestApps.configArg(ConfigFiles.write(dir, "heddle.yaml", config)));
    }

    /** A refusal's retry-after is positive and no longer than the quota's window of an hour. */
    private static void assertRetryAfterWithinTheWindow(ChildResult result, String... calls) {
        for (String call : calls) {
            assertThat(number(result, call + ".retryAfterMillis")).as(about(call + "'s retry-after", result))
                    .isPositive().isLessThanOrEqualTo(ONE_HOUR_MILLIS);
        }
    }

    /** A description of an assertion that holds everything the child printed. */
    private static Supplier<String> about(String what, ChildResult result) {
        return () -> what + "\n" + result.describe();
    }

    /** {@code prefix.from=outcome} to {@code prefix.to=outcome}. */
    private static String[] calls(String prefix, int from, int to, String outcome) {
        return IntStream.rangeClosed(from, to).mapToObj(i -> prefix + "." + i + "=" + outcome).toArray(String[]::new);
    }

    private static long number(ChildResult result, String key) {
        return Long.parseLong(result.value(key).orElseThrow(() -> new AssertionError("no " + key + "\n" + result.describe())));
    }

    private static long sum(List<ChildResult> results, String key) {
        return results.stream().mapToLong(result -> number(result, key)).sum();
    }

    private static List<String> values(List<ChildResult> results, String key) {
        return results.stream().map(result -> result.value(key).orElse("?")).toList();
    }

    private static int occurrences(String text, String part) {
        Matcher matcher = Pattern.compile(Pattern.quote(part)).matcher(text);
        int count = 0;
        while (matcher.find()) {
            count++;
        }
        return count;
    }
}
