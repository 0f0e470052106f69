package dev.heddle.it;

import static dev.heddle.it.harness.ChildAssertions.assertPrinted;
import static org.assertj.core.api.Assertions.assertThat;

import dev.heddle.demo.mock.FaultKind;
import dev.heddle.demo.mock.FaultPlan;
import dev.heddle.demo.mock.MockLlmServer;
import dev.heddle.demo.mock.MockSettings;
import dev.heddle.it.harness.ChildResult;
import dev.heddle.it.harness.ConfigFiles;
import dev.heddle.it.harness.Jdks;
import dev.heddle.it.harness.SdkApps;
import dev.heddle.it.harness.TestApps;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retries, the circuit breaker and the cache around a streaming SDK method: a failure before the
 * first chunk (the HTTP status, thrown by openai-java's {@code createStreaming} before it returns
 * the stream, or reported by Spring AI's Flux when it is subscribed) is retried; a stream that
 * breaks after its first chunk reaches the app as the SDK delivers it, is not retried, and counts
 * against the circuit. Each SDK's test names its app and preset.
 */
abstract class StreamResilienceWithAgentTest {

    private static final String QUESTION = "ask:What is a heddle?";

    @TempDir
    static Path workDir;

    record Run(ChildResult result, long requests) {
    }

    /** @return the app's main class, which reads {@code StreamingCommands} */
    abstract Class<?> app();

    /** @return the preset of the SDK */
    abstract String preset();

    private Run run(String rule, FaultPlan faults, String... commands) {
        String config = """
                rules:
                  - name: stream
                    preset: %s
                """.formatted(preset()) + rule;
        try (MockLlmServer server = MockLlmServer.start(MockSettings.defaults().withChunkMillis(5).withFaults(faults))) {
            String[] args = new String[commands.length + 1];
            args[0] = server.baseUrl();
            System.arraycopy(commands, 0, args, 1, commands.length);
            ChildResult result = TestApps.withAgent(SdkApps.app(Jdks.current(), app(), workDir).args(args),
                    TestApps.configArg(ConfigFiles.write(workDir, "stream-resilience.yaml", config))).run();
            return new Run(result, server.stats().requests());
        }
    }

    @Test
    void aFailureBeforeTheFirstChunkIsRetried() {
        Run run = run("    retry: { maxAttempts: 3, delay: 10ms }\n", FaultPlan.next(2, FaultKind.SERVER_ERROR), QUESTION);

        assertPrinted(run.result(), "done=true", "heddle.retries=2");
        assertThat(run.result().value("q1.chunks")).as(run.result()::describe).isPresent();
        assertThat(run.requests()).isEqualTo(3);
    }

    @Test
    void aStreamThatBreaksAfterItsFirstChunkReachesTheAppAndIsNotRetried() {
        Run run = run("    retry: { maxAttempts: 3, delay: 10ms }\n    cache: { ttl: 10m }\n", FaultPlan.next(1, FaultKind.CUT),
                QUESTION, QUESTION);

        assertPrinted(run.result(), "done=true", "heddle.retries=0", "heddle.cacheHits=0");
        assertThat(run.result().value("q1.error")).as(run.result()::describe).isPresent();
        assertThat(run.result().value("q2.chunks")).as(run.result()::describe).isPresent();
        assertThat(run.requests()).as("the broken stream once, then the whole one").isEqualTo(2);
    }

    @Test
    void brokenStreamsOpenTheCircuit() {
        Run run = run("    circuitBreaker: { failureThreshold: 2, openFor: 1m }\n", FaultPlan.next(2, FaultKind.CUT),
                QUESTION, QUESTION, QUESTION);

        assertPrinted(run.result(), "done=true", "heddle.circuitOpened=1", "q3.error=dev.heddle.api.CircuitOpenException");
        assertThat(run.result().value("q1.error")).as(run.result()::describe).isPresent();
        assertThat(run.requests()).as("the third call fails fast").isEqualTo(2);
    }
}
