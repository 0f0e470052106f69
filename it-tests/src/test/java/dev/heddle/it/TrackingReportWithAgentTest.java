package dev.heddle.it;

import static dev.heddle.it.harness.ChildAssertions.assertSucceeded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.heddle.it.harness.ChildResult;
import dev.heddle.it.harness.ConfigFiles;
import dev.heddle.it.harness.ItFiles;
import dev.heddle.it.harness.Jdk;
import dev.heddle.it.harness.OnEveryJdk;
import dev.heddle.it.harness.ResultsPerJdk;
import dev.heddle.it.harness.TestApps;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo app, run with the agent and a copy of {@code demo-app/heddle.yaml} whose
 * {@code analytics.directory} is a temporary folder, tracks its users' page views, questions and
 * ratings and is split by the {@code answer-style} experiment; it prints what its users did (its
 * ground truth). The report command, run on the events as a user runs it
 * ({@code java -jar heddle-agent.jar report <dir> ...}), tells the same: the funnel's users per step,
 * each variant's exposed and converted users, a user's journey, the models that cost money. Skipped
 * when the demo jar has not been built.
 */
class TrackingReportWithAgentTest {

    private static final int ASKS = 40;
    private static final String EXPERIMENT = "answer-style";
    private static final String POSITIVE = "gen_ai.evaluation.result[gen_ai.evaluation.score.label=positive]";
    private static final List<String> FUNNEL_STEPS = List.of("page_view", "query_submitted", POSITIVE);
    private static final String FUNNEL = String.join(",", FUNNEL_STEPS);

    private static final Pattern TRUTH_FUNNEL = Pattern.compile("(?m)^funnel: visitors=(\\d+), queried=(\\d+), positive=(\\d+)$");
    private static final Pattern TRUTH_VARIANT =
            Pattern.compile("(?m)^experiment " + EXPERIMENT + ": variant=(\\S+), exposed=(\\d+), positive=(\\d+)$");
    private static final Pattern ASK_LINE = Pattern.compile("(?m)^ask +\\d+ +(\\S+) ");
    private static final Pattern VENDOR_MODEL = Pattern.compile("(?m)^ {4}(\\S+) +(\\d+) requests,");
    private static final Pattern FUNNEL_STEP = Pattern.compile("(?m)^(\\d)\\. (\\S+) +(\\d+) ");
    private static final Pattern VARIANT_ROW = Pattern.compile("(?m)^(\\S+) +\\d+\\.\\d% +(\\d+) +(\\d+) ");
    private static final Pattern JOURNEY_ROW = Pattern.compile("^(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3}) +(\\S+)");

    @TempDir
    static Path workDir;

    private static final ResultsPerJdk DEMO = new ResultsPerJdk(TrackingReportWithAgentTest::runDemo);

    @OnEveryJdk
    void everyModelCallIsAnLlmCallEventWithItsUserRuleModelCacheAndLatency(Jdk jdk) {
        ChildResult demo = DEMO.on(jdk);

        List<JsonNode> calls = events(jdk).stream().filter(event -> event.path("event").asText().equals("llm_call")).toList();

        assertThat(calls).as(demo::describe).hasSize(ASKS).allSatisfy(call -> {
            assertThat(call.has("user") && call.has("rule") && call.has("model") && call.has("cache") && call.has("latency_ms"))
                    .as(call.toString()).isTrue();
            assertThat(call.path("rule").asText()).as(call.toString()).isIn("openai", "langchain4j");
            assertThat(call.path("cache").asText()).as(call.toString()).isIn("miss", "hit");
            assertThat(call.path("latency_ms").isNumber()).as(call.toString()).isTrue();
        });
        assertThat(calls).extracting(call -> call.path("user").asText()).containsExactlyElementsOf(askers(demo));
    }

