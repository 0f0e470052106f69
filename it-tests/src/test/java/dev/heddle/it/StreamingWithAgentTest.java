package dev.heddle.it;

import static dev.heddle.it.harness.ChildAssertions.assertPrinted;
import static org.assertj.core.api.Assertions.assertThat;

import dev.heddle.demo.mock.FaultKind;
import dev.heddle.demo.mock.FaultPlan;
import dev.heddle.demo.mock.MockLlmServer;
import dev.heddle.demo.mock.MockSettings;
import dev.heddle.demo.mock.MockStats;
import dev.heddle.it.harness.ChildJvm;
import dev.heddle.it.harness.ChildResult;
import dev.heddle.it.harness.ConfigFiles;
import dev.heddle.it.harness.Jdks;
import dev.heddle.it.harness.SdkApps;
import dev.heddle.it.harness.TestApps;
import dev.heddle.quota.RedisServerProcess;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An unmodified app streams answers through an SDK against the mock server, which paces its events
 * like a model that generates as it sends; with the agent and the SDK's preset, the stream reaches
 * the app as it arrives, a repeated question is replayed from the cache chunk for chunk, a stream cut
 * off half way is not cached, and a caller that stops early is charged for what was produced. Each
 * SDK's test names its app (see {@code StreamingCommands} for the commands) and preset.
 */
abstract class StreamingWithAgentTest {

    /** The pause between two events of a streamed answer. */
    static final long CHUNK_MILLIS = 25;
    private static final long LATENCY_MILLIS = 60;

    @TempDir
    static Path workDir;

    record Run(ChildResult result, MockStats stats) {
        String value(String key) {
            return result.value(key).orElseThrow(() -> new AssertionError("no " + key + " in\n" + result.describe()));
        }

        double number(String key) {
            return Double.parseDouble(value(key));
        }
    }

    /** Each run once per SDK: the tests read several facts of one run. */
    private static final Map<String, Run> RUNS = new ConcurrentHashMap<>();

    /** @return the app's main class */
    abstract Class<?> app();

    /** @return the preset of the SDK */
    abstract String preset();

    private String config(String cache) {
        return """
                rules:
                  - name: stream
                    preset: %s
                    cache: %s
                """.formatted(preset(), cache);
    }

    /** One child JVM run of the app with these commands, against a paced mock with these first faults. */
    private Run run(String name, boolean agent, FaultPlan faults, String... commands) {
        return runCached(name, agent, faults, "{ ttl: 10m }", commands);
    }

    private Run runCached(String name, boolean agent, FaultPlan faults, String cache, String... commands) {
        return RUNS.computeIfAbsent(getClass().getSimpleName() + ":" + name, ignored -> {
            try (MockLlmServer server = MockLlmServer.start(paced(faults))) {
                String config = agent ? config(cache) : null;
                return new Run(child(server, name, config, commands), server.stats());
            }
        });
    }

    private static MockSettings paced(FaultPlan faults) {
        return MockSettings.defaults().withLatencyMillis(LATENCY_MILLIS).withChunkMillis(CHUNK_MILLIS).withFaults(faults);
    }

    /** The app run once against the server, with the agent and this configuration, or without the agent when it is null. */
    private ChildResult child(MockLlmServer server, String name, String config, String... commands) {
        String[] args = new String[commands.length + 1];
        args[0] = server.baseUrl();
        System.arraycopy(commands, 0, args, 1, commands.length);
        ChildJvm.Builder child = SdkApps.app(Jdks.current(), app(), workDir).args(args);
        return config == null ? child.run()
                : TestApps.withAgent(child, TestApps.configArg(ConfigFiles.write(workDir, preset() + "-" + name + ".yaml", config))).run();
    }

    /** A first question warms the JVM up; three more are timed; the last is asked again. */
    private Run asked(boolean agent) {
        return run("asked-" + agent, agent, FaultPlan.none(), "ask:What is a loom?", "ask:What is a heddle?",
                "ask:What is a shuttle?", "ask:What is a bobbin?", "ask:What is a bobbin?");
    }

    /** The median first-chunk time of the three timed questions. */
    private static double firstChunkMs(Run run) {
        return java.util.stream.Stream.of("q2", "q3", "q4").mapToDouble(q -> run.number(q + ".firstChunkMs")).sorted().toArray()[1];
    }

    @Test
    void aRepeatedStreamedQuestionIsReplayedFromTheCacheWithTheSameChunks() {
        Run run = asked(true);

        assertPrinted(run.result(), "done=true", "heddle.present=true", "heddle.cacheHits=1", "heddle.cacheMisses=4");
        assertThat(run.value("q4.chunkCount")).as(run.result()::describe).isNotEqualTo("0").isNotEqualTo("1");
        assertThat(run.value("q5.chunks")).as("the replay's chunk boundaries").isEqualTo(run.value("q4.chunks"));
        assertThat(run.stats().requests()).as(run.result()::describe).isEqualTo(4);
    }

