package dev.heddle.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heddle.analytics.AnalyticsEvent;
import dev.heddle.analytics.EventJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code java -jar heddle-agent.jar report}, run end to end through {@link ReportCommand#run} on the {@link ReportWorkload}. */
class ReportCommandTest {

    @TempDir
    Path directory;

    private Path events;

    /** What one run printed and returned. */
    private record Run(int status, String out, String err) {
    }

    @BeforeEach
    void writeTheWorkload() throws IOException {
        events = Files.createDirectory(directory.resolve("events"));
        ReportWorkload.write(events);
    }

    private static Run report(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] command = new String[args.length + 1];
        command[0] = "report";
        System.arraycopy(args, 0, command, 1, args.length);
        int status = ReportCommand.run(command, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theSummaryCountsEventsUsersCostsSavingsAndEveryExperiment() {
        Run run = report(events.toString());

        assertThat(run.status()).isEqualTo(ReportCommand.DONE);
        assertThat(run.err()).isEmpty();
        assertThat(run.out())
                .contains(events + " (2 files), 44 events from 2026-12-01 08:55 to 2026-12-02 10:20 UTC")
                .containsPattern("\npage_view +12 +10\n")
                .containsPattern("\nfeature_flag.evaluation +11 +10\n")
                .containsPattern("\nllm_call +7 +6\n")
                .contains("44 events, 10 users, 11 sessions")
                .containsPattern("\ngpt-4o +5 +3200 +500 +0.0130\n")
                .containsPattern("\ngpt-4o-mini +2 +1300 +250 +0.0005\n")
                .containsPattern("\ntotal +7 +4500 +750 +0.0135\n")
                .containsPattern("\n2026-12-01 +3 +1500 +300 +0.0047\n")
                .containsPattern("\n2026-12-02 +4 +3000 +450 +0.0088\n")
                .containsPattern("\nu01 +2 +2000 +200 +0.0070\n")
                .contains("6 calls through a cache: 1 hit, 1 semantic hit, hit rate 33.3%, saved $0.0085")
                .contains("EXPERIMENT prompt-style: conversion to " + ReportCommand.DEFAULT_CONVERSION)
                .containsPattern("\nconcise +50.0% +5 +1 +20.0% ")
                .containsPattern("\ncontrol +50.0% +5 +3 +60.0% ")
                .containsPattern("\nconcise +-40.00 pp +\\[-95.44 pp, \\+15.44 pp] .* 0.1967 +7.9%\n")
                .contains("sample ratio: 5 / 5 users for weights 50.0% / 50.0%: chi2 = 0.00, p = 1.0000: ok")
                .contains("1 user exposed to more than one variant")
                .endsWith("2 lines skipped (first: events-2026-12-01.jsonl:3: not an event line:"
                        + " Text 'not a time' could not be parsed at index 0)" + System.lineSeparator());
    }

    @Test
    void theFunnelSectionPrintsUsersConversionAndDropOffPerStep() {
        Run run = report(events.toString(), "--funnel", ReportWorkload.FUNNEL);

        assertThat(run.status()).isEqualTo(ReportCommand.DONE);
        assertThat(run.out())
                .containsPattern("\nstep +users +of step 1 +drop-off +drop-off %\n")
                .containsPattern("\n1. page_view +10 +100.0%\n")
                .containsPattern("\n2. query_submitted +6 +60.0% +4 +40.0%\n")
                .containsPattern("\n3. gen_ai.evaluation.result\\[gen_ai.evaluation.score.label=positive] +3 +30.0% +3 +50.0%\n")
                .doesNotContain("COST BY MODEL", "EXPERIMENT");
    }

    @Test
    void aWindowKeepsOnlyTheStepsThatFollowWithinIt() {
        Run run = report(events.toString(), "--funnel", ReportWorkload.FUNNEL, "--window", "1h");

        assertThat(run.out()).contains("FUNNEL (within 1h of the first step)")
                .containsPattern("\n3. gen_ai.evaluation.result\\[gen_ai.evaluation.score.label=positive] +2 +20.0% +4 +66.7%\n");
    }

    @Test
    void aUsersJourneyIsPrintedInTimeOrderWithItsLastN() {
        Run run = report(events.toString(), "--user", "u01", "--last", "2");

        assertThat(run.out()).contains("JOURNEY of u01 (last 2 of 6 events)")
                .containsPattern("\n2026-12-01 09:02:00.000 +gen_ai.evaluation.result +s-u01 +gen_ai.evaluation.name=user_feedback"
                        + " gen_ai.evaluation.score.value=1.0 gen_ai.evaluation.score.label=positive\n"
                        + "2026-12-02 10:00:00.000 +llm_call +s-u01 +rule=support-bot model=gpt-4o cache=miss tokens=1000\\+0"
                        + " cost=\\$0.0025 latency=30000ms outcome=error error=java.net.SocketTimeoutException"
                        + " variants.prompt-style=control\n");
    }

    @Test
    void anExperimentWithWeightsItsSplitDoesNotFitIsFlagged() {
        Run run = report(events.toString(), "--experiment", ReportWorkload.EXPERIMENT, "--conversion", "query_submitted",
                "--weights", "0.9,0.1");

        assertThat(run.status()).isEqualTo(ReportCommand.DONE);
        assertThat(run.out()).contains("EXPERIMENT prompt-style: conversion to query_submitted")
                .containsPattern("\nconcise +90.0% +5 +2 +40.0% ")
                .containsPattern("\ncontrol +10.0% +5 +3 +60.0% ")
                .contains("sample ratio: 5 / 5 users for weights 90.0% / 10.0%: chi2 = 17.78, p = 2.5e-05: SAMPLE RATIO MISMATCH");
    }

    @Test
    void aMeanMetricComparesTheCallsOfEachVariant() {
        Run run = report(events.toString(), "--experiment", ReportWorkload.EXPERIMENT, "--metric", "latency_ms", "--control", "concise");

        assertThat(run.out()).contains("EXPERIMENT prompt-style: mean latency_ms per call")
                .containsPattern("\nconcise \\(control\\) +50.0% +5 +3 +406.7 ")
                .containsPattern("\ncontrol +50.0% +5 +4 +7801.3 ")
                .containsPattern("\ncontrol +\\+7394.6 ");
    }

    @Test
    void fromAndToKeepTheWholeDaysBetweenThem() {
        Run run = report(events.toString(), "--from", "2026-12-02", "--to", "2026-12-02");

        assertThat(run.out()).contains("8 events from 2026-12-02 08:00 to 2026-12-02 10:20 UTC (from 2026-12-02 to 2026-12-02)")
                .containsPattern("\ntotal +4 +3000 +450 +0.0088\n");
    }

    @Test
    void anExperimentTheEventsDoNotNameIsSaidSoWithTheNamesTheyHave() {
        Run run = report(events.toString(), "--experiment", "prompt-styel");

        assertThat(run.status()).isEqualTo(ReportCommand.DONE);
        assertThat(run.out()).contains("no exposures and no calls for this experiment; the events name: prompt-style");
    }

    @Test
    void anExperimentWithoutConversionsOrUsersPrintsNotAvailableNeverNaN() throws IOException {
        Path quiet = Files.createDirectory(directory.resolve("quiet"));
        List<String> lines = new ArrayList<>();
        Instant at = Instant.parse("2026-12-01T10:00:00Z");
        for (int i = 0; i < 4; i++) {
            lines.add(EventJson.line(AnalyticsEvent.app(at.plusSeconds(i), AnalyticsEvent.EXPOSURE, "user" + i, null, Map.of(),
                    Map.of(ExperimentResult.KEY, "tone", ExperimentResult.VARIANT, i % 2 == 0 ? "a" : "b"))));
        }
        // a variant only stamped on a call: nobody was exposed to it
        lines.add(EventJson.line(new AnalyticsEvent(at, AnalyticsEvent.LLM_CALL, "user9", null, null, "m", Map.of("tone", "c"),
                "miss", null, 1L, 1L, 0.0, null, 5.0, "ok", null, Map.of())));
        Files.write(quiet.resolve("events.jsonl"), lines);

        Run conversion = report(quiet.toString(), "--experiment", "tone");
        Run mean = report(quiet.toString(), "--experiment", "tone", "--metric", "latency_ms");
        Run summary = report(quiet.toString());

        for (Run run : List.of(conversion, mean, summary)) {
            assertThat(run.status()).isEqualTo(ReportCommand.DONE);
            assertThat(run.out()).doesNotContainIgnoringCase("nan").doesNotContain("Infinity").contains("n/a");
        }
        assertThat(conversion.out()).containsPattern("\na \\(control\\) +33.3% +2 +0 +0.0% ");
        assertThat(conversion.out()).containsPattern("\nc +33.3% +0 +0 +n/a +n/a\n");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "--colour|unknown option '--colour'",
        "--last 3|--last goes with --user",
        "--window 1h|--window goes with --funnel",
        "--control a|--control goes with --experiment",
        "--user u01 --last none|--last takes a number of events above 0, but found 'none'",
        "--funnel a,b --window soon|--window: expected a duration such as 200ms, 30s, 5m, 1h or 1d, but found 'soon'",
        "--funnel a,b[c|'a,b[c' has a '[' without its ']'",
        "--experiment x --metric speed|--metric takes one of latency_ms, input_tokens, output_tokens, tokens, cost_usd, but found 'speed'",
        "--experiment x --metric tokens --conversion signup|--conversion and --metric are two different metrics; give one",
        "--experiment x --weights half,half|--weights takes positive numbers separated by commas, such as 0.5,0.5, but found 'half,half'",
        "--experiment prompt-style --control long|--control 'long' is not a variant of experiment 'prompt-style'",
        "--experiment prompt-style --weights 1,1,1|--weights gives 3 weights, but experiment 'prompt-style' has 2 variants",
        "--from 2026-12-03 --to 2026-12-01|--from 2026-12-03 is after --to 2026-12-01",
        "--from yesterday|--from takes a day such as 2026-12-01 or an instant such as 2026-12-01T10:00:00Z, but found 'yesterday'",
        "--user u01 --user u02|--user is given twice",
        "--user|--user needs a value",
    })
    void aBadOptionExitsWith2AndSaysWhatIsWrongAndHowToUseTheCommand(String options, String problem) {
        List<String> args = new ArrayList<>(List.of(events.toString()));
        args.addAll(List.of(options.split(" ")));

        Run run = report(args.toArray(String[]::new));

        assertThat(run.status()).isEqualTo(ReportCommand.USAGE);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith("heddle report: " + problem).contains("usage: java -jar heddle-agent.jar report <events>");
    }

    @Test
    void noEventsOrEventsThatAreNotThereAreBadUsage() throws IOException {
        Path empty = Files.createDirectory(directory.resolve("empty"));

        assertThat(report().err()).startsWith("heddle report: which events? such as: report /var/log/heddle/events");
        assertThat(report(directory.resolve("missing").toString()).err())
                .startsWith("heddle report: " + directory.resolve("missing") + ": no such file or directory");
        Run none = report(empty.toString());
        assertThat(none.status()).isEqualTo(ReportCommand.USAGE);
        assertThat(none.err()).startsWith("heddle report: " + empty + " holds no *.jsonl or *.jsonl.gz files");
    }

    @Test
    void anHtmlFileThatCannotBeWrittenIsAFailureOfTheReport() {
        Run run = report(events.toString(), "--html", directory.resolve("no-such-folder").resolve("report.html").toString());

        assertThat(run.status()).isEqualTo(ReportCommand.FAILED);
        assertThat(run.err()).startsWith("heddle report: cannot write ");
    }

    @Test
    void helpPrintsTheUsage() {
        Run run = report("--help");

        assertThat(run.status()).isEqualTo(ReportCommand.DONE);
        assertThat(run.out()).startsWith("usage: java -jar heddle-agent.jar report <events>");
    }
}
