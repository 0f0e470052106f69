package dev.heddle.it;

import static dev.heddle.it.harness.ChildAssertions.assertPrinted;
import static org.assertj.core.api.Assertions.assertThat;

import dev.heddle.demo.mock.FaultKind;
import dev.heddle.demo.mock.FaultPlan;
import dev.heddle.demo.mock.MockLlmServer;
import dev.heddle.demo.mock.MockSettings;
import dev.heddle.it.app.sdk.ResilientOpenAiApp;
import dev.heddle.it.harness.ChildJvm;
import dev.heddle.it.harness.ChildResult;
import dev.heddle.it.harness.ConfigFiles;
import dev.heddle.it.harness.Jdk;
import dev.heddle.it.harness.OnEveryJdk;
import dev.heddle.it.harness.SdkApps;
import dev.heddle.it.harness.TestApps;
import java.nio.file.Path;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.io.TempDir;

/**
 * An unmodified app calls the official OpenAI Java SDK, with the SDK's own retries off, against
 * the mock LLM server with its fault knobs turned; with the agent and a rule
 * {@code preset: openai-java} that has a retry, a circuit breaker or a timeout (and no cache, so
 * every call is a real call), the app sees what the policy promises: no error where retries
 * absorb the vendor's failures, the SDK's own exception while the breaker counts failures and a
 * {@code dev.heddle.api.CircuitOpenException} once it is open, a
 * {@code dev.heddle.api.HeddleTimeoutException} when the vendor is too slow. The server's own
 * request count says what really reached the vendor; the agent's JMX counters must agree with it.
 * The only timings asserted are bounds that a policy promises: a retry no sooner than the vendor's
 * {@code Retry-After}, and a call cut off well before a slow vendor answers.
 */
class ResilienceWithAgentTest {

    /** The server's seed: its fault draws, and so the faulted requests of a sequential run, are the same every run. */
    private static final long SEED = 42L;

    private static final String INTERNAL_SERVER_ERROR = "com.openai.errors.InternalServerException";
    private static final String CIRCUIT_OPEN = "dev.heddle.api.CircuitOpenException";
    private static final String TIMED_OUT = "dev.heddle.api.HeddleTimeoutException";

    private static final String RETRY = """
            rules:
              - name: openai
                preset: openai-java
                retry: { maxAttempts: 6, delay: 10ms, maxDelay: 50ms }
            """;

    private static final String RETRY_AFTER = """
            rules:
              - name: openai
                preset: openai-java
                retry: { maxAttempts: 3, delay: 10ms }
            """;

    private static final String BREAKER = """
            rules:
              - name: openai
                preset: openai-java
                circuitBreaker: { failureThreshold: 3, openFor: 2s }
            """;

    private static final String TIMEOUT = """
            rules:
              - name: openai
                preset: openai-java
                timeout: 500ms
            """;

    private static final String STALE_CACHE_FALLBACK = """
            rules:
              - name: openai
                preset: openai-java
                cache: { ttl: 1s }
                retry: { maxAttempts: 2, delay: 10ms }
                fallback: { staleFor: 1h }
            """;

    private static final String MODEL_FALLBACK = """
            rules:
              - name: openai
                preset: openai-java
                fallback: { model: gpt-3.5-turbo }
            """;

    private static final FaultPlan THIRTY_PERCENT_SERVER_ERRORS = FaultPlan.rate(FaultKind.SERVER_ERROR, 0.3);
    private static final FaultPlan ONLY_SERVER_ERRORS = FaultPlan.rate(FaultKind.SERVER_ERROR, 1.0);
    private static final FaultPlan ONLY_SLOW_ANSWERS = FaultPlan.builder().rate(FaultKind.SLOW, 1.0).slowMillis(5_000)
            .build();

    @OnEveryJdk
    void aThirtyPercentServerErrorRateYieldsNoErrorToTheAppWithRetries(Jdk jdk, @TempDir Path dir) {
        try (MockLlmServer server = server(THIRTY_PERCENT_SERVER_ERRORS)) {
            ChildResult result = withAgent(jdk, dir, RETRY, server, "blocking", "30").run();
            long requests = requests(server);

            assertPrinted(result, "errors=0", "heddle.present=true", "heddle.modelCalls=30", "done=true");
            assertThat(requests).as(about("requests that reached the server", result)).isGreaterThan(30);
            assertThat(number(result, "heddle.retries")).as(about("retries", result)).isEqualTo(requests - 30);
            assertThat(number(result, "heddle.attempts")).as(about("attempts", result)).isEqualTo(requests);
        }
    }