    @OnEveryJdk
    void theFunnelCountsTheUsersTheDemoSaysVisitedAskedAndRatedPositive(Jdk jdk) {
        ChildResult demo = DEMO.on(jdk);
        Matcher truth = find(TRUTH_FUNNEL, demo);
        List<Long> expected = List.of(Long.parseLong(truth.group(1)), Long.parseLong(truth.group(2)), Long.parseLong(truth.group(3)));

        ChildResult report = report(jdk, "--funnel", FUNNEL);

        List<String> names = new ArrayList<>();
        List<Long> users = new ArrayList<>();
        Matcher step = FUNNEL_STEP.matcher(report.stdout());
        while (step.find()) {
            names.add(step.group(2));
            users.add(Long.parseLong(step.group(3)));
        }
        assertThat(names).as(report::describe).containsExactlyElementsOf(FUNNEL_STEPS);
        assertThat(users).as(report::describe).containsExactlyElementsOf(expected);
        assertThat(expected).as("some visitors never ask, some askers never rate positive: " + demo.describe())
                .isSortedAccordingTo((a, b) -> Long.compare(b, a)).doesNotHaveDuplicates().doesNotContain(0L);
    }

    @OnEveryJdk
    void aUsersJourneyListsTheirPageViewQuestionCallAndRatingInTimeOrder(Jdk jdk) {
        ChildResult demo = DEMO.on(jdk);
        String user = askers(demo).get(0);
        long asked = askers(demo).stream().filter(user::equals).count();

        ChildResult report = report(jdk, "--user", user);

        List<String> times = new ArrayList<>();
        List<String> events = new ArrayList<>();
        report.stdout().lines().map(JOURNEY_ROW::matcher).filter(Matcher::find).forEach(row -> {
            times.add(row.group(1));
            events.add(row.group(2));
        });
        assertThat(report.stdout()).as(report::describe).contains("JOURNEY of " + user + " (" + events.size() + " events)");
        assertThat(times).as(report::describe).isSorted();
        assertThat(events).as(report::describe).filteredOn("query_submitted"::equals).hasSize((int) asked);
        assertThat(events).as(report::describe).filteredOn("llm_call"::equals).hasSize((int) asked);
        int query = events.indexOf("query_submitted");
        assertThat(events.subList(0, query)).as(report::describe).contains("page_view");
        assertThat(events.subList(query, events.size())).as(report::describe).startsWith("query_submitted", "llm_call");
        int rating = events.indexOf("gen_ai.evaluation.result");
        if (rating >= 0) {
            assertThat(rating).as("a rating follows the answer it rates: " + report.describe()).isGreaterThan(query + 1);
        }
    }

    @OnEveryJdk
    void theExperimentCountsEachVariantsExposedUsersAndConversionsAsTheDemoDid(Jdk jdk) {
        ChildResult demo = DEMO.on(jdk);
        Map<String, List<Long>> expected = new TreeMap<>();
        Matcher truth = TRUTH_VARIANT.matcher(demo.stdout());
        while (truth.find()) {
            expected.put(truth.group(1), List.of(Long.parseLong(truth.group(2)), Long.parseLong(truth.group(3))));
        }
        assertThat(expected).as(demo::describe).containsOnlyKeys("control", "concise");

        ChildResult report = report(jdk, "--experiment", EXPERIMENT, "--conversion", POSITIVE);

        String text = report.stdout();
        Map<String, List<Long>> variants = new TreeMap<>();
        Matcher row = VARIANT_ROW.matcher(text.substring(text.indexOf("EXPERIMENT " + EXPERIMENT)));
        while (row.find() && variants.size() < expected.size()) {
            variants.put(row.group(1), List.of(Long.parseLong(row.group(2)), Long.parseLong(row.group(3))));
        }
        assertThat(variants).as(report::describe).isEqualTo(expected);
        assertThat(text).as(report::describe).contains("p-value").containsPattern("(?m)^concise .* \\d\\.\\d+(e-\\d+)? +\\d+\\.\\d%$")
                .containsPattern("(?m)^sample ratio: \\d+ / \\d+ users for weights 50\\.0% / 50\\.0%: chi2 = [\\d.]+, p = \\S+: ok$");
    }

    @OnEveryJdk
    void costByModelListsEveryModelTheVendorAnsweredForBothVariants(Jdk jdk) {
        ChildResult demo = DEMO.on(jdk);
        TreeSet<String> vendorModels = new TreeSet<>();
        Matcher model = VENDOR_MODEL.matcher(demo.stdout());
        while (model.find()) {
            if (Long.parseLong(model.group(2)) > 0) vendorModels.add(model.group(1));
        }
        assertThat(vendorModels).as("the control's model and the concise variant's: " + demo.describe())
                .contains("gpt-4o-mini", "gpt-4.1-nano");

        ChildResult report = report(jdk);

        String text = report.stdout();
        String costByModel = text.substring(text.indexOf("COST BY MODEL"), text.indexOf("COST BY DAY"));
        TreeSet<String> reportModels = new TreeSet<>();
        costByModel.lines().skip(2).map(line -> line.split(" +")[0]).filter(name -> !name.isEmpty() && !name.equals("total"))
                .forEach(reportModels::add);
        assertThat(reportModels).as(report::describe).isEqualTo(vendorModels);
        assertThat(costByModel).as(report::describe).containsPattern("(?m)^total +" + ASKS + " ");
    }

