package dev.heddle.it;

import static dev.heddle.it.harness.ChildAssertions.assertPrinted;
import static org.assertj.core.api.Assertions.assertThat;

import dev.heddle.demo.mock.MockLlmServer;
import dev.heddle.demo.mock.MockSettings;
import dev.heddle.it.app.sdk.SameQuestionApp;
import dev.heddle.it.harness.ChildResult;
import dev.heddle.it.harness.ConfigFiles;
import dev.heddle.it.harness.Jdk;
import dev.heddle.it.harness.OnEveryJdk;
import dev.heddle.it.harness.SdkApps;
import dev.heddle.it.harness.TestApps;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fifty threads of an unmodified app ask the official OpenAI SDK the same question at the same
 * moment, against a vendor that takes 300 ms to answer. With the agent and a cached rule, the
 * first call goes to the vendor and the other 49 wait for its answer (single-flight): the mock
 * vendor counts one request. With {@code singleFlight: false} every call that misses goes out.
 */
class SingleFlightWithAgentTest {

    private static final int THREADS = 50;

    private static final String CACHED = """
            rules:
              - name: openai
                preset: openai-java
                cache: { ttl: 1h%s }
            """;

    @OnEveryJdk
    void fiftyConcurrentIdenticalBlockingCallsMakeOneUpstreamCall(Jdk jdk, @TempDir Path dir) {
        try (MockLlmServer server = slowVendor()) {
            ChildResult result = app(jdk, dir, server, "blocking", CACHED.formatted("")).run();

            assertPrinted(result, "ok=" + THREADS, "failed=0", "distinctAnswers=1", "heddle.cacheMisses=1",
                    "heddle.cacheHits=" + (THREADS - 1), "done=true");
            assertThat(requests(server)).as(result::describe).isEqualTo(1);
        }
    }

    @OnEveryJdk
    void fiftyConcurrentIdenticalAsyncCallsMakeOneUpstreamCall(Jdk jdk, @TempDir Path dir) {
        try (MockLlmServer server = slowVendor()) {
            ChildResult result = app(jdk, dir, server, "async", CACHED.formatted("")).run();

            assertPrinted(result, "ok=" + THREADS, "failed=0", "distinctAnswers=1", "done=true");
            assertThat(requests(server)).as(result::describe).isEqualTo(1);
        }
    }

    @OnEveryJdk
    void withoutSingleFlightTheConcurrentMissesEachGoOut(Jdk jdk, @TempDir Path dir) {
        try (MockLlmServer server = slowVendor()) {
            ChildResult result = app(jdk, dir, server, "blocking", CACHED.formatted(", singleFlight: false")).run();

            assertPrinted(result, "ok=" + THREADS, "failed=0", "done=true");
            assertThat(requests(server)).as(result::describe).isGreaterThan(1);
        }
    }

    private static MockLlmServer slowVendor() {
        return MockLlmServer.start(MockSettings.defaults().withLatencyMillis(300));
    }

    private static dev.heddle.it.harness.ChildJvm.Builder app(Jdk jdk, Path dir, MockLlmServer server, String client, String yaml) {
        return TestApps.withAgent(SdkApps.app(jdk, SameQuestionApp.class, dir).args(server.baseUrl(), client, Integer.toString(THREADS)),
                TestApps.configArg(ConfigFiles.write(dir, "heddle.yaml", yaml)));
    }

    private static long requests(MockLlmServer server) {
        return server.stats().requests(MockLlmServer.CHAT_COMPLETIONS);
    }
}