    @OnEveryJdk
    void aDroppedConnectionIsRetriedLikeAServerError(Jdk jdk, @TempDir Path dir) {
        try (MockLlmServer server = server(FaultPlan.rate(FaultKind.DROP, 0.3))) {
            ChildResult result = withAgent(jdk, dir, RETRY, server, "blocking", "10").run();
            long requests = requests(server);

            assertPrinted(result, calls("call", 1, 10, "ok"));
            assertPrinted(result, "errors=0", "done=true");
            assertThat(requests).as(about("requests that reached the server, dropped ones included", result)).isGreaterThan(10);
            assertThat(number(result, "heddle.retries")).as(about("retries", result)).isEqualTo(requests - 10);
        }
    }

    @OnEveryJdk
    void aRateLimitWithRetryAfterIsRetriedNoSoonerThanTheVendorAsked(Jdk jdk, @TempDir Path dir) {
        // the first call warms the SDK up (class loading, first connection), so that the second
        // call's duration is the rate-limited attempt, the wait and the retry, and little else
        FaultPlan secondRateLimited = FaultPlan.builder().requests(2, 2, FaultKind.RATE_LIMIT).retryAfterSeconds(2).build();
        try (MockLlmServer server = server(secondRateLimited)) {
            ChildResult result = withAgent(jdk, dir, RETRY_AFTER, server, "blocking", "2").run();

            assertPrinted(result, "call.1=ok", "call.2=ok", "errors=0", "heddle.retries=1", "done=true");
            assertThat(requests(server)).as(about("the warm-up, the rate-limited request and its retry", result))
                    .isEqualTo(3);
            assertThat(number(result, "call.2.millis"))
                    .as(about("the rate-limited call's duration; the vendor asked for Retry-After: 2", result))
                    .isGreaterThanOrEqualTo(2000);
        }
    }

    @OnEveryJdk
    void aFailingVendorOpensTheBreakerAndLaterCallsFailFast(Jdk jdk, @TempDir Path dir) {
        try (MockLlmServer server = server(ONLY_SERVER_ERRORS)) {
            ChildResult result = withAgent(jdk, dir, BREAKER, server, "blocking", "10").run();

            assertPrinted(result, calls("call", 1, 3, INTERNAL_SERVER_ERROR));
            assertPrinted(result, calls("call", 4, 10, CIRCUIT_OPEN));
            assertPrinted(result, "errors=10", "heddle.circuitOpened=1", "heddle.circuitRejections=7", "done=true");
            assertThat(requests(server)).as(about("only the failures before the breaker opened", result)).isEqualTo(3);
        }
    }

    @OnEveryJdk
    void aHealedVendorClosesTheBreakerAgainThroughHalfOpen(Jdk jdk, @TempDir Path dir) {
        try (MockLlmServer server = server(ONLY_SERVER_ERRORS);
                ChildJvm child = withAgent(jdk, dir, BREAKER, server, "blocking", "4", "3", "2500").start()) {
            child.awaitStdoutLine(ResilientOpenAiApp.PAUSED::equals);
            server.faults(FaultPlan.none());
            child.writeLine(ResilientOpenAiApp.GO);
            ChildResult result = child.waitFor();

            assertPrinted(result, calls("call", 1, 3, INTERNAL_SERVER_ERROR));
            assertPrinted(result, "call.4=" + CIRCUIT_OPEN);
            assertPrinted(result, calls("after", 1, 3, "ok"));
            assertPrinted(result, "errors=4", "heddle.circuitOpened=1", "heddle.circuitRejections=1", "done=true");
            assertThat(requests(server)).as(about("3 failures, then the trial call and 2 more", result)).isEqualTo(6);
        }
    }

