package dev.heddle.it;

import static dev.heddle.it.harness.ChildAssertions.assertPrinted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.heddle.demo.mock.MockLlmServer;
import dev.heddle.demo.mock.MockStats;
import dev.heddle.it.app.sdk.OpenAiApp;
import dev.heddle.it.harness.ChildJvm;
import dev.heddle.it.harness.ChildResult;
import dev.heddle.it.harness.ConfigFiles;
import dev.heddle.it.harness.ItFiles;
import dev.heddle.it.harness.Jdk;
import dev.heddle.it.harness.OnEveryJdk;
import dev.heddle.it.harness.SdkApps;
import dev.heddle.it.harness.TestApps;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import net.bytebuddy.agent.ByteBuddyAgent;
import org.junit.jupiter.api.io.TempDir;

/**
 * An unmodified app calls the official OpenAI Java SDK against the mock LLM server; with the agent
 * and {@code preset: openai-java}, repeated identical requests reach the server once, and the
 * agent counts the tokens and the cost of what reached the server and of what the cache saved.
 */
class OpenAiJavaWithAgentTest {

    private static final String CONFIG = """
            rules:
              - name: openai
                preset: openai-java
                cache: { ttl: 10m }
            """;

    /** gpt-4o-mini in the default price table, dollars per million tokens. */
    private static final double INPUT_PRICE = 0.15;
    private static final double OUTPUT_PRICE = 0.60;

    record Run(ChildResult result, MockStats stats) {
    }

    @TempDir
    static Path workDir;

    private static final Map<Jdk, Run> WITH_AGENT = new ConcurrentHashMap<>();

    private static Run withAgent(Jdk jdk) {
        return WITH_AGENT.computeIfAbsent(jdk, ignored -> {
            try (MockLlmServer server = MockLlmServer.start()) {
                ChildResult result = TestApps.withAgent(SdkApps.app(jdk, OpenAiApp.class, workDir).args(server.baseUrl(), "all"),
                        TestApps.configArg(ConfigFiles.write(workDir, "openai.yaml", CONFIG))).run();
                return new Run(result, server.stats());
            }
        });
    }

    @OnEveryJdk
    void repeatedIdenticalRequestsReachTheServerOnce(Jdk jdk) {
        Run run = withAgent(jdk);

        assertPrinted(run.result(), "repeat.equalToFirst=true", "repeat.sameContent=true", "done=true");
        assertThat(run.stats().requestsForModel("gpt-4o")).as(run.result()::describe).isEqualTo(1);
        assertThat(run.stats().requests(MockLlmServer.CHAT_COMPLETIONS))
                .as(() -> "heddle x3, heddle at another temperature, heddle on another model, warp x2 async\n" + run.result().describe())
                .isEqualTo(4);
    }

    @OnEveryJdk
    void anotherTemperatureOrModelReachesTheServerAgain(Jdk jdk) {
        Run run = withAgent(jdk);

        assertPrinted(run.result(), "temperature.differentAnswer=true", "model.differentAnswer=true");
        assertThat(run.stats().requestsForModel("gpt-4o-mini")).as(run.result()::describe).isEqualTo(3);
    }

    @OnEveryJdk
    void theAsynchronousClientIsCachedToo(Jdk jdk) {
        assertPrinted(withAgent(jdk).result(), "async.equalToFirst=true");
    }

    @OnEveryJdk
    void tokensAndCostOfCallsAndOfCacheHitsAreCounted(Jdk jdk) {
        Run run = withAgent(jdk);
        ChildResult result = run.result();
        long serverPrompt = run.stats().promptTokens("gpt-4o-mini") + run.stats().promptTokens("gpt-4o");
        long serverCompletion = run.stats().completionTokens("gpt-4o-mini") + run.stats().completionTokens("gpt-4o");
        long savedPrompt = 2 * number(result, "first.promptTokens") + number(result, "async.promptTokens");
        long savedCompletion = 2 * number(result, "first.completionTokens") + number(result, "async.completionTokens");

        assertPrinted(result, "heddle.present=true", "heddle.cacheHits=3", "heddle.cacheMisses=4", "heddle.modelCalls=4");
        assertThat(number(result, "heddle.inputTokens")).as(result::describe).isEqualTo(serverPrompt);
        assertThat(number(result, "heddle.outputTokens")).as(result::describe).isEqualTo(serverCompletion);
        assertThat(number(result, "heddle.savedInputTokens")).as(result::describe).isEqualTo(savedPrompt);
        assertThat(number(result, "heddle.savedOutputTokens")).as(result::describe).isEqualTo(savedCompletion);
        assertThat(decimal(result, "heddle.savedCostUsd")).as(result::describe)
                .isCloseTo((savedPrompt * INPUT_PRICE + savedCompletion * OUTPUT_PRICE) / 1e6, within(1e-12));
        assertThat(decimal(result, "heddle.costUsd")).as(result::describe).isGreaterThan(0);
    }

    @OnEveryJdk
    void anAnswerCutOffByTheTokenLimitIsNeverCached(Jdk jdk, @TempDir Path dir) {
        try (MockLlmServer server = MockLlmServer.start()) {
            ChildResult result = TestApps.withAgent(SdkApps.app(jdk, OpenAiApp.class, dir).args(server.baseUrl(), "truncated"),
                    TestApps.configArg(ConfigFiles.write(dir, "openai.yaml", CONFIG))).run();

            assertPrinted(result, "truncated1.finishReason=length", "truncated2.finishReason=length", "heddle.cacheHits=0",
                    "done=true");
            assertThat(server.stats().requests(MockLlmServer.CHAT_COMPLETIONS)).as(result::describe).isEqualTo(2);
        }
    }

    @OnEveryJdk
    void withoutTheAgentEveryRequestReachesTheServer(Jdk jdk) {
        try (MockLlmServer server = MockLlmServer.start()) {
            ChildResult result = SdkApps.app(jdk, OpenAiApp.class, workDir).args(server.baseUrl(), "all").run();

            assertPrinted(result, "heddle.present=false", "done=true");
            assertThat(server.stats().requests(MockLlmServer.CHAT_COMPLETIONS)).as(result::describe).isEqualTo(7);
        }
    }

    @OnEveryJdk
    void theAgentAttachedAtRunTimeCachesTheSdkItsAppAlreadyUses(Jdk jdk, @TempDir Path dir) {
        Path config = ConfigFiles.write(dir, "openai.yaml", CONFIG);
        try (MockLlmServer server = MockLlmServer.start();
                ChildJvm child = SdkApps.app(jdk, OpenAiApp.class, dir).jvmFlags(TestApps.lateAttachFlags(jdk))
                        .args(server.baseUrl(), "late").start()) {
            child.awaitStdoutLine("READY"::equals);
            ByteBuddyAgent.attach(ItFiles.agentJar().toFile(), String.valueOf(child.pid()), TestApps.configArg(config));
            child.writeLine("GO");
            ChildResult result = child.waitFor();

            assertPrinted(result, "late.sameContent=true", "late.againEqualToAfter=true", "done=true");
            assertThat(server.stats().requests(MockLlmServer.CHAT_COMPLETIONS))
                    .as(() -> "one call before the attach, one miss after it, then a hit\n" + result.describe())
                    .isEqualTo(2);
        }
    }

    private static long number(ChildResult result, String key) {
        return Long.parseLong(result.value(key).orElseThrow(() -> new AssertionError("no " + key + "\n" + result.describe())));
    }

    private static double decimal(ChildResult result, String key) {
        return Double.parseDouble(result.value(key).orElseThrow(() -> new AssertionError("no " + key + "\n" + result.describe())));
    }
}
