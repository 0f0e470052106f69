package dev.heddle.it;

import static dev.heddle.it.harness.ChildAssertions.assertPrinted;
import static org.assertj.core.api.Assertions.assertThat;

import dev.heddle.demo.mock.FaultKind;
import dev.heddle.demo.mock.FaultPlan;
import dev.heddle.demo.mock.MockLlmServer;
import dev.heddle.demo.mock.MockSettings;
import dev.heddle.it.app.sdk.FaultProbeApp;
import dev.heddle.it.app.sdk.ResilientOpenAiApp;
import dev.heddle.it.harness.ChildJvm;
import dev.heddle.it.harness.ChildResult;
import dev.heddle.it.harness.ConfigFiles;
import dev.heddle.it.harness.Jdk;
import dev.heddle.it.harness.OnEveryJdk;
import dev.heddle.it.harness.SdkApps;
import dev.heddle.it.harness.TestApps;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault matrix for the LLM vendor: the mock server fails in every way it offers (429 with
 * {@code Retry-After}, 500, 503, a slow answer, a dropped connection), and an unmodified app calls
 * it through the official OpenAI SDK, its own retries off.
 *
 * <ul>
 *   <li>Under a rule that caches and has no resilience policy, the app gets exactly what it gets
 *       without the agent (the same exception type and HTTP status, compared with a run without
 *       the agent as ground truth), no failure is cached (the same question asked again reaches the
 *       vendor and is answered), nothing is logged, and the vendor's own count matches.</li>
 *   <li>Under a rule with {@code retry}, {@code circuitBreaker} and {@code timeout} together (and a
 *       cache), with every fault kind mixed in one run, the app gets an answer for every call the
 *       retries can save; a slow attempt is cut off by the timeout and, as documented, not retried,
 *       so exactly the calls that met a slow answer fail with {@code HeddleTimeoutException}; every
 *       other fault costs exactly one retry; and asked again, those calls reach the vendor while the
 *       answered ones are cache hits.</li>
 * </ul>
 *
 * <p>{@link ResilienceWithAgentTest} already covers each policy alone (5xx and dropped connections
 * retried, {@code Retry-After} honoured, the breaker opening and closing, the timeout, the
 * asynchronous client, the fallbacks); this class adds the cache beside the faults, 503s, the
 * ground-truth comparison and the policies together.
 */
class LlmFaultMatrixWithAgentTest {

    private static final String CACHE_ONLY = """
            rules:
              - name: openai
                preset: openai-java
                cache: { ttl: 1h }
            """;

    private static final String ALL_POLICIES = """
            rules:
              - name: openai
                preset: openai-java
                cache: { ttl: 1h }
                retry: { maxAttempts: 6, delay: 10ms, maxDelay: 50ms }
                circuitBreaker: { failureThreshold: 5, openFor: 2s }
                timeout: 500ms
            """;

    /** The kinds in the order the cache-only case meets them; SLOW answers, the others fail. */
    private static final List<FaultKind> KINDS = List.of(
            FaultKind.RATE_LIMIT, FaultKind.SERVER_ERROR, FaultKind.UNAVAILABLE, FaultKind.DROP, FaultKind.SLOW);
    private static final long SLOW_MILLIS = 1_500;
    private static final long SEED = 42L;

