package dev.heddle.it;

import static dev.heddle.it.harness.ChildAssertions.assertPrinted;
import static dev.heddle.it.harness.ChildAssertions.assertSucceeded;
import static org.assertj.core.api.Assertions.assertThat;

import dev.heddle.demo.mock.FaultKind;
import dev.heddle.demo.mock.FaultPlan;
import dev.heddle.demo.mock.MockLlmServer;
import dev.heddle.demo.mock.MockSettings;
import dev.heddle.demo.mock.MockStats;
import dev.heddle.it.app.sdk.LangChain4jStreamingApp;
import dev.heddle.it.harness.ChildResult;
import dev.heddle.it.harness.ConfigFiles;
import dev.heddle.it.harness.Jdks;
import dev.heddle.it.harness.SdkApps;
import dev.heddle.it.harness.TestApps;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An unmodified app streams answers through LangChain4j's {@code OpenAiStreamingChatModel} (a
 * {@code StreamingChatResponseHandler} told partial by partial) against the mock LLM server, which
 * paces the stream's events; with the agent and {@code preset: langchain4j}, a repeated streamed
 * question is replayed with the same partials, a broken stream is the app's error as without the
 * agent and is not cached, the first partial of a miss is not held back until the end, and a
 * cancelled stream is charged for what it produced.
 */
class LangChain4jStreamingWithAgentTest {

    /** The mock's wait between two events of a stream. */
    private static final long CHUNK_MILLIS = 30;
    private static final long LATENCY_MILLIS = 100;
    private static final String QUESTION = "What is a heddle?";
    private static final String CONFIG = "rules:\n  - name: langchain4j\n    preset: langchain4j\n    cache: { ttl: 10m }\n";

    record Run(ChildResult result, MockStats stats) {
    }

    @TempDir
    static Path workDir;

    /** One run per scenario, shared by the tests that read it. */
    private static final Map<String, Run> RUNS = new ConcurrentHashMap<>();

    private static Run run(String name, boolean withAgent, FaultPlan faults, String... commands) {
        return RUNS.computeIfAbsent(name, ignored -> {
            MockSettings settings = MockSettings.defaults().withLatencyMillis(LATENCY_MILLIS).withChunkMillis(CHUNK_MILLIS)
                    .withFaults(faults);
            try (MockLlmServer server = MockLlmServer.start(settings)) {
                String[] args = new String[commands.length + 1];
                args[0] = server.baseUrl();
                System.arraycopy(commands, 0, args, 1, commands.length);
                var app = SdkApps.app(Jdks.current(), LangChain4jStreamingApp.class, workDir).args(args);
                if (withAgent) app = TestApps.withAgent(app, TestApps.configArg(ConfigFiles.write(workDir, "langchain4j.yaml", CONFIG)));
                return new Run(app.run(), server.stats());
            }
        });
    }

    private static Run repeated(boolean withAgent) {
        return run("repeated" + withAgent, withAgent, FaultPlan.none(), "ask:" + QUESTION, "ask:" + QUESTION);
    }

    private static Run cut(boolean withAgent) {
        return run("cut" + withAgent, withAgent, FaultPlan.next(1, FaultKind.CUT), "ask:" + QUESTION, "ask:" + QUESTION);
    }

    private static Run cancelled() {
        return run("cancelled", true, FaultPlan.none(), "cancel:3:" + QUESTION, "ask:" + QUESTION);
    }

    private static String value(ChildResult result, String key) {
        return result.value(key).orElseThrow(() -> new AssertionError("no " + key + "\n" + result.describe()));
    }

    private static long number(ChildResult result, String key) {
        return Long.parseLong(value(result, key));
    }

    @Test
    void aRepeatedStreamedQuestionIsReplayedWithTheSamePartialsAndReachesTheServerOnce() {
        Run run = repeated(true);
        ChildResult result = run.result();

        assertPrinted(result, "heddle.present=true", "heddle.cacheMisses=1", "heddle.cacheHits=1", "done=true");
        assertThat(value(result, "q1.chunks")).as(result::describe).contains("|");
        assertThat(value(result, "q2.chunks")).as(result::describe).isEqualTo(value(result, "q1.chunks"));
        assertThat(result.value("q2.error")).as(result::describe).isEmpty();
        assertThat(run.stats().requests(MockLlmServer.CHAT_COMPLETIONS)).as(result::describe).isEqualTo(1);
        assertThat(value(repeated(false).result(), "q1.chunks")).as("the partials without the agent")
                .isEqualTo(value(result, "q1.chunks"));
    }

    @Test
    void aStreamBrokenOffHalfWayIsTheAppsErrorAsWithoutTheAgentAndIsNotCached() {
        Run withAgent = cut(true);
        Run withoutAgent = cut(false);
        ChildResult result = withAgent.result();

        assertPrinted(result, "heddle.present=true", "heddle.cacheHits=0", "done=true");
        assertThat(value(result, "q1.error")).as(result::describe).isEqualTo(value(withoutAgent.result(), "q1.error"));
        assertThat(value(result, "q2.chunks")).as(result::describe).contains("|");
        assertThat(result.value("q2.error")).as(result::describe).isEmpty();
        assertThat(withAgent.stats().requests(MockLlmServer.CHAT_COMPLETIONS)).as(result::describe).isEqualTo(2);
    }

    @Test
    void theFirstPartialOfAMissIsNotHeldBackUntilTheStreamEnds() {
        ChildResult withAgent = assertSucceeded(repeated(true).result());
        ChildResult withoutAgent = assertSucceeded(repeated(false).result());
        long chunks = value(withAgent, "q1.chunks").split("\\|").length;
        long pacingMillis = CHUNK_MILLIS * chunks;
        long firstChunkMs = number(withAgent, "q1.firstChunkMs");
        long totalMs = number(withAgent, "q1.totalMs");

        System.out.printf("langchain4j stream of %d partials, mock latency %d ms, %d ms between events: first partial "
                + "after %d ms with the agent (miss), %d ms without; whole answer after %d ms with the agent, %d ms "
                + "without; replayed hit %d ms%n", chunks, LATENCY_MILLIS, CHUNK_MILLIS, firstChunkMs,
                number(withoutAgent, "q1.firstChunkMs"), totalMs, number(withoutAgent, "q1.totalMs"),
                number(withAgent, "q2.totalMs"));
        assertThat(firstChunkMs).as(withAgent::describe).isLessThan(totalMs - pacingMillis / 2);
    }

    @Test
    void aCancelledStreamIsChargedOnlyForWhatItProducedAndIsNotCached() {
        Run run = cancelled();
        ChildResult result = run.result();
        long fullAnswerTokens = run.stats().completionTokens("gpt-4o-mini") / 2;

        assertPrinted(result, "heddle.present=true", "heddle.cacheHits=0", "heddle.cacheMisses=2", "done=true");
        assertThat(value(result, "q1.chunks").split("\\|")).as(result::describe).hasSize(3);
        assertThat(run.stats().requests(MockLlmServer.CHAT_COMPLETIONS)).as(result::describe).isEqualTo(2);
        long cancelledOutputTokens = number(result, "heddle.outputTokens") - fullAnswerTokens;
        assertThat(cancelledOutputTokens).as(result::describe).isPositive().isLessThan(fullAnswerTokens / 2);
    }
}