    @OnEveryJdk
    void aSlowVendorIsCutOffByTheTimeout(Jdk jdk, @TempDir Path dir) {
        ChildResult result = slowVendorAfterAWarmUp(jdk, dir, "blocking");

        assertPrinted(result, "after.1=" + TIMED_OUT, "done=true");
        assertThat(number(result, "after.1.millis"))
                .as(about("cut off long before the vendor's answer, which comes after 5 s", result)).isLessThan(4000);
        assertThat(number(result, "heddle.timeouts"))
                .as(about("the slow call, and the warm-up if the SDK's first use took longer than the timeout", result))
                .isBetween(1L, 2L);
    }

    @OnEveryJdk
    void theAsynchronousClientGetsTheSamePolicies(Jdk jdk, @TempDir Path dir) {
        try (MockLlmServer server = server(THIRTY_PERCENT_SERVER_ERRORS)) {
            ChildResult result = withAgent(jdk, dir, RETRY, server, "async", "10").run();
            long requests = requests(server);

            assertPrinted(result, calls("call", 1, 10, "ok"));
            assertPrinted(result, "errors=0", "done=true");
            assertThat(requests).as(about("requests that reached the server", result)).isGreaterThan(10);
            assertThat(number(result, "heddle.retries")).as(about("retries", result)).isEqualTo(requests - 10);
            assertThat(number(result, "heddle.attempts")).as(about("attempts", result)).isEqualTo(requests);
        }
    }

    @OnEveryJdk
    void theAsynchronousClientFailsFastOnceTheBreakerIsOpen(Jdk jdk, @TempDir Path dir) {
        try (MockLlmServer server = server(ONLY_SERVER_ERRORS)) {
            ChildResult result = withAgent(jdk, dir, BREAKER, server, "async", "5").run();

            assertPrinted(result, calls("call", 1, 3, INTERNAL_SERVER_ERROR));
            assertPrinted(result, calls("call", 4, 5, CIRCUIT_OPEN));
            assertPrinted(result, "heddle.circuitOpened=1", "heddle.circuitRejections=2", "done=true");
            assertThat(requests(server)).as(result::describe).isEqualTo(3);
        }
    }

    @OnEveryJdk
    void theAsynchronousClientIsCutOffByTheTimeoutToo(Jdk jdk, @TempDir Path dir) {
        ChildResult result = slowVendorAfterAWarmUp(jdk, dir, "async");

        assertPrinted(result, "after.1=" + TIMED_OUT, "done=true");
        assertThat(number(result, "after.1.millis"))
                .as(about("cut off long before the vendor's answer, which comes after 5 s", result)).isLessThan(4000);
    }

    @OnEveryJdk
    void theStaleCacheAnswersDuringAnOutageAndTheAppIsTold(Jdk jdk, @TempDir Path dir) {
        ChildResult result = outageAfterExpiredAnswers(jdk, dir, "blocking");

        assertPrinted(result, calls("after", 1, 3, "ok"));
        assertPrinted(result, "after.1.fallback=stale-cache", "after.3.fallback=stale-cache");
        assertPrinted(result, "errors=0", "heddle.fallbacks=3", "heddle.cacheHits=0", "done=true");
    }

    @OnEveryJdk
    void theAsynchronousClientIsAnsweredFromTheStaleCacheToo(Jdk jdk, @TempDir Path dir) {
        ChildResult result = outageAfterExpiredAnswers(jdk, dir, "async");

        assertPrinted(result, calls("after", 1, 3, "ok"));
        assertPrinted(result, "errors=0", "heddle.fallbacks=3", "done=true");
    }

    @OnEveryJdk
    void aFailedCallIsAnsweredByACheaperModelThroughTheSameSdk(Jdk jdk, @TempDir Path dir) {
        try (MockLlmServer server = server(FaultPlan.builder().requests(1, 1, FaultKind.SERVER_ERROR).build())) {
            ChildResult result = withAgent(jdk, dir, MODEL_FALLBACK, server, "blocking", "2").run();

            assertPrinted(result, "call.1=ok", "call.1.model=gpt-3.5-turbo", "call.1.fallback=model");
            assertPrinted(result, "call.2=ok", "call.2.model=gpt-4o-mini", "errors=0", "heddle.fallbacks=1", "done=true");
            assertThat(result.value("call.2.fallback")).as(about("the second call was answered by its own model", result))
                    .isEmpty();
            assertThat(server.stats().requestsForModel("gpt-3.5-turbo")).as(result::describe).isEqualTo(1);
            assertThat(server.stats().requestsForModel("gpt-4o-mini")).as(result::describe).isEqualTo(2);
        }
    }

