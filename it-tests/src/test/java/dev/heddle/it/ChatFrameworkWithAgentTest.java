package dev.heddle.it;

import static dev.heddle.it.harness.ChildAssertions.assertPrinted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.heddle.demo.mock.MockLlmServer;
import dev.heddle.demo.mock.MockStats;
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
 * An unmodified app asks an OpenAI-compatible model through a chat-model framework against the mock
 * LLM server; with the agent and the framework's preset, repeated identical requests reach the
 * server once, whichever convenience method the app calls. One subclass per framework: the app
 * asks the same question three times, once more through another convenience method, then with
 * another temperature and another model, and prints the agent's counters for the rule named as
 * its preset.
 */
abstract class ChatFrameworkWithAgentTest {

    /** gpt-4o-mini in the default price table, dollars per million tokens. */
    private static final double INPUT_PRICE = 0.15;
    private static final double OUTPUT_PRICE = 0.60;

    record Run(ChildResult result, MockStats stats) {
    }

    @TempDir
    static Path workDir;

    /** One run per test class and JDK, shared by the spec-named tests. */
    private static final Map<String, Run> WITH_AGENT = new ConcurrentHashMap<>();

    /** @return the app that calls the framework */
    abstract Class<?> app();

    /** @return the preset, also the rule's name */
    abstract String preset();

    private Run withAgent(Jdk jdk) {
        return WITH_AGENT.computeIfAbsent(getClass().getName() + "|" + jdk.home(), ignored -> {
            String config = "rules:\n  - name: " + preset() + "\n    preset: " + preset() + "\n    cache: { ttl: 10m }\n";
            try (MockLlmServer server = MockLlmServer.start()) {
                ChildResult result = TestApps.withAgent(SdkApps.app(jdk, app(), workDir).args(server.baseUrl()),
                        TestApps.configArg(ConfigFiles.write(workDir, preset() + ".yaml", config))).run();
                return new Run(result, server.stats());
            }
        });
    }

    @OnEveryJdk
    void repeatedIdenticalRequestsReachTheServerOnce(Jdk jdk) {
        Run run = withAgent(jdk);

        assertPrinted(run.result(), "repeat.sameContent=true", "done=true");
        assertThat(run.stats().requests(MockLlmServer.CHAT_COMPLETIONS))
                .as(() -> "the question once, then at another temperature, then on another model\n" + run.result().describe())
                .isEqualTo(3);
    }

    @OnEveryJdk
    void anotherTemperatureOrModelReachesTheServerAgain(Jdk jdk) {
        Run run = withAgent(jdk);

        assertPrinted(run.result(), "temperature.differentAnswer=true", "model.differentAnswer=true");
        assertThat(run.stats().requestsForModel("gpt-4o")).as(run.result()::describe).isEqualTo(1);
        assertThat(run.stats().requestsForModel("gpt-4o-mini")).as(run.result()::describe).isEqualTo(2);
    }

    @OnEveryJdk
    void tokensSavedByTheCacheAreCountedWithTheirCost(Jdk jdk) {
        Run run = withAgent(jdk);
        ChildResult result = run.result();
        long savedInput = 3 * number(result, "first.inputTokens");
        long savedOutput = 3 * number(result, "first.outputTokens");

        assertPrinted(result, "heddle.present=true", "heddle.cacheHits=3", "heddle.cacheMisses=3");
        assertThat(number(result, "heddle.inputTokens")).as(result::describe)
                .isEqualTo(run.stats().promptTokens("gpt-4o-mini") + run.stats().promptTokens("gpt-4o"));
        assertThat(number(result, "heddle.savedInputTokens")).as(result::describe).isEqualTo(savedInput);
        assertThat(number(result, "heddle.savedOutputTokens")).as(result::describe).isEqualTo(savedOutput);
        assertThat(Double.parseDouble(result.value("heddle.savedCostUsd").orElseThrow())).as(result::describe)
                .isCloseTo((savedInput * INPUT_PRICE + savedOutput * OUTPUT_PRICE) / 1e6, within(1e-12));
    }

    @OnEveryJdk
    void withoutTheAgentEveryRequestReachesTheServer(Jdk jdk) {
        try (MockLlmServer server = MockLlmServer.start()) {
            ChildResult result = SdkApps.app(jdk, app(), workDir).args(server.baseUrl()).run();

            assertPrinted(result, "heddle.present=false", "done=true");
            assertThat(server.stats().requests(MockLlmServer.CHAT_COMPLETIONS)).as(result::describe).isEqualTo(6);
        }
    }

    private static long number(ChildResult result, String key) {
        return Long.parseLong(result.value(key).orElseThrow(() -> new AssertionError("no " + key + "\n" + result.describe())));
    }
}
