package dev.heddle.demo.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The standalone command line. */
class MockLlmServerMainTest {

    @Test
    void flagsBecomeSettingsAndFaultRates() throws Exception {
        MockSettings settings = MockLlmServerMain.parse("--port", "9000", "--latency-ms", "120", "--jitter-ms=30",
                "--seed", "5", "--error-rate", "0.05", "--rate-limit-rate", "0.1", "--slow-ms", "50", "--capacity", "4");

        assertThat(settings.port()).isEqualTo(9000);
        assertThat(settings.latencyMillis()).isEqualTo(120);
        assertThat(settings.jitterMillis()).isEqualTo(30);
        assertThat(settings.seed()).isEqualTo(5);
        assertThat(settings.capacity()).isEqualTo(4);
        assertThat(settings.faults()).isEqualTo(FaultPlan.builder().rate(FaultKind.SERVER_ERROR, 0.05)
                .rate(FaultKind.RATE_LIMIT, 0.1).slowMillis(50).build());
    }

    @Test
    void latencyFlagTakesAFixedOrALognormalModel() throws Exception {
        assertThat(MockLlmServerMain.parse("--latency", "lognormal:700:0.6:20000").latency())
                .isEqualTo(LatencyModel.lognormal(700, 0.6, 20_000));
        assertThat(MockLlmServerMain.parse("--latency=fixed:200:50").latency()).isEqualTo(LatencyModel.fixed(200, 50));
        assertThat(MockLlmServerMain.parse().latency()).isEqualTo(LatencyModel.fixed(0, 0));
    }

    @Test
    void scheduleFlagTakesJsonInlineOrFromAFileWithTheFaultFlagsAsItsBackground(@TempDir Path dir) throws Exception {
        String phases = "{\"phases\":[{\"fromSeconds\":60,\"toSeconds\":90,\"faults\":{\"rates\":{\"RATE_LIMIT\":1}}}]}";
        Path file = Files.writeString(dir.resolve("schedule.json"), phases);
        FaultSchedule expected = FaultSchedule.builder().background(FaultPlan.rate(FaultKind.SERVER_ERROR, 0.05))
                .phase(Duration.ofSeconds(60), Duration.ofSeconds(90), FaultPlan.rate(FaultKind.RATE_LIMIT, 1.0))
                .build();

        assertThat(MockLlmServerMain.parse("--error-rate", "0.05", "--schedule", phases).schedule()).isEqualTo(expected);
        assertThat(MockLlmServerMain.parse("--schedule", "@" + file, "--error-rate", "0.05").schedule())
                .isEqualTo(expected);
        assertThat(MockLlmServerMain.parse("--schedule",
                "{\"background\":{\"rates\":{\"SERVER_ERROR\":0.05}}," + phases.substring(1)).schedule())
                .isEqualTo(expected);
    }

    @Test
    void noFlagsMeansPort8089AndNoFaults() throws Exception {
        MockSettings settings = MockLlmServerMain.parse();

        assertThat(settings.port()).isEqualTo(8089);
        assertThat(settings.faults().isEmpty()).isTrue();
        assertThat(settings.capacity()).isEqualTo(MockSettings.UNLIMITED);
    }

    @Test
    void badFlagsAreUsageErrors() {
        for (List<String> args : List.of(List.of("--bogus", "1"), List.of("--port"), List.of("--port", "x"),
                List.of("--error-rate", "2"), List.of("--latency-ms", "-5"), List.of("8089"),
                List.of("--error-rate", "0.7", "--rate-limit-rate", "0.7"), List.of("--capacity", "-1"),
                List.of("--capacity", "many"), List.of("--capacity"), List.of("--latency", "lognormal:700"),
                List.of("--latency", "lognormal:700:0.6:20000", "--jitter-ms", "5"),
                List.of("--latency-ms", "5", "--latency", "fixed:5"), List.of("--schedule", "{nope"),
                List.of("--schedule", "@/no/such/schedule.json"), List.of("--schedule", "{\"phases\":[{}]}"),
                List.of("--schedule", "{\"background\":{}}", "--drop-rate", "0.1"))) {
            assertThatThrownBy(() -> MockLlmServerMain.parse(args.toArray(String[]::new)))
                    .as("%s", args).isInstanceOf(MockLlmServerMain.UsageException.class);
        }
    }

    @Test
    void launchWithABadFlagPrintsTheUsageOnStderrAndExitCode2() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int[] exit = {-1};

        MockLlmServer server = MockLlmServerMain.launch(new String[] {"--nope"}, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8), exit);

        assertThat(server).isNull();
        assertThat(exit[0]).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown flag --nope").contains("usage:");
    }

    @Test
    void launchPrintsTheListeningLineAndServes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int[] exit = {-1};

        try (MockLlmServer server = MockLlmServerMain.launch(new String[] {"--port", "0", "--capacity=2"},
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err, exit)) {
            assertThat(out.toString(StandardCharsets.UTF_8).trim())
                    .isEqualTo("mock LLM server listening on " + server.baseUrl());
            assertThat(new RawHttp(server).postOk(MockLlmServer.CHAT_COMPLETIONS, RawHttp.chat("m", "q", ""))
                    .at("/choices/0/message/content").asText()).startsWith("m answers");
            assertThat(server.capacity()).isEqualTo(2);
        }
    }

    private static Process java(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(
                System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
                "-cp", System.getProperty("java.class.path"), MockLlmServerMain.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).start();
    }

    @Test
    void mainExitsWithStatus2OnABadFlag() throws Exception {
        Process process = java("--port", "many");

        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8))
                .contains("--port needs an integer").contains("usage:");
    }

    @Test
    void mainRunsUntilKilled() throws Exception {
        Process process = java("--port", "0");
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();

            assertThat(line).matches("mock LLM server listening on http://127\\.0\\.0\\.1:\\d+");
            assertThat(process.isAlive()).isTrue();
        } finally {
            process.destroy();
            process.waitFor(60, TimeUnit.SECONDS);
        }
    }
}
