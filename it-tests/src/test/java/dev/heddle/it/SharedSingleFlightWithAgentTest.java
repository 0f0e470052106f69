package dev.heddle.it;

import static dev.heddle.it.harness.ChildAssertions.assertPrinted;
import static org.assertj.core.api.Assertions.assertThat;

import dev.heddle.demo.mock.MockLlmServer;
import dev.heddle.demo.mock.MockSettings;
import dev.heddle.it.app.sdk.SameQuestionOnSignalApp;
import dev.heddle.it.harness.ChildJvm;
import dev.heddle.it.harness.ChildResult;
import dev.heddle.it.harness.ConfigFiles;
import dev.heddle.it.harness.Jdk;
import dev.heddle.it.harness.OnEveryJdk;
import dev.heddle.it.harness.SdkApps;
import dev.heddle.it.harness.TestApps;
import dev.heddle.quota.RedisServerProcess;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two JVMs of an unmodified app, each with the agent, one {@code redis:} and a cached
 * {@code openai-java} rule, each with 25 threads, ask the official OpenAI SDK the same question at
 * the same moment, against a vendor that takes 500 ms: the first call in one JVM takes the lease in
 * Redis and goes to the vendor; its JVM's other threads wait for it (single-flight in process), and
 * the other JVM waits for its answer in Redis. The vendor counts one request for the question (and
 * each JVM's own warm-up question), and all fifty calls get the same answer.
 *
 * <p>Needs a real {@code redis-server}.
 */
class SharedSingleFlightWithAgentTest {

    private static final int THREADS_PER_JVM = 25;

    private static final String CONFIG = """
            redis: %s
            rules:
              - name: openai
                preset: openai-java
                cache: { ttl: 1h }
            """;

    @OnEveryJdk
    void fiftyConcurrentIdenticalCallsInTwoJvmsMakeOneUpstreamCall(Jdk jdk, @TempDir Path dir) throws Exception {
        try (MockLlmServer server = MockLlmServer.start(MockSettings.defaults().withLatencyMillis(500));
                RedisServerProcess redis = RedisServerProcess.start()) {
            Path config = ConfigFiles.write(dir, "heddle.yaml", CONFIG.formatted(redis.url()));
            ChildResult resultA;
            ChildResult resultB;
            try (ChildJvm jvmA = app(jdk, dir, server, config).start();
                    ChildJvm jvmB = app(jdk, dir, server, config).start()) {
                jvmA.awaitStdoutLine(SameQuestionOnSignalApp.READY::equals);
                jvmB.awaitStdoutLine(SameQuestionOnSignalApp.READY::equals);
                long warmUps = server.stats().requests(MockLlmServer.CHAT_COMPLETIONS);
                assertThat(warmUps).isEqualTo(2);
                jvmA.writeLine(SameQuestionOnSignalApp.GO);
                jvmB.writeLine(SameQuestionOnSignalApp.GO);
                resultA = jvmA.waitFor();
                resultB = jvmB.waitFor();
            }

            assertPrinted(resultA, "ok=" + THREADS_PER_JVM, "failed=0", "done=true");
            assertPrinted(resultB, "ok=" + THREADS_PER_JVM, "failed=0", "done=true");
            String answerId = resultA.value("answerIds").orElseThrow(() -> new AssertionError(resultA.describe()));
            assertThat(answerId).as(resultA::describe).doesNotContain(",");
            assertPrinted(resultB, "answerIds=" + answerId);
            assertThat(server.stats().requests(MockLlmServer.CHAT_COMPLETIONS) - 2)
                    .as(() -> resultA.describe() + resultB.describe()).isEqualTo(1);
            long misses = Long.parseLong(resultA.value("heddle.cacheMisses").orElseThrow())
                    + Long.parseLong(resultB.value("heddle.cacheMisses").orElseThrow());
            long hits = Long.parseLong(resultA.value("heddle.cacheHits").orElseThrow())
                    + Long.parseLong(resultB.value("heddle.cacheHits").orElseThrow());
            assertThat(misses).as("the two warm-ups and the one call that went out").isEqualTo(3);
            assertThat(hits).isEqualTo(2 * THREADS_PER_JVM - 1);
        }
    }

    private static ChildJvm.Builder app(Jdk jdk, Path dir, MockLlmServer server, Path config) {
        return TestApps.withAgent(SdkApps.app(jdk, SameQuestionOnSignalApp.class, dir)
                .args(server.baseUrl(), Integer.toString(THREADS_PER_JVM)), TestApps.configArg(config));
    }
}
