package dev.heddle.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heddle.demo.mock.MockLlmServer;
import dev.heddle.demo.mock.MockSettings;
import dev.heddle.it.app.sdk.StageFaultApp;
import dev.heddle.it.harness.ChildJvm;
import dev.heddle.it.harness.ChildResult;
import dev.heddle.it.harness.ConfigFiles;
import dev.heddle.it.harness.Jdk;
import dev.heddle.it.harness.Jdks;
import dev.heddle.it.harness.SdkApps;
import dev.heddle.it.harness.TestApps;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An exception thrown inside each stage of the pipeline (the test-only switch
 * {@code -Dheddle.test.failStage}), one child JVM per stage with the real agent jar: every call of
 * the app is answered once, by its own method (never twice, never not at all) or as the stage's
 * documented fail-open behaviour says (a cache that cannot store keeps nothing, a failing retry
 * gives the method's own failure); the internal error is logged once per kind however many calls
 * hit it, and counted on the MBean's {@code InternalErrors}. The control run {@code none} shows
 * what the same calls do without a fault. One JDK only (the first of {@link Jdks#all()}): the stages
 * are the agent's own code, the same on every JDK.
 */
class StageFaultsWithAgentTest {

    private static final String ASSISTANT = StageFaultApp.Assistant.class.getName();

    /**
     * What the app sees under a fault in a stage: each method's runs per call, each call's outcome,
     * and how many requests the two identical SDK calls sent the vendor.
     */
    record Expected(String stage, String cachedRuns, String flakyRuns, String flakyAnswers, String brokenAnswers,
            int vendorRequests) {
        @Override
        public String toString() {
            return stage;
        }
    }

    private static final Expected NONE = new Expected("none", "1,0,0", "2", "ok", "canned", 1);

    static Stream<Expected> stages() {
        return Stream.of(
                NONE,
                // the call is keyed or looked up for no cache: each runs its method, as without Heddle
                new Expected("key", "1,1,1", "2", "ok", "canned", 2),
                new Expected("cache.lookup", "1,1,1", "2", "ok", "canned", 2),
                new Expected("singleflight", "1,1,1", "2", "ok", "canned", 2),
                // the semantic tier and the quota fail open to the rest of the pipeline: the exact cache still answers
                new Expected("semantic.lookup", "1,0,0", "2", "ok", "canned", 1),
                new Expected("quota.check", "1,0,0", "2", "ok", "canned", 1),
                // a failing retry decision, circuit, bulkhead or timeout: the method runs once and the caller gets its own outcome
                new Expected("retry", "1,0,0", "1", "IllegalStateException", "canned", 1),
                new Expected("circuit", "1,0,0", "1", "IllegalStateException", "canned", 1),
                new Expected("bulkhead", "1,0,0", "1", "IllegalStateException", "canned", 1),
                new Expected("timeout", "1,0,0", "1", "IllegalStateException", "canned", 1),
                // a failing fallback: the caller gets the method's own failure, and the method does not run again
                new Expected("fallback", "1,0,0", "2", "ok", "UnsupportedOperationException", 1),
                // after the method answered: the answer reaches the caller; what failed (storing, counting) is skipped
                new Expected("cache.store", "1,1,1", "2", "ok", "canned", 2),
                new Expected("semantic.store", "1,0,0", "2", "ok", "canned", 1),
                new Expected("quota.settle", "1,0,0", "2", "ok", "canned", 1),
                new Expected("accounting", "1,0,0", "2", "ok", "canned", 1),
                new Expected("tracking.span", "1,0,0", "2", "ok", "canned", 1),
                new Expected("tracking.event", "1,0,0", "2", "ok", "canned", 1));
    }

    private static String yaml(String mockUrl, Path events) {
        return """
                quotas:
                  per-user:
                    tiers: { free: { requests: 1000/1h } }
                    default: free
                analytics: { directory: %s }
                rules:
                  - name: cached
                    match: { type: %s, method: cached }
                    cache:
                      ttl: 1h
                      semantic:
                        embedder: { provider: openai, model: text-embedding-3-small, baseUrl: %s/v1, apiKeyEnv: MOCK_API_KEY }
                    quota: per-user
                  - name: flaky
                    match: { type: %s, method: flaky }
                    retry: { maxAttempts: 3, delay: 10ms }
                    circuitBreaker: { failureThreshold: 5, openFor: 30s }
                    bulkhead: { maxConcurrent: 4, maxWait: 1s }
                    timeout: 10s
                  - name: broken
                    match: { type: %s, method: broken }
                    fallback: { method: canned }
                  - name: openai
                    preset: openai-java
                    cache: { ttl: 1h }
                """.formatted(events.toAbsolutePath(), ASSISTANT, mockUrl, ASSISTANT, ASSISTANT);
    }

    @ParameterizedTest(name = "fault at {0}")
    @MethodSource("stages")
    void everyCallIsAnsweredOnceTheErrorIsLoggedOnceAndCounted(Expected expected, @TempDir Path dir) {
        Jdk jdk = Jdks.all().get(0);
        ChildResult result;
        long vendorRequests;
        try (MockLlmServer server = MockLlmServer.start(MockSettings.defaults())) {
            Path config = ConfigFiles.write(dir, "heddle.yaml", yaml(server.baseUrl(), dir.resolve("events")));
            ChildJvm.Builder child = TestApps.withAgent(SdkApps.app(jdk, StageFaultApp.class, dir).args(server.baseUrl()),
                    TestApps.configArg(config)).env("MOCK_API_KEY", "test-key");
            if (expected != NONE) child.jvmFlags("-Dheddle.test.failStage=" + expected.stage());
            result = child.run();
            vendorRequests = server.stats().requests(MockLlmServer.CHAT_COMPLETIONS);
        }

        assertThat(result.exitCode()).as(result.describe()).isZero();
        Map<String, String> values = result.values();
        assertThat(values).as(result.describe())
                .containsEntry("cached.runs", expected.cachedRuns())
                .containsEntry("cached.answers", "ok,ok,ok")
                .containsEntry("flaky.runs", expected.flakyRuns())
                .containsEntry("flaky.answers", expected.flakyAnswers())
                .containsEntry("broken.runs", "1")
                .containsEntry("broken.answers", expected.brokenAnswers())
                .containsEntry("ask.answers", "ok,ok");
        assertThat(vendorRequests).as("the vendor's own count of chat requests; " + result.describe())
                .isEqualTo(expected.vendorRequests());

        List<String> internalErrorLines = result.stderr().lines()
                .filter(line -> line.contains("] ERROR internal error in "))
                .toList();
        Map<String, Long> timesEach = internalErrorLines.stream()
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        long counted = Long.parseLong(values.get("internalErrors"));
        if (expected == NONE) {
            assertThat(internalErrorLines).as(result.describe()).isEmpty();
            assertThat(counted).isZero();
            assertThat(result.stderr()).doesNotContain("TEST-ONLY fault injection");
        } else {
            assertThat(result.stderr()).as("the switch announces itself").contains("TEST-ONLY fault injection is on");
            assertThat(internalErrorLines).as("the fault is logged; " + result.describe()).isNotEmpty();
            assertThat(timesEach.values()).as("each kind of internal error once, however many calls; " + result.describe())
                    .containsOnly(1L);
            assertThat(internalErrorLines)
                    .allSatisfy(line -> assertThat(line).contains("fault injected at stage " + expected.stage()));
            assertThat(counted).as("counted on the MBean; " + result.describe()).isGreaterThanOrEqualTo(internalErrorLines.size());
        }
        System.out.printf("stage-fault %s: cached.runs=%s flaky=%s/%s broken=%s vendor=%d logLines=%d internalErrors=%d%n",
                expected.stage(), values.get("cached.runs"), values.get("flaky.runs"), values.get("flaky.answers"),
                values.get("broken.answers"), vendorRequests, internalErrorLines.size(), counted);
    }
}
