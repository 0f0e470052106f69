package dev.heddle.it;

import static dev.heddle.it.harness.ChildAssertions.assertPrinted;
import static org.assertj.core.api.Assertions.assertThat;

import dev.heddle.demo.mock.MockLlmServer;
import dev.heddle.it.app.sdk.AskOnRequestApp;
import dev.heddle.it.harness.ChildJvm;
import dev.heddle.it.harness.ChildResult;
import dev.heddle.it.harness.ConfigFiles;
import dev.heddle.it.harness.Jdk;
import dev.heddle.it.harness.OnEveryJdk;
import dev.heddle.it.harness.SdkApps;
import dev.heddle.it.harness.TestApps;
import dev.heddle.quota.RedisServerProcess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/**
 * Redis killed mid-run: an unmodified app with the agent, one {@code redis:} and an exact and
 * semantic cache on a {@code preset: openai-java} rule keeps working with its local caches while
 * Redis is down, and shares its answers through Redis again once Redis is back.
 *
 * <p>One JVM asks Q1 (stored, in Redis too); Redis is killed (SIGKILL); the JVM is asked Q1 again
 * (an exact hit from its own cache), a paraphrase of Q1 (a semantic hit from its own index: cosine
 * 0.927 under the local MiniLM model, threshold 0.9), a new question Q2 (answered by the model, no
 * failure) and Q2 again (an exact hit from its own cache); Redis is restarted on the same port,
 * empty; the JVM is asked a new question Q3, whose answer reaches Redis. The vendor counts Q1, Q2
 * and Q3 only.
 *
 * <p>After an outage the agent tries Redis at most once a second, and an answer stored while
 * Redis is taken to be down stays in the process (it is not replayed). So Q3 is asked once a
 * second has passed since Redis came back: its lookup is then the probe that finds Redis again,
 * and its answer is written there.
 *
 * <p>Needs a real {@code redis-server} and {@code heddle-embeddings.jar} beside the agent jar (the
 * agent's build puts it there).
 */
class CacheRedisOutageWithAgentTest {

    private static final String CONFIG = """
            redis: %s
            rules:
              - name: openai
                preset: openai-java
                cache:
                  ttl: 1h
                  semantic: { threshold: 0.9 }
            """;

    private static final String Q1 = "How do I learn Python quickly?";
    private static final String Q1_PARAPHRASE = "What is the fastest way to learn Python?";
    private static final String Q2 = "How do I cook rice?";
    private static final String Q3 = "What is the capital of France?";

    /** Longer than the agent's one second between two tries of a Redis it takes to be down. */
    private static final long REDIS_RETRY_MILLIS = 1_200;
    private static final long REDIS_WAIT_NANOS = 10_000_000_000L;

    @OnEveryJdk
    void whileRedisIsDownTheAppAnswersFromItsLocalCachesAndAfterwardsSharesThroughRedisAgain(Jdk jdk, @TempDir Path dir)
            throws Exception {
        try (MockLlmServer server = MockLlmServer.start();
                RedisServerProcess redis = RedisServerProcess.start()) {
            Path config = ConfigFiles.write(dir, "heddle.yaml", CONFIG.formatted(redis.url()));
            ChildResult result;
            List<String> q3Keys;
            try (ChildJvm jvm = TestApps.withAgent(SdkApps.app(jdk, AskOnRequestApp.class, dir).args(server.baseUrl()),
                    TestApps.configArg(config)).start()) {
                jvm.awaitStdoutLine(AskOnRequestApp.READY::equals);

                ask(jvm, 1, Q1);
                awaitKeys(redis, "heddle:c:*", "Q1's exact entry");
                awaitKeys(redis, "heddle:s:*:v2:*", "Q1's semantic entry");

                redis.kill();
                ask(jvm, 2, Q1);
                ask(jvm, 3, Q1_PARAPHRASE);
                ask(jvm, 4, Q2);
                ask(jvm, 5, Q2);

                redis.restart();
                assertThat(redis.command("KEYS", "heddle:*")).as("the restarted Redis starts empty").isEmpty();
                Thread.sleep(REDIS_RETRY_MILLIS);
                ask(jvm, 6, Q3);
                String q3AnswerId = jvm.awaitStdoutLine(line -> line.startsWith("q6.answerId="))
                        .substring("q6.answerId=".length());
                q3Keys = awaitEntryHolding(redis, q3AnswerId);

                jvm.writeLine(AskOnRequestApp.EXIT);
                result = jvm.waitFor();
            }

            assertThat(result.stdout()).as(result::describe).doesNotContain(".failure=");
            assertPrinted(result,
                    "q1.cached=stored",
                    "q2.cached=hit",
                    "q3.cached=semantic",
                    "q4.cached=stored",
                    "q5.cached=hit",
                    "q6.cached=stored",
                    "heddle.modelCalls=3",
                    "heddle.cacheHits=3",
                    "done=true");
            String q1 = result.value("q1.answerId").orElseThrow(() -> new AssertionError(result.describe()));
            String q4 = result.value("q4.answerId").orElseThrow(() -> new AssertionError(result.describe()));
            assertPrinted(result, "q2.answerId=" + q1, "q3.answerId=" + q1, "q5.answerId=" + q4);
            assertThat(List.of(q1, q4, result.value("q6.answerId").orElseThrow())).as(result::describe).doesNotHaveDuplicates();
            assertThat(server.stats().requests(MockLlmServer.CHAT_COMPLETIONS))
                    .as("the vendor is asked Q1, Q2 and Q3 only\n%s", result.describe()).isEqualTo(3);
            assertThat(q3Keys).as("Q3's answer is in Redis once Redis is back").hasSize(1);
            String endpoint = "response cache: Redis at 127.0.0.1:" + redis.port();
            assertThat(result.stderr()).as(result::describe)
                    .contains(endpoint + " is unreachable")
                    .contains(endpoint + " answers again");
        }
    }

    private static void ask(ChildJvm jvm, int number, String question) {
        jvm.writeLine(question);
        jvm.awaitStdoutLine(("answered=" + number)::equals);
    }

    /** The agent writes to Redis in the background: waits, bounded, until a key matches. */
    private static void awaitKeys(RedisServerProcess redis, String pattern, String what) throws Exception {
        long deadline = System.nanoTime() + REDIS_WAIT_NANOS;
        while (true) {
            String keys = redis.command("KEYS", pattern);
            if (keys != null && !keys.isEmpty()) return;
            assertThat(System.nanoTime()).as("%s never reached Redis", what).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    /** @return the exact entries whose encoded answer holds this answer id, once there is one (bounded wait) */
    private static List<String> awaitEntryHolding(RedisServerProcess redis, String answerId) throws Exception {
        long deadline = System.nanoTime() + REDIS_WAIT_NANOS;
        while (true) {
            List<String> holding = new ArrayList<>();
            String keys = redis.command("KEYS", "heddle:c:*");
            if (keys != null && !keys.isEmpty()) {
                for (String key : keys.split("\n")) {
                    String value = redis.command("GET", key);
                    if (value != null && value.contains(answerId)) holding.add(key);
                }
            }
            if (!holding.isEmpty()) return holding;
            assertThat(System.nanoTime()).as("Q3's answer %s never reached Redis after it came back (keys: %s)", answerId, keys)
                    .isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