    /**
     * Three answers are cached on a healthy vendor; the vendor then fails every request, and the app
     * asks the same three questions once their ttl of 1 s is over: each expired answer is no hit, so
     * the vendor is asked (twice, with the retry) before the fallback answers from the stale entry.
     */
    private static ChildResult outageAfterExpiredAnswers(Jdk jdk, Path dir, String client) {
        try (MockLlmServer server = server(FaultPlan.none());
                ChildJvm child = withAgent(jdk, dir, STALE_CACHE_FALLBACK, server, client, "3", "3", "1500", "repeat").start()) {
            child.awaitStdoutLine(ResilientOpenAiApp.PAUSED::equals);
            server.faults(ONLY_SERVER_ERRORS);
            child.writeLine(ResilientOpenAiApp.GO);
            ChildResult result = child.waitFor();
            assertThat(requests(server)).as(about("3 answers, then 2 failed attempts for each repeated question", result))
                    .isEqualTo(3 + 3 * 2);
            return result;
        }
    }

    @OnEveryJdk
    void withoutTheAgentServerErrorsReachTheApp(Jdk jdk, @TempDir Path dir) {
        try (MockLlmServer server = server(THIRTY_PERCENT_SERVER_ERRORS)) {
            ChildResult result = SdkApps.app(jdk, ResilientOpenAiApp.class, dir).args(server.baseUrl(), "blocking", "30").run();

            assertPrinted(result, "heddle.present=false", "done=true");
            assertThat(number(result, "errors")).as(result::describe).isGreaterThan(0);
            assertThat(result.values()).as(result::describe).containsValue(INTERNAL_SERVER_ERROR);
            assertThat(requests(server)).as(about("one request a call, no retry", result)).isEqualTo(30);
        }
    }

    /**
     * One call on a healthy vendor warms the SDK up, so that the measured call is blocked on the
     * vendor's answer, not still busy in the SDK's first-use set-up, when its time is up; then the
     * vendor answers every request after 5 s, and the app makes one more call, {@code after.1}.
     */
    private static ChildResult slowVendorAfterAWarmUp(Jdk jdk, Path dir, String client) {
        try (MockLlmServer server = server(FaultPlan.none());
                ChildJvm child = withAgent(jdk, dir, TIMEOUT, server, client, "1", "1", "0").start()) {
            child.awaitStdoutLine(ResilientOpenAiApp.PAUSED::equals);
            server.faults(ONLY_SLOW_ANSWERS);
            child.writeLine(ResilientOpenAiApp.GO);
            return child.waitFor();
        }
    }

    private static MockLlmServer server(FaultPlan faults) {
        return MockLlmServer.start(MockSettings.defaults().withSeed(SEED).withFaults(faults));
    }

    /** The app with the agent and a configuration; its arguments are the server's URL and {@code clientAndCounts}. */
    private static ChildJvm.Builder withAgent(Jdk jdk, Path dir, String config, MockLlmServer server, String... clientAndCounts) {
        String[] args = new String[clientAndCounts.length + 1];
        args[0] = server.baseUrl();
        System.arraycopy(clientAndCounts, 0, args, 1, clientAndCounts.length);
        return TestApps.withAgent(SdkApps.app(jdk, ResilientOpenAiApp.class, dir).args(args),
                TestApps.configArg(ConfigFiles.write(dir, "heddle.yaml", config)));
    }

    /** A description of an assertion that holds everything the child printed. */
    private static Supplier<String> about(String what, ChildResult result) {
        return () -> what + "\n" + result.describe();
    }

    private static long requests(MockLlmServer server) {
        return server.stats().requests(MockLlmServer.CHAT_COMPLETIONS);
    }

    /** {@code prefix.from=outcome} to {@code prefix.to=outcome}. */
    private static String[] calls(String prefix, int from, int to, String outcome) {
        return IntStream.rangeClosed(from, to).mapToObj(i -> prefix + "." + i + "=" + outcome).toArray(String[]::new);
    }

    private static long number(ChildResult result, String key) {
        return Long.parseLong(result.value(key).orElseThrow(() -> new AssertionError("no " + key + "\n" + result.describe())));
    }
}
