package dev.heddle.it;

import static dev.heddle.it.harness.ChildAssertions.assertPrinted;
import static org.assertj.core.api.Assertions.assertThat;

import dev.heddle.demo.mock.MockLlmServer;
import dev.heddle.demo.mock.MockSettings;
import dev.heddle.it.app.sdk.SharedQuestionApp;
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
 * {@code openai-java} rule, ask the official OpenAI SDK the same question one after the other: the
 * first one's answer goes to the vendor (the mock LLM server counts one request) and into Redis;
 * the second gets that same answer (the same id) from Redis, decoded into the SDK's own
 * {@code ChatCompletion}, and the vendor still counts one request.
 *
 * <p>Needs a real {@code redis-server} (on the PATH, or named by {@code HEDDLE_REDIS_SERVER}),
 * started through the agent's test helper {@link RedisServerProcess}.
 */
class SharedCacheWithAgentTest {

    private static final String SHARED = """
            redis: %s
            rules:
              - name: openai
                preset: openai-java
                cache: { ttl: 1h }
            """;

    @OnEveryJdk
    void anAnswerCachedByOneJvmIsAHitInAnotherThroughRedis(Jdk jdk, @TempDir Path dir) throws Exception {
        try (MockLlmServer server = MockLlmServer.start(MockSettings.defaults());
                RedisServerProcess redis = RedisServerProcess.start()) {
            Path config = ConfigFiles.write(dir, "heddle.yaml", SHARED.formatted(redis.url()));
            ChildResult first;
            ChildResult second;
            try (ChildJvm jvmA = app(jdk, dir, server, config).start()) {
                jvmA.awaitStdoutLine(SharedQuestionApp.PAUSED::equals);
                awaitSharedEntry(redis);
                try (ChildJvm jvmB = app(jdk, dir, server, config).start()) {
                    jvmB.awaitStdoutLine(SharedQuestionApp.PAUSED::equals);
                    jvmB.writeLine(SharedQuestionApp.GO);
                    second = jvmB.waitFor();
                }
                jvmA.writeLine(SharedQuestionApp.GO);
                first = jvmA.waitFor();
            }

            assertPrinted(first, "heddle.cacheMisses=1", "heddle.cacheHits=0", "heddle.modelCalls=1", "done=true");
            String answerId = first.value("answerId").orElseThrow(() -> new AssertionError(first.describe()));
            assertPrinted(second, "answerId=" + answerId, "heddle.cacheHits=1", "heddle.cacheMisses=0", "heddle.modelCalls=0",
                    "done=true");
            assertThat(server.stats().requests(MockLlmServer.CHAT_COMPLETIONS)).as(second::describe).isEqualTo(1);
        }
    }

    /** The first JVM writes its answer to Redis in the background; the second starts once it is there. */
    private static void awaitSharedEntry(RedisServerProcess redis) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (redis.command("KEYS", "heddle:c:*").isEmpty()) {
            assertThat(System.nanoTime()).as("the first JVM's answer never reached Redis").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static ChildJvm.Builder app(Jdk jdk, Path dir, MockLlmServer server, Path config) {
        return TestApps.withAgent(SdkApps.app(jdk, SharedQuestionApp.class, dir).args(server.baseUrl()), TestApps.configArg(config));
    }
}