    /**
     * Without the agent, then with it: a warm-up question, then for each fault kind one question
     * asked three times, the first time with the vendor failing in that way.
     */
    @OnEveryJdk
    void underACacheWithoutResilienceTheAppSeesExactlyTheVendorsFailureAndNoFailureIsCached(Jdk jdk, @TempDir Path dir) {
        Map<FaultKind, String> withoutAgent;
        long vendorCallsWithoutAgent;
        try (MockLlmServer vendor = vendor()) {
            withoutAgent = askThroughEachFault(vendor, SdkApps.app(jdk, FaultProbeApp.class, dir).args(vendor.baseUrl()),
                    false);
            vendorCallsWithoutAgent = vendorCalls(vendor);
        }
        try (MockLlmServer vendor = vendor()) {
            ChildJvm.Builder child = TestApps.withAgent(SdkApps.app(jdk, FaultProbeApp.class, dir).args(vendor.baseUrl()),
                    TestApps.configArg(ConfigFiles.write(dir, "heddle.yaml", CACHE_ONLY)));
            Map<FaultKind, String> withAgent = askThroughEachFault(vendor, child, true);
            System.out.println("fault-matrix llm-cache-only on " + jdk + ": with the agent " + withAgent + ", without "
                    + withoutAgent + "; vendor requests with the agent " + vendorCalls(vendor) + ", without "
                    + vendorCallsWithoutAgent);

            assertThat(withoutAgent.get(FaultKind.RATE_LIMIT)).as("the positive control: the fault reaches the app")
                    .isEqualTo("com.openai.errors.RateLimitException 429");
            assertThat(withAgent).as("the same exception type and status as without the agent").isEqualTo(withoutAgent);
            assertThat(vendorCallsWithoutAgent).as("without the agent, every ask").isEqualTo(1 + 3 * KINDS.size());
            assertThat(vendorCalls(vendor)).as("the warm-up; each failed question twice, the slow one once")
                    .isEqualTo(1 + 2 * (KINDS.size() - 1) + 1);
        }
    }

    /**
     * @param expectCache whether the agent runs: checks what each ask after the fault returns
     * @return each kind's first outcome: {@code ok}, or the exception class and the HTTP status
     */
    private static Map<FaultKind, String> askThroughEachFault(MockLlmServer vendor, ChildJvm.Builder child,
            boolean expectCache) {
        Map<FaultKind, String> outcomes = new LinkedHashMap<>();
        try (FaultProbe app = new FaultProbe(child.start())) {
            assertThat(app.ask("-", "warm-up").outcome()).as(app.describe()).isEqualTo("ok");
            for (FaultKind kind : KINDS) {
                String question = "What does " + kind + " do to a heddle?";
                vendor.faults(FaultPlan.builder().rate(kind, 1.0).retryAfterSeconds(1).slowMillis(SLOW_MILLIS).build());
                FaultProbe.Reply faulted = app.ask("-", question);
                vendor.faults(FaultPlan.none());
                FaultProbe.Reply second = app.ask("-", question);
                FaultProbe.Reply third = app.ask("-", question);
                String outcome = faulted.outcome() + (faulted.values().containsKey("status") ? " " + faulted.get("status") : "");
                outcomes.put(kind, outcome);

                assertThat(second.outcome()).as("%s: asked again on a healthy vendor\n%s", kind, app.describe()).isEqualTo("ok");
                assertThat(third.outcome()).as(app.describe()).isEqualTo("ok");
                if (expectCache) {
                    boolean failed = !faulted.outcome().equals("ok");
                    assertThat(faulted.get("cached")).as("%s\n%s", kind, app.describe()).isEqualTo(failed ? "none" : "stored");
                    assertThat(second.get("cached")).as("%s: a failure is never cached\n%s", kind, app.describe())
                            .isEqualTo(failed ? "stored" : "hit");
                    assertThat(third.get("cached")).as(app.describe()).isEqualTo("hit");
                }
            }
            FaultProbe.Reply status = app.status();
            ChildResult result = app.exit();
            if (expectCache) {
                assertThat(status.number("heddle.cacheHits")).as(result::describe).isEqualTo(KINDS.size() + 1);
                assertThat(heddleLinesAfterStart(result.stderr())).as("a vendor's failure is the app's, not logged\n%s",
                        result.describe()).isZero();
            } else {
                assertThat(status.get("redisState")).as("no agent").isEqualTo("absent");
            }
            assertThat(result.exitCode()).as(result::describe).isZero();
        }
        return outcomes;
    }

