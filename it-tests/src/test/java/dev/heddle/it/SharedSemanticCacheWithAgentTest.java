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
import org.junit.jupiter.api.io.TempDir;

/**
 * JVMs of an unmodified app, each with the agent, one {@code redis:} and a {@code semantic:} cache
 * on a {@code preset: openai-java} rule, share their semantic entries: a question that JVM A sent to
 * the vendor is the answer, within a second, to a paraphrase that JVM B (already running) is asked,
 * and to another paraphrase that JVM C, started afterwards, is asked first of all (C loads the
 * shared entries at its first call). The vendor counts only the questions that no JVM had an answer
 * for. The paraphrases and their similarities under the local MiniLM model are those of
 * {@code SemanticCacheWithAgentTest}: 0.927 and 0.941 from the question, threshold 0.9.
 *
 * <p>Needs a real {@code redis-server} and {@code heddle-embeddings.jar} beside the agent jar (the
 * agent's build puts it there).
 */
class SharedSemanticCacheWithAgentTest {

    private static final String CONFIG = """
            redis: %s
            rules:
              - name: openai
                preset: openai-java
                cache:
                  ttl: 1h
                  semantic: { threshold: 0.9, scope: global }
            """;

    private static final String LEARN_PYTHON = "How do I learn Python quickly?";
    private static final String FASTEST_WAY = "What is the fastest way to learn Python?";
    private static final String QUICKEST_WAY = "What's the quickest way to learn Python?";
    private static final String UNRELATED = "How do I cook rice?";

    @OnEveryJdk
    void aParaphraseAskedInOneJvmIsAnsweredWithTheAnswerAnotherJvmGot(Jdk jdk, @TempDir Path dir) throws Exception {
        try (MockLlmServer server = MockLlmServer.start();
                RedisServerProcess redis = RedisServerProcess.start()) {
            Path config = ConfigFiles.write(dir, "heddle.yaml", CONFIG.formatted(redis.url()));
            ChildResult resultA;
            ChildResult resultB;
            ChildResult resultC;
            try (ChildJvm jvmB = app(jdk, dir, server, config).start()) {
                jvmB.awaitStdoutLine(AskOnRequestApp.READY::equals);
                // B's first question loads the model and starts B's view of the shared entries
                ask(jvmB, 1, UNRELATED);
                try (ChildJvm jvmA = app(jdk, dir, server, config).start()) {
                    jvmA.awaitStdoutLine(AskOnRequestApp.READY::equals);
                    ask(jvmA, 1, LEARN_PYTHON);
                    awaitSemanticEntries(redis, 2);
                    // A's entry is in Redis; B must have it in its own index within a second
                    Thread.sleep(700);
                    ask(jvmB, 2, FASTEST_WAY);

                    try (ChildJvm jvmC = app(jdk, dir, server, config).start()) {
                        jvmC.awaitStdoutLine(AskOnRequestApp.READY::equals);
                        ask(jvmC, 1, QUICKEST_WAY);
                        jvmC.writeLine(AskOnRequestApp.EXIT);
                        resultC = jvmC.waitFor();
                    }
                    jvmA.writeLine(AskOnRequestApp.EXIT);
                    resultA = jvmA.waitFor();
                }
                jvmB.writeLine(AskOnRequestApp.EXIT);
                resultB = jvmB.waitFor();
            }

            assertPrinted(resultA, "q1.cached=stored", "heddle.modelCalls=1", "done=true");
            String answerId = resultA.value("q1.answerId").orElseThrow(() -> new AssertionError(resultA.describe()));
            assertPrinted(resultB, "q1.cached=stored", "q2.answerId=" + answerId, "q2.cached=semantic", "heddle.modelCalls=1",
                    "done=true");
            assertPrinted(resultC, "q1.answerId=" + answerId, "q1.cached=semantic", "heddle.modelCalls=0", "heddle.cacheHits=1",
                    "done=true");
            assertThat(server.stats().requests(MockLlmServer.CHAT_COMPLETIONS)).as(resultB::describe).isEqualTo(2);
        }
    }

    private static void ask(ChildJvm jvm, int number, String question) {
        jvm.writeLine(question);
        jvm.awaitStdoutLine(("answered=" + number)::equals);
    }

    /** The JVMs write their entries to Redis in the background. */
    private static void awaitSemanticEntries(RedisServerProcess redis, int count) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            String keys = redis.command("KEYS", "heddle:s:*:v2:*");
            if (keys != null && !keys.isEmpty() && keys.split("\n").length >= count) return;
            assertThat(System.nanoTime()).as("the semantic entries never reached Redis").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static ChildJvm.Builder app(Jdk jdk, Path dir, MockLlmServer server, Path config) {
        return TestApps.withAgent(SdkApps.app(jdk, AskOnRequestApp.class, dir).args(server.baseUrl()), TestApps.configArg(config));
    }
}