    @OnEveryJdk
    void theHtmlReportIsOneSelfContainedPageWithCharts(Jdk jdk) throws IOException {
        DEMO.on(jdk);
        Path html = runDir(jdk).resolve("report.html");

        ChildResult report = report(jdk, "--funnel", FUNNEL, "--experiment", EXPERIMENT, "--html", html.toString());

        assertThat(report.stdout()).as(report::describe).contains("HTML report: " + html);
        String page = Files.readString(html, StandardCharsets.UTF_8);
        assertThat(page).startsWith("<!DOCTYPE html>").contains("<svg").contains(EXPERIMENT).contains("query_submitted")
                .endsWith("</html>\n");
        assertThat(page).as("loads nothing and runs nothing").doesNotContain("<script", "<link", "src=", "@import", "url(");
    }

    /** Runs the demo with the agent in the JDK's own folder; its events go to {@code events/} there. */
    private static ChildResult runDemo(Jdk jdk) {
        Path demoJar = ItFiles.demoAppJar();
        assumeTrue(Files.isRegularFile(demoJar), "demo app not built: mvn -q package -DskipTests -pl annotations,demo-app");
        Path dir = runDir(jdk);
        try {
            Files.createDirectories(dir);
            String yaml = Files.readString(ItFiles.repoRoot().resolve("demo-app/heddle.yaml"), StandardCharsets.UTF_8);
            String copy = yaml.replace("analytics: { directory: heddle-events }",
                    "analytics: { directory: '" + eventsDir(jdk) + "' }");
            assertThat(copy).as("demo-app/heddle.yaml writes its events with: analytics: { directory: heddle-events }")
                    .isNotEqualTo(yaml);
            Path config = ConfigFiles.write(dir, "heddle.yaml", copy);
            return assertSucceeded(TestApps.light(jdk, dir)
                    .executableJar(demoJar)
                    .javaagent(ItFiles.agentJar(), TestApps.configArg(config))
                    .args("--asks", Integer.toString(ASKS), "--latency-ms", "0")
                    .run());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code java -jar heddle-agent.jar report <events> args...}, which must succeed. */
    private static ChildResult report(Jdk jdk, String... args) {
        List<String> command = new ArrayList<>(List.of("report", eventsDir(jdk).toString()));
        command.addAll(List.of(args));
        return assertSucceeded(TestApps.light(jdk, runDir(jdk)).noJavaagent().executableJar(ItFiles.agentJar())
                .args(command.toArray(String[]::new))
                .run());
    }

    /** The analytics events the demo wrote on a JDK, in file and line order. */
    private static List<JsonNode> events(Jdk jdk) {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> events = new ArrayList<>();
        try (Stream<Path> files = Files.list(eventsDir(jdk))) {
            for (Path file : files.filter(file -> file.toString().endsWith(".jsonl")).sorted().toList()) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    events.add(json.readTree(line));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return events;
    }

    /** The user of each ask the demo printed, in order. */
    private static List<String> askers(ChildResult demo) {
        List<String> users = new ArrayList<>();
        Matcher ask = ASK_LINE.matcher(demo.stdout());
        while (ask.find()) {
            users.add(ask.group(1));
        }
        assertThat(users).as(demo::describe).hasSize(ASKS);
        return users;
    }

    private static Path runDir(Jdk jdk) {
        return workDir.resolve("jdk-" + jdk.major());
    }

    private static Path eventsDir(Jdk jdk) {
        return runDir(jdk).resolve("events");
    }

    private static Matcher find(Pattern pattern, ChildResult result) {
        Matcher matcher = pattern.matcher(result.stdout());
        assertThat(matcher.find()).as(() -> "no match for " + pattern + "\n" + result.describe()).isTrue();
        return matcher;
    }
}
