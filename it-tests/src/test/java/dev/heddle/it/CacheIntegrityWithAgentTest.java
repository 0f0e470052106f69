package dev.heddle.it;

import static dev.heddle.it.harness.ChildAssertions.assertPrinted;
import static org.assertj.core.api.Assertions.assertThat;

import dev.heddle.demo.mock.MockLlmServer;
import dev.heddle.demo.mock.MockSettings;
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
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cache integrity through a real redis-server: JVMs of an unmodified app (the official OpenAI SDK
 * against the mock LLM server), each with the agent, a cached {@code openai-java} rule and
 * {@code redis: { url, signingKey: ${HEDDLE_REDIS_SIGNING_KEY} }}. An answer changed in Redis (its
 * envelope kept), an answer planted under the key of a question nobody asked, and a genuine entry
 * copied to another question's key are each rejected by the next JVM: the question reaches the
 * vendor (its own count), the app gets the vendor's answer and never the planted text, and the
 * JVM's MBean counts the rejections ({@code RedisEntriesRejected}). Without tampering the same JVM
 * is served from Redis (the positive control); a JVM with another signing key is not, and says so.
 */
class CacheIntegrityWithAgentTest {

    private static final String CONFIG = """
            redis: { url: %s, signingKey: "${HEDDLE_REDIS_SIGNING_KEY}" }
            rules:
              - name: openai
                preset: openai-java
                cache: { ttl: 1h }
            """;
    private static final String KEY = "integrity-test-signing-key-1";
    private static final String OTHER_KEY = "integrity-test-signing-key-2";
    private static final String Q1 = "What is a heddle for?";
    private static final String Q2 = "Where do I send my password?";
    private static final String Q3 = "What is a shuttle for?";
    private static final String PLANTED = "PLANTED: send your password to attacker.example";
    private static final long REDIS_WAIT_NANOS = 10_000_000_000L;

    @OnEveryJdk
    void aChangedPlantedOrCopiedAnswerInRedisIsRejectedCountedAndTheVendorAnswers(Jdk jdk, @TempDir Path dir) throws Exception {
        try (MockLlmServer server = MockLlmServer.start(MockSettings.defaults());
                RedisServerProcess redis = RedisServerProcess.start();
                MockLlmServer scratchServer = MockLlmServer.start(MockSettings.defaults());
                RedisServerProcess scratchRedis = RedisServerProcess.start()) {
            // the keys of Q2 and Q3, learned on a Redis of their own: nobody asks them on the shared one
            List<String> scratchKeys = new ArrayList<>();
            ChildResult scout = ask(jdk, dir, scratchServer, scratchRedis, KEY, List.of(Q2, Q3), scratchKeys);
            assertPrinted(scout, "answered=2", "done=true");
            List<String> askedFirst = new ArrayList<>();
            ChildResult jvmA = ask(jdk, dir, server, redis, KEY, List.of(Q1), askedFirst);
            assertPrinted(jvmA, "heddle.cacheMisses=1", "heddle.modelCalls=1", "heddle.redisEntriesRejected=0", "done=true");
            String q1Key = askedFirst.get(0);
            String q2Key = scratchKeys.get(0);
            String q3Key = scratchKeys.get(1);
            String sealed = redis.command("GET", q1Key);
            String changed = plantedIn(sealed);

            redis.command("SET", q1Key, changed, "PX", "600000");
            redis.command("SET", q2Key, changed, "PX", "600000");
            redis.command("SET", q3Key, sealed, "PX", "600000");
            ChildResult jvmB = ask(jdk, dir, server, redis, KEY, List.of(Q1, Q2, Q3), null);

            assertPrinted(jvmB, "answered=3", "heddle.cacheHits=0", "heddle.cacheMisses=3", "heddle.modelCalls=3",
                    "heddle.redisEntriesRejected=3", "done=true");
            assertThat(server.stats().requests(MockLlmServer.CHAT_COMPLETIONS)).as(jvmB::describe).isEqualTo(4);
            assertThat(jvmB.stdout()).as(jvmB::describe).doesNotContain("PLANTED");
            assertThat(jvmB.value("q1.content")).as(jvmB::describe).isEqualTo(jvmA.value("q1.content"));
            assertThat(jvmB.stderr()).as(jvmB::describe).containsOnlyOnce("an entry in Redis was rejected")
                    .contains("its MAC does not match").doesNotContain(KEY);
        }
    }

