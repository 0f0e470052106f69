package dev.heddle.it;

import static dev.heddle.it.harness.ChildAssertions.assertPrinted;
import static org.assertj.core.api.Assertions.assertThat;

import dev.heddle.demo.mock.MockLlmServer;
import dev.heddle.it.app.HostileArgumentsApp;
import dev.heddle.it.app.sdk.HostileOpenAiApp;
import dev.heddle.it.harness.ChildResult;
import dev.heddle.it.harness.ConfigFiles;
import dev.heddle.it.harness.Jdk;
import dev.heddle.it.harness.OnEveryJdk;
import dev.heddle.it.harness.SdkApps;
import dev.heddle.it.harness.TestApps;
import dev.heddle.quota.RedisServerProcess;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;

/**
 * Arguments a careful app would not pass, through the real agent: the app gets what it gets without
 * the agent, no exception comes from the agent, nothing hangs. What cannot be keyed safely (an
 * object without {@code equals}, a cycle, a graph of 2^30 paths, lists 10,000 deep, an encoded
 * value beyond 256 Ki characters) runs uncached with one warning per cache; a 5 MB prompt and a
 * 10,000-message history are cached under the digest of their key; nulls are keyed like any value; strings that differ only in unpaired surrogates never
 * share an answer, in process or through Redis. docs/reliability/bad-input.md lists the outcomes.
 */
class HostileArgumentsWithAgentTest {

    private static final String OPENAI = """
            redis: %s
            rules:
              - name: openai
                preset: openai-java
                cache: { ttl: 1h }
            """;

    private static final List<String> CASES = List.of("opaque", "selfReference", "sharedGraph", "deepList", "hugeList",
            "nullArgument", "nullPair", "nullComponents", "surrogates");

    @OnEveryJdk
    void unkeyableArgumentsRunUncachedNullsAreKeyedAndTheAppGetsWhatItGetsWithoutTheAgent(Jdk jdk, @TempDir Path dir) {
        ChildResult without = TestApps.app(jdk, HostileArgumentsApp.class, dir).run();
        ChildResult with = TestApps.withAgent(TestApps.app(jdk, HostileArgumentsApp.class, dir), null).run();

        assertPrinted(without, "done=true");
        assertPrinted(with, "done=true");
        System.out.println(with.stdout()); // the outcomes docs/reliability/bad-input.md reports
        assertThat(results(with)).as(with::describe).isEqualTo(results(without));
        assertPrinted(without, "opaque.runs=3", "nullArgument.runs=3", "surrogates.runs=3");
        assertPrinted(with, "opaque.runs=3", "selfReference.runs=3", "sharedGraph.runs=3", "deepList.runs=3",
                "hugeList.runs=3",
                // the controls: keyable arguments, nulls included, are cached
                "nullArgument.runs=1", "nullPair.runs=1", "nullComponents.runs=1",
                "surrogates.runs=3");
        assertThat(with.value("surrogates.results").orElseThrow()).as(with::describe)
                .isEqualTo("text 61 d800 / text 61 dbff / text 61 3f");
        assertThat(with.stderr().lines().filter(line -> line.contains("runs uncached"))).as(with::describe).hasSize(1);
        assertThat(with.stderr()).as(with::describe).doesNotContain("internal error", "Exception");
    }

    @OnEveryJdk
    void hugePromptsLongHistoriesSurrogatesAndNullsThroughTheOpenAiSdkGetWhatTheyGetWithoutTheAgent(Jdk jdk, @TempDir Path dir)
            throws Exception {
        try (MockLlmServer server = MockLlmServer.start();
                RedisServerProcess redis = RedisServerProcess.start()) {
            Path config = ConfigFiles.write(dir, "heddle.yaml", OPENAI.formatted(redis.url()));
            ChildResult without = SdkApps.app(jdk, HostileOpenAiApp.class, dir).args(server.baseUrl()).run();
            ChildResult with = TestApps.withAgent(SdkApps.app(jdk, HostileOpenAiApp.class, dir).args(server.baseUrl()),
                    TestApps.configArg(config)).run();

            assertPrinted(without, "done=true");
            assertPrinted(with, "done=true");
            System.out.println(with.stdout()); // the outcomes docs/reliability/bad-input.md reports
            assertThat(outcomes(with)).as(with::describe).isEqualTo(outcomes(without));
            assertPrinted(with,
                    // beyond 256 Ki characters a request is cached under the digest of its key
                    "hugePrompt.1.reachedModel=true", "hugePrompt.2.reachedModel=false",
                    "longHistory.1.reachedModel=true", "longHistory.2.reachedModel=false",
                    "shortHistory.1.reachedModel=true", "shortHistory.2.reachedModel=false",
                    "surrogateA.2.reachedModel=false",
                    // evicted from this JVM, A's answer is still in Redis; B must not get it
                    "surrogateB.1.reachedModel=true", "surrogateB.2.reachedModel=false");
            assertThat(with.stderr()).as(with::describe).doesNotContain("internal error");
        }
    }

    private static Map<String, String> results(ChildResult result) {
        return CASES.stream().collect(Collectors.toMap(label -> label,
                label -> result.value(label + ".results").orElseThrow(() -> new AssertionError(result.describe()))));
    }

    private static Map<String, String> outcomes(ChildResult result) {
        return result.values().entrySet().stream().filter(entry -> entry.getKey().endsWith(".outcome"))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }
}