    @Test
    void theFirstChunkReachesTheAppWhileTheStreamGoesOn() {
        Run with = asked(true);
        Run without = asked(false);
        double pacing = (with.number("q2.chunkCount") - 1) * CHUNK_MILLIS;

        // nothing is buffered: the first chunk arrives while the rest of the answer is still being sent
        assertThat(with.number("q2.firstChunkMs")).as(with.result()::describe)
                .isLessThan(with.number("q2.totalMs") - pacing / 2);
        assertThat(without.value("q5.chunks")).as("without the agent each answer is streamed anew")
                .isEqualTo(with.value("q4.chunks"));
        System.out.printf("%s first chunk (median of 3 warm misses, %d ms latency): %.1f ms with the agent, %.1f ms without;"
                        + " a replayed hit %.1f ms; a whole stream %.1f ms / %.1f ms%n", getClass().getSimpleName(), LATENCY_MILLIS,
                firstChunkMs(with), firstChunkMs(without), with.number("q5.firstChunkMs"), with.number("q2.totalMs"),
                without.number("q2.totalMs"));
    }

    @Test
    void aParaphraseIsReplayedFromTheSemanticCache() {
        Run run = runCached("semantic", true, FaultPlan.none(), "{ ttl: 10m, semantic: { threshold: 0.9, scope: global } }",
                "ask:How do I learn Python quickly?", "ask:What is the fastest way to learn Python?",
                "ask:How do I learn Java quickly?");

        assertPrinted(run.result(), "done=true", "heddle.cacheHits=1");
        assertThat(run.value("q2.chunks")).as("the first answer's recording").isEqualTo(run.value("q1.chunks"));
        assertThat(run.value("q3.chunks")).isNotEqualTo(run.value("q1.chunks"));
        assertThat(run.stats().requests()).as(run.result()::describe).isEqualTo(2);
    }

    @Test
    void aStreamRecordedInOneJvmIsReplayedInAnotherThroughRedis() throws Exception {
        try (MockLlmServer server = MockLlmServer.start(paced(FaultPlan.none()));
                RedisServerProcess redis = RedisServerProcess.start()) {
            String config = "redis: " + redis.url() + "\n" + config("{ ttl: 10m }");
            // the first JVM stores its recording in the background: it lingers a moment before it exits
            ChildResult first = child(server, "redis-first", config, "ask:What is a heddle?", "pause:1000");
            assertThat(redis.command("KEYS", "heddle:c:*")).as(first::describe).isNotEmpty();

            ChildResult second = child(server, "redis-second", config, "ask:What is a heddle?");

            assertPrinted(first, "heddle.cacheMisses=1", "done=true");
            assertPrinted(second, "heddle.cacheHits=1", "heddle.cacheMisses=0", "heddle.redisEntriesRejected=0", "done=true");
            assertThat(second.value("q1.chunks")).as(second::describe).isEqualTo(first.value("q1.chunks"));
            assertThat(server.stats().requests()).isEqualTo(1);
        }
    }

    @Test
    void aStreamCutOffMidwayIsNotCached() {
        Run with = run("cut-true", true, FaultPlan.next(1, FaultKind.CUT), "ask:What is a shed?", "ask:What is a shed?",
                "ask:What is a shed?");
        Run without = run("cut-false", false, FaultPlan.next(1, FaultKind.CUT), "ask:What is a shed?");

        assertThat(with.value("q1.error")).as("the app sees the break as without the agent").isEqualTo(without.value("q1.error"));
        assertThat(with.result().value("q2.chunks")).as(with.result()::describe).isPresent();
        assertThat(with.value("q3.chunks")).isEqualTo(with.value("q2.chunks"));
        assertThat(with.stats().requests()).as("the cut stream, then one whole one; the third is a hit")
                .isEqualTo(2);
    }

    @Test
    void aCallerThatStopsEarlyIsChargedOnlyForWhatWasProduced() {
        Run cancelled = run("cancel", true, FaultPlan.none(), "cancel:3:What is a warp?");
        String[] texts = cancelled.value("q1.chunks").split("\\|", -1);
        long produced = (String.join("", texts).length() + 3) / 4;
        long wholeAnswer = cancelled.stats().completionTokensByModel().values().stream().mapToLong(Long::longValue).sum();

        assertPrinted(cancelled.result(), "q1.chunkCount=3", "heddle.cacheMisses=1", "heddle.modelCalls=1");
        assertThat(Long.parseLong(cancelled.value("heddle.outputTokens"))).as(cancelled.result()::describe)
                .isEqualTo(produced).isLessThan(wholeAnswer);
    }

    @Test
    void aStoppedStreamIsNotCached() {
        Run run = run("cancel-then-ask", true, FaultPlan.none(), "cancel:2:What is a reed?", "ask:What is a reed?",
                "ask:What is a reed?");

        assertThat(run.stats().requests()).as(run.result()::describe).isEqualTo(2);
        assertThat(run.value("q3.chunks")).isEqualTo(run.value("q2.chunks"));
        assertThat(run.value("q1.chunks")).isEqualTo(String.join("|", java.util.Arrays.asList(run.value("q2.chunks").split("\\|", -1)).subList(0, 2)));
    }
}