    @OnEveryJdk
    void anUntouchedAnswerIsServedFromRedisButNotToAJvmWithAnotherSigningKey(Jdk jdk, @TempDir Path dir) throws Exception {
        try (MockLlmServer server = MockLlmServer.start(MockSettings.defaults());
                RedisServerProcess redis = RedisServerProcess.start()) {
            ChildResult jvmA = ask(jdk, dir, server, redis, KEY, List.of(Q1), new ArrayList<>());
            assertPrinted(jvmA, "heddle.modelCalls=1", "done=true");

            ChildResult sameKey = ask(jdk, dir, server, redis, KEY, List.of(Q1), null);
            assertPrinted(sameKey, "heddle.cacheHits=1", "heddle.modelCalls=0", "heddle.redisEntriesRejected=0", "done=true");
            assertThat(sameKey.value("q1.answerId")).as(sameKey::describe).isEqualTo(jvmA.value("q1.answerId"));
            assertThat(server.stats().requests(MockLlmServer.CHAT_COMPLETIONS)).as(sameKey::describe).isEqualTo(1);

            ChildResult otherKey = ask(jdk, dir, server, redis, OTHER_KEY, List.of(Q1), null);
            assertPrinted(otherKey, "heddle.cacheHits=0", "heddle.modelCalls=1", "heddle.redisEntriesRejected=1", "done=true");
            assertThat(otherKey.stderr()).as(otherKey::describe).contains("sealed with another signing key");
            assertThat(server.stats().requests(MockLlmServer.CHAT_COMPLETIONS)).as(otherKey::describe).isEqualTo(2);
        }
    }

    /** The sealed entry with its answer's text replaced and its envelope (version, key id, MAC) kept. */
    private static String plantedIn(String sealed) {
        int payload = sealed.indexOf('.', sealed.indexOf('.', sealed.indexOf('.') + 1) + 1) + 1;
        String changed = sealed.substring(0, payload)
                + sealed.substring(payload).replaceFirst("\"content\":\"[^\"]*\"", "\"content\":\"" + PLANTED + "\"");
        assertThat(changed).as("the answer's text in %s", sealed).contains(PLANTED);
        return changed;
    }

    /**
     * Runs one JVM that asks the questions in turn, each once the last one's entry is in Redis.
     *
     * @param newKeys where the Redis key each question adds goes, in order, once it is there; null for
     *     questions whose keys are in Redis already
     */
    private static ChildResult ask(Jdk jdk, Path dir, MockLlmServer server, RedisServerProcess redis, String signingKey,
            List<String> questions, List<String> newKeys) throws Exception {
        Path config = ConfigFiles.write(dir, "heddle.yaml", CONFIG.formatted(redis.url()));
        ChildJvm.Builder app = TestApps.withAgent(SdkApps.app(jdk, AskOnRequestApp.class, dir).args(server.baseUrl()),
                TestApps.configArg(config)).env("HEDDLE_REDIS_SIGNING_KEY", signingKey);
        try (ChildJvm jvm = app.start()) {
            jvm.awaitStdoutLine(AskOnRequestApp.READY::equals);
            for (int i = 0; i < questions.size(); i++) {
                Set<String> before = keys(redis);
                jvm.writeLine(questions.get(i));
                int answered = i + 1;
                jvm.awaitStdoutLine(line -> line.equals("answered=" + answered));
                if (newKeys != null) newKeys.add(awaitNewKey(redis, before));
            }
            jvm.writeLine(AskOnRequestApp.EXIT);
            return jvm.waitFor();
        }
    }

    private static Set<String> keys(RedisServerProcess redis) throws Exception {
        String reply = redis.command("KEYS", "heddle:c:*");
        return reply == null || reply.isEmpty() ? new TreeSet<>() : new TreeSet<>(Arrays.asList(reply.split("\n")));
    }

    /** The answer is written to Redis in the background: the key it adds, once there. */
    private static String awaitNewKey(RedisServerProcess redis, Set<String> before) throws Exception {
        long deadline = System.nanoTime() + REDIS_WAIT_NANOS;
        while (true) {
            Set<String> now = keys(redis);
            now.removeAll(before);
            if (!now.isEmpty()) return now.iterator().next();
            assertThat(System.nanoTime()).as("an answer never reached Redis").isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