    /**
     * Every fault kind at 8%, seeded, 20 calls in a row, then the same 20 questions again on a
     * healthy vendor. A slow answer (2 s) meets the 500 ms timeout and is retried like any other
     * fault; the breaker never sees five failures in a row.
     */
    @OnEveryJdk
    void withRetryCircuitBreakerAndTimeoutEveryFaultIsAbsorbedByOneRetryAndTheAnswersAreCached(Jdk jdk,
            @TempDir Path dir) {
        FaultPlan.Builder mixed = FaultPlan.builder().retryAfterSeconds(1).slowMillis(2_000);
        KINDS.forEach(kind -> mixed.rate(kind, 0.08));
        try (MockLlmServer vendor = MockLlmServer.start(MockSettings.defaults().withSeed(SEED).withFaults(mixed.build()));
                ChildJvm child = TestApps.withAgent(
                        SdkApps.app(jdk, ResilientOpenAiApp.class, dir).args(vendor.baseUrl(), "blocking", "20", "20", "0", "repeat"),
                        TestApps.configArg(ConfigFiles.write(dir, "heddle.yaml", ALL_POLICIES))).start()) {
            child.awaitStdoutLine(ResilientOpenAiApp.PAUSED::equals);
            long requestsWhileFaulty = vendorCalls(vendor);
            Map<FaultKind, Long> faults = new LinkedHashMap<>();
            KINDS.forEach(kind -> faults.put(kind, vendor.stats().faults(kind)));
            vendor.faults(FaultPlan.none());
            child.writeLine(ResilientOpenAiApp.GO);
            ChildResult result = child.waitFor();
            long requestsAfter = vendorCalls(vendor) - requestsWhileFaulty;
            String about = faults + ", requests while faulty " + requestsWhileFaulty + ", after " + requestsAfter + "\n"
                    + result.describe();

            long slow = faults.get(FaultKind.SLOW);
            long failedAttempts = faults.values().stream().mapToLong(Long::longValue).sum() - slow;
            long timeouts = number(result, "heddle.timeouts");
            assertThat(failedAttempts).as("the positive control: the vendor failed\n%s", about).isPositive();
            assertThat(slow).as("the positive control: the vendor was slow\n%s", about).isPositive();
            assertPrinted(result, "errors=0", "heddle.circuitOpened=0", "done=true");
            assertPrinted(result, IntStream.rangeClosed(1, 20).mapToObj(i -> "call." + i + "=ok").toArray(String[]::new));
            assertThat(timeouts).as("every slow answer, and the first call if the SDK's first use took longer than 500 ms\n%s",
                    about).isBetween(slow, slow + 1);
            assertThat(number(result, "heddle.retries")).as("one retry per failed or timed-out attempt\n%s", about)
                    .isEqualTo(failedAttempts + timeouts);
            assertThat(requestsWhileFaulty).as("each call once, plus its retries\n%s", about)
                    .isEqualTo(20 + failedAttempts + timeouts);
            assertPrinted(result, IntStream.rangeClosed(1, 20).mapToObj(i -> "after." + i + "=ok").toArray(String[]::new));
            assertThat(requestsAfter).as("asked again, every answer is a cache hit\n%s", about).isZero();
            assertThat(number(result, "heddle.cacheHits")).as(about).isEqualTo(20);
            assertThat(heddleLinesAfterStart(result.stderr())).as("nothing to log\n%s", about).isZero();
            System.out.println("fault-matrix llm-all-policies on " + jdk + ": " + about.lines().findFirst().orElse(""));
        }
    }

    private static MockLlmServer vendor() {
        return MockLlmServer.start(MockSettings.defaults().withSeed(SEED));
    }

    private static long vendorCalls(MockLlmServer vendor) {
        return vendor.stats().requests(MockLlmServer.CHAT_COMPLETIONS);
    }

    private static long number(ChildResult result, String key) {
        return Long.parseLong(result.value(key).orElseThrow(() -> new AssertionError("no " + key + "\n" + result.describe())));
    }

    /** Lines the agent wrote after its start-up line. */
    private static long heddleLinesAfterStart(String stderr) {
        String afterStart = stderr.substring(Math.max(0, stderr.indexOf(" started: ")));
        return Arrays.stream(afterStart.split("\n")).filter(line -> line.startsWith("[heddle]")).count();
    }
}
