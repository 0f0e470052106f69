package dev.heddle.it;

import static dev.heddle.it.harness.ChildAssertions.assertPrinted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.heddle.demo.mock.MockLlmServer;
import dev.heddle.demo.mock.MockStats;
import dev.heddle.it.app.sdk.AnthropicApp;
import dev.heddle.it.harness.ChildResult;
import dev.heddle.it.harness.ConfigFiles;
import dev.heddle.it.harness.Jdk;
import dev.heddle.it.harness.OnEveryJdk;
import dev.heddle.it.harness.SdkApps;
import dev.heddle.it.harness.TestApps;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.io.TempDir;

/**
 * An unmodified app calls the official Anthropic Java SDK against the mock LLM server; with the
 * agent and {@code preset: anthropic-java}, repeated identical requests reach the server once.
 */
class AnthropicJavaWithAgentTest {

    private static final String CONFIG = """
            rules:
              - name: anthropic
                preset: anthropic-java
                cache: { ttl: 10m }
            """;

    /** claude-3-5-haiku in the default price table, dollars per million tokens. */
    private static final double INPUT_PRICE = 0.80;
    private static final double OUTPUT_PRICE = 4.00;

    record Run(ChildResult result, MockStats stats) {
    }

    @TempDir
    static Path workDir;

    private static final Map<Jdk, Run> WITH_AGENT = new ConcurrentHashMap<>();

    private static Run withAgent(Jdk jdk) {
        return WITH_AGENT.computeIfAbsent(jdk, ignored -> {
            try (MockLlmServer server = MockLlmServer.start()) {
                ChildResult result = TestApps.withAgent(SdkApps.app(jdk, AnthropicApp.class, workDir).args(server.baseUrl()),
                        TestApps.configArg(ConfigFiles.write(workDir, "anthropic.yaml", CONFIG))).run();
                return new Run(result, server.stats());
            }
        });
    }

    @OnEveryJdk
    void repeatedIdenticalRequestsReachTheServerOnce(Jdk jdk) {
        Run run = withAgent(jdk);

        assertPrinted(run.result(), "repeat.equalToFirst=true", "repeat.sameContent=true", "async.equalToFirst=true",
                "done=true");
        assertThat(run.stats().requests(MockLlmServer.MESSAGES)).as(run.result()::describe).isEqualTo(4);
    }

    @OnEveryJdk
    void anotherTemperatureOrModelReachesTheServerAgain(Jdk jdk) {
        Run run = withAgent(jdk);

        assertPrinted(run.result(), "temperature.differentAnswer=true", "model.differentAnswer=true");
        assertThat(run.stats().requestsForModel("claude-3-5-haiku-latest")).as(run.result()::describe).isEqualTo(3);
        assertThat(run.stats().requestsForModel("claude-sonnet-4-5")).as(run.result()::describe).isEqualTo(1);
    }

    @OnEveryJdk
    void tokensSavedByTheCacheAreCountedWithTheirCost(Jdk jdk) {
        ChildResult result = withAgent(jdk).result();
        long savedInput = 2 * number(result, "first.inputTokens") + number(result, "async.inputTokens");
        long savedOutput = 2 * number(result, "first.outputTokens") + number(result, "async.outputTokens");

        assertPrinted(result, "heddle.present=true", "heddle.cacheHits=3", "heddle.cacheMisses=4");
        assertThat(number(result, "heddle.savedInputTokens")).as(result::describe).isEqualTo(savedInput);
        assertThat(number(result, "heddle.savedOutputTokens")).as(result::describe).isEqualTo(savedOutput);
        assertThat(Double.parseDouble(result.value("heddle.costUsd").orElseThrow())).as(result::describe).isGreaterThan(0);
        assertThat(Double.parseDouble(result.value("heddle.savedCostUsd").orElseThrow())).as(result::describe)
                .isCloseTo((savedInput * INPUT_PRICE + savedOutput * OUTPUT_PRICE) / 1e6, within(1e-12));
    }

    @OnEveryJdk
    void withoutTheAgentEveryRequestReachesTheServer(Jdk jdk) {
        try (MockLlmServer server = MockLlmServer.start()) {
            ChildResult result = SdkApps.app(jdk, AnthropicApp.class, workDir).args(server.baseUrl()).run();

            assertPrinted(result, "heddle.present=false", "done=true");
            assertThat(server.stats().requests(MockLlmServer.MESSAGES)).as(result::describe).isEqualTo(7);
        }
    }

    private static long number(ChildResult result, String key) {
        return Long.parseLong(result.value(key).orElseThrow(() -> new AssertionError("no " + key + "\n" + result.describe())));
    }
}
