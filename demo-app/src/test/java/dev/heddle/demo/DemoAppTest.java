package dev.heddle.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.heddle.demo.cli.CommandLine;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class DemoAppTest {

    // ---- the command line ---------------------------------------------------------------------

    @Test
    void noFlagsGiveTheDefaults() throws Exception {
        assertThat(DemoOptions.parse()).isEqualTo(DemoOptions.defaults())
                .isEqualTo(new DemoOptions(40, 42, 300, 0, 1));
    }

    @Test
    void readsEveryFlagInBothForms() throws Exception {
        assertThat(DemoOptions.parse("--asks", "5", "--seed", "-7", "--latency-ms", "0", "--error-rate", "0.05",
                "--concurrency", "4")).isEqualTo(new DemoOptions(5, -7, 0, 0.05, 4));
        assertThat(DemoOptions.parse("--asks=7", "--seed=1", "--latency-ms=90", "--error-rate=1", "--concurrency=2"))
                .isEqualTo(new DemoOptions(7, 1, 90, 1, 2));
    }

    @Test
    void helpGivesNoOptions() throws Exception {
        assertThat(DemoOptions.parse("--help")).isNull();
        assertThat(DemoOptions.parse("--asks", "3", "-h")).isNull();
        assertThat(DemoOptions.USAGE).contains("--asks", "--seed", "--latency-ms", "--error-rate", "--concurrency");
    }

    @Test
    void rejectsBadFlagsAndValues() {
        for (String[] args : List.of(
                new String[] {"--fast"},
                new String[] {"--fast=1"},
                new String[] {"extra"},
                new String[] {"--asks"},
                new String[] {"--asks", "zero"},
                new String[] {"--asks", "0"},
                new String[] {"--asks="},
                new String[] {"--latency-ms", "-1"},
                new String[] {"--error-rate", "1.5"},
                new String[] {"--error-rate", "NaN"},
                new String[] {"--concurrency", "0"})) {
            assertThatThrownBy(() -> DemoOptions.parse(args)).as(String.join(" ", args))
                    .isInstanceOf(CommandLine.UsageException.class);
        }
    }

    @Test
    void theMeanLatencyIsSpreadFromAThirdToFiveThirds() {
        DemoOptions options = DemoOptions.defaults();

        assertThat(options.baseLatencyMillis()).isEqualTo(100);
        assertThat(options.jitterMillis()).isEqualTo(400);
        assertThat(new DemoOptions(1, 1, 0, 0, 1).jitterMillis()).isZero();
    }

    // ---- the summary --------------------------------------------------------------------------

    private static Report report(Optional<List<HeddleJmx.RuleCounters>> heddle) {
        TreeMap<String, Long> errors = new TreeMap<>();
        errors.put("RateLimitException", 1L);
        return new Report(40, 17, 8, 1, 17,
                List.of(new Report.ModelUsage("gpt-4o-mini", 10, 200_000, 100_000),
                        new Report.ModelUsage("gpt-4.1-mini", 7, 100_000, 50_000),
                        new Report.ModelUsage("no-such-model", 0, 0, 0)),
                new LatencySummary(new long[] {100, 200, 300, 400}), 12_345, errors, heddle);
    }

    @Test
    void summaryPrintsTheVendorsCountsAndTheirListPrice() {
        String text = print(report(Optional.empty()));

        assertThat(text).contains("  asks:               40 by 8 users, one at a time")
                .contains("  real model calls:   17 requests reached the vendor")
                .containsPattern("gpt-4o-mini +10 requests, +200000 prompt \\+ +100000 completion tokens, \\$0\\.090000")
                .containsPattern("gpt-4\\.1-mini +7 requests, +100000 prompt \\+ +50000 completion tokens, \\$0\\.120000")
                .contains("no list price")
                .contains("  tokens:             300000 prompt + 150000 completion")
                .contains("  cost:               $0.210000 at list price ($5250.00 per million asks like these)")
                .contains("  latency:            p50 200 ms, p95 400 ms")
                .contains("  wall time:          12.3 s")
                .contains("  errors seen by app: 1 {RateLimitException=1}")
                .contains("gpt-4o-mini 0.15/0.60, gpt-4.1-mini 0.40/1.60")
                .contains("Heddle: not attached");
    }

    @Test
    void summaryPrintsWhatHeddleSaysWhenItIsAttached() {
        String text = print(report(Optional.of(List.of(
                new HeddleJmx.RuleCounters("openai", 14, 10, 500, 600, 0.0004, 700, 800, 0.0005),
                new HeddleJmx.RuleCounters("langchain4j", 9, 7, 300, 400, 0.0006, 350, 450, 0.0009)))));

        assertThat(text).contains("Heddle says (JMX MBean dev.heddle:type=Heddle)")
                .containsPattern("rule openai +14 cache hits, +10 misses; saved +700 prompt \\+ +800 completion tokens, \\$0\\.000500")
                .containsPattern("rule langchain4j +9 cache hits, +7 misses; saved +350 prompt \\+ +450 completion tokens, \\$0\\.000900")
                .contains("in all: 23 cache hits, 2300 tokens and $0.001400 saved")
                .doesNotContain("not attached");
    }

    // ---- a whole run, against the in-process mock vendor with no latency -----------------------

    @Test
    void withoutTheAgentEveryAskReachesTheVendor() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        Report report = DemoApp.run(new DemoOptions(12, 42, 0, 0, 1), new PrintStream(bytes, true, StandardCharsets.UTF_8));

        String output = bytes.toString(StandardCharsets.UTF_8);
        assertThat(report.vendorRequests()).as(output).isEqualTo(12);
        assertThat(report.errorCount()).as(output).isZero();
        assertThat(report.models()).extracting(Report.ModelUsage::requests).containsExactly(
                Workload.generate(12, 42).stream().filter(ask -> ask.feature() == Feature.SUPPORT).count(),
                Workload.generate(12, 42).stream().filter(ask -> ask.feature() == Feature.DOCS).count());
        assertThat(report.models()).allSatisfy(usage -> assertThat(usage.promptTokens()).isPositive());
        assertThat(output.lines().findFirst().orElseThrow())
                .startsWith("Asking 12 questions (" + Workload.distinctRequests(Workload.generate(12, 42)) + " distinct) ");
        assertThat(output.lines().filter(line -> line.startsWith("ask "))).hasSize(12);
        assertThat(output).contains("real model calls:   12 ").contains("Heddle: not attached");
    }

    @Test
    void printsWhatItsUsersDidWhichWithoutTheAgentNoVariantChanges() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        DemoApp.run(new DemoOptions(12, 42, 0, 0, 1), new PrintStream(bytes, true, StandardCharsets.UTF_8));

        List<Workload.Visit> visits = Workload.visits(12, 42);
        long visitors = visits.stream().map(Workload.Visit::user).distinct().count();
        long queried = Workload.asks(visits).stream().map(Workload.Ask::user).distinct().count();
        long positive = visits.stream()
                .filter(visit -> visit.rating(Optional.empty()).filter(Workload.Rating.POSITIVE::equals).isPresent())
                .map(Workload.Visit::user).distinct().count();
        String output = bytes.toString(StandardCharsets.UTF_8);
        assertThat(output.lines()).as(output)
                .contains("funnel: visitors=" + visitors + ", queried=" + queried + ", positive=" + positive);
        assertThat(output).contains("experiment answer-style: no variants");
        assertThat(output.lines().findFirst().orElseThrow()).contains(" from " + queried + " users ");
    }

    @Test
    void concurrentAsksAllReachTheVendor() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        Report report = DemoApp.run(new DemoOptions(16, 3, 0, 0, 4), new PrintStream(bytes, true, StandardCharsets.UTF_8));

        assertThat(report.vendorRequests()).as(bytes::toString).isEqualTo(16);
        assertThat(report.errorCount()).isZero();
        assertThat(bytes.toString(StandardCharsets.UTF_8).lines().filter(line -> line.startsWith("ask "))).hasSize(16);
    }

    @Test
    void vendorErrorsAreCountedNeverThrown() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        Report report = DemoApp.run(new DemoOptions(10, 42, 0, 1.0, 2), new PrintStream(bytes, true, StandardCharsets.UTF_8));

        String output = bytes.toString(StandardCharsets.UTF_8);
        assertThat(report.errorCount()).as(output).isEqualTo(10);
        assertThat(report.vendorRequests()).isEqualTo(10);
        assertThat(output).contains("errors seen by app: 10 {");
        assertThat(output.lines().filter(line -> line.startsWith("ask ") && line.contains(" error "))).hasSize(10);
    }

    private static String print(Report report) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        report.print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
