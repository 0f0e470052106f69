package dev.heddle.demo;

import dev.heddle.api.Heddle;
import dev.heddle.demo.cli.CommandLine.UsageException;
import dev.heddle.demo.mock.FaultKind;
import dev.heddle.demo.mock.FaultPlan;
import dev.heddle.demo.mock.MockLlmServer;
import dev.heddle.demo.mock.MockSettings;
import dev.heddle.demo.mock.MockStats;
import dev.heddle.demo.workload.WorkloadDemo;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The demo. By default it runs {@link WorkloadDemo}: a one-minute version of the macro benchmark's
 * workload, then a table of the run. With {@code --questions} or {@code --asks N} it is an
 * ordinary app with two LLM features: a support assistant that calls the vendor through the
 * official OpenAI Java SDK, and a documentation assistant that calls it through LangChain4j. Its
 * users visit pages and, in some visits, ask a seeded mix of questions, popular ones again and
 * again, and rate some answers. The vendor is the in-process mock LLM server, with a realistic
 * latency; the summary prints what the vendor counted, then what the app tracked.
 *
 * <pre>
 * java -jar demo-app/target/heddle-demo-app.jar [--duration D] [--seed N]
 * java -jar demo-app/target/heddle-demo-app.jar --questions [--asks N] [--seed N] [--latency-ms N] [--error-rate P] [--concurrency N]
 * java -javaagent:agent/target/heddle-agent.jar=config=demo-app/heddle.yaml -jar demo-app/target/heddle-demo-app.jar
 * </pre>
 *
 * <p>The app's LLM calls know nothing of Heddle. Without the agent every ask reaches the vendor;
 * with it (and {@code demo-app/heddle.yaml}), only the first ask of each distinct request does, and
 * the rest are answered at once from the cache. The app reads what the agent says about itself
 * through JMX only, as an operator's tool would. It uses Heddle's public API ({@code Heddle.runAs},
 * {@code track}, {@code feedback}, {@code variant}) only for product analytics: page views,
 * questions and ratings, each attributed to its user, and the user's variant of the
 * {@value Experiment#NAME} experiment; without the agent these calls do nothing.
 */
public final class DemoApp {

    /** The API key the SDKs send; the mock vendor checks none. */
    static final String FAKE_API_KEY = "sk-demo-not-a-real-key";

    private static final int MAX_QUESTION_WIDTH = 60;

    private DemoApp() {
    }

    /**
     * Runs the demo and exits.
     *
     * @param args the flags; see {@code --help}
     */
    public static void main(String[] args) throws Exception {
        if (DemoOptions.questionsMode(args)) {
            DemoOptions options = parsedOrExit(DemoOptions::parseQuestions, args);
            if (options == null) return;
            run(options, System.out);
        } else {
            // the default mode: the one-minute workload (WorkloadDemo), then its table
            WorkloadDemo.Options options = parsedOrExit(DemoOptions::parseWorkload, args);
            if (options == null) return;
            WorkloadDemo.run(options, System.out);
        }
        System.out.flush();
        System.exit(0); // the SDKs' HTTP clients keep non-daemon threads alive for a while
    }

    /** Reads a mode's flags: on a bad command line says why and exits with 2; for {@code --help} prints the usage and gives null. */
    private static <T> T parsedOrExit(Parser<T> parser, String[] args) {
        try {
            T options = parser.parse(args);
            if (options == null) System.out.println(DemoOptions.USAGE);
            return options;
        } catch (UsageException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println(DemoOptions.USAGE);
            System.exit(2);
            return null;
        }
    }

    /** The flags of one of the demo's modes. */
    @FunctionalInterface
    private interface Parser<T> {
        T parse(String... args) throws UsageException;
    }

    /** What one ask got. */
    private record Outcome(long millis, Throwable error) {
    }

    /**
     * Starts the mock vendor, runs the workload's visits, prints one line per ask, the summary and
     * what the app tracked.
     *
     * @param options the command line
     * @param out where to print
     * @return the summary that was printed
     */
    static Report run(DemoOptions options, PrintStream out) {
        List<Workload.Visit> visits = Workload.visits(options.asks(), options.seed());
        List<Workload.Ask> asks = Workload.asks(visits);
        Set<String> askers = new TreeSet<>();
        asks.forEach(ask -> askers.add(ask.user()));
        // The variants are asked for before the run, to announce how many distinct requests the vendor
        // should see (a variant may change the model); this records each asker's exposure now.
        Map<String, String> variants = Experiment.variantsOf(askers);
        MockSettings settings = MockSettings.defaults()
                .withLatencyMillis(options.baseLatencyMillis())
                .withJitterMillis(options.jitterMillis())
                .withSeed(options.seed())
                .withFaults(FaultPlan.builder()
                        .rate(FaultKind.RATE_LIMIT, options.errorRate() / 2)
                        .rate(FaultKind.SERVER_ERROR, options.errorRate() / 2)
                        .build());
        long distinct = Workload.distinctRequests(asks, variants);
        try (MockLlmServer vendor = MockLlmServer.start(settings)) {
            out.printf(Locale.ROOT, "Asking %d questions (%d distinct) from %d users through %s%n", asks.size(),
                    distinct, askers.size(), features());
            out.printf(Locale.ROOT, "in %d page visits by %d users (%d visits without a question)%n", visits.size(),
                    visits.stream().map(Workload.Visit::user).distinct().count(), visits.size() - asks.size());
            out.printf(Locale.ROOT, "Mock LLM vendor at %s/v1: latency %d to %d ms, error rate %s, seed %d%n%n",
                    vendor.baseUrl(), options.baseLatencyMillis(), options.baseLatencyMillis() + options.jitterMillis(),
                    percent(options.errorRate()), options.seed());
            Map<Feature, Assistant> assistants = new EnumMap<>(Feature.class);
            try {
                for (Feature feature : Feature.values()) {
                    assistants.put(feature, Assistant.of(feature, vendor.baseUrl()));
                }
                Outcome[] outcomes = new Outcome[asks.size()];
                Map<Integer, Workload.Rating> ratings = new ConcurrentHashMap<>();
                long start = System.nanoTime();
                visitAll(visits, options.concurrency(), visit -> visit(visit, assistants, outcomes, ratings, out));
                long wallMillis = (System.nanoTime() - start) / 1_000_000;
                Report report = report(options, asks.size(), distinct, askers.size(), outcomes, wallMillis, vendor.stats());
                report.print(out);
                Engagement.of(visits, ratings, variants).print(out);
                return report;
            } finally {
                assistants.values().forEach(Assistant::close);
            }
        }
    }

    private static void visitAll(List<Workload.Visit> visits, int concurrency, Consumer<Workload.Visit> visitor) {
        if (concurrency == 1) {
            visits.forEach(visitor);
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        try {
            for (Workload.Visit visit : visits) {
                pool.execute(() -> visitor.accept(visit));
            }
        } finally {
            pool.shutdown();
        }
        try {
            while (!pool.awaitTermination(1, TimeUnit.MINUTES)) {
                // the SDK timeouts end every ask; keep waiting
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pool.shutdownNow();
        }
    }

    /**
     * One visit, as its user: a page view, and in some visits a question, the answer and a rating.
     * Heddle attributes the events and the model call to the user of {@code Heddle.runAs}; without
     * the agent the tracking calls do nothing.
     */
    private static void visit(Workload.Visit visit, Map<Feature, Assistant> assistants, Outcome[] outcomes,
            Map<Integer, Workload.Rating> ratings, PrintStream out) {
        Heddle.runAs(visit.user(), () -> {
            Heddle.track("page_view", Map.of("page", visit.page()));
            visit.ask().ifPresent(ask -> {
                Heddle.track("query_submitted", Map.of("feature", ask.feature().label(),
                        "question_length", ask.question().length()));
                Outcome outcome = ask(ask, assistants.get(ask.feature()), out);
                outcomes[ask.number() - 1] = outcome;
                if (outcome.error() == null) {
                    visit.rating(Heddle.variant(Experiment.NAME)).ifPresent(rating -> {
                        Heddle.feedback("user_rating", rating.score(), rating.label());
                        ratings.put(visit.number(), rating);
                    });
                }
            });
        });
    }

    /** Asks one question; an error is printed and returned, never thrown. */
    private static Outcome ask(Workload.Ask ask, Assistant assistant, PrintStream out) {
        long start = System.nanoTime();
        Throwable error = null;
        try {
            assistant.ask(ask.user(), ask.question());
        } catch (RuntimeException e) {
            error = e;
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        String what = error == null ? shorten(ask.question())
                : "error " + error.getClass().getSimpleName() + ": " + shorten(String.valueOf(error.getMessage()));
        synchronized (out) {
            out.printf(Locale.ROOT, "ask %3d  %-6s %-8s %-12s %-13s %5d ms  %s%n", ask.number(), ask.user(),
                    ask.feature().label(), ask.feature().sdk(), ask.feature().model(), millis, what);
        }
        return new Outcome(millis, error);
    }

    private static Report report(DemoOptions options, int asks, long distinct, int users, Outcome[] outcomes,
            long wallMillis, MockStats stats) {
        long[] latencies = new long[outcomes.length];
        List<Throwable> errors = new ArrayList<>();
        for (int i = 0; i < outcomes.length; i++) {
            Outcome outcome = outcomes[i];
            if (outcome == null) { // only if interrupted
                errors.add(new InterruptedException("not asked"));
                continue;
            }
            latencies[i] = outcome.millis();
            if (outcome.error() != null) {
                errors.add(outcome.error());
            }
        }
        List<Report.ModelUsage> models = new ArrayList<>();
        Set<String> modelNames = new LinkedHashSet<>();
        for (Feature feature : Feature.values()) {
            modelNames.add(feature.model());
        }
        modelNames.addAll(new TreeSet<>(stats.requestsByModel().keySet())); // a variant's model, with the agent
        for (String model : modelNames) {
            models.add(new Report.ModelUsage(model, stats.requestsForModel(model), stats.promptTokens(model),
                    stats.completionTokens(model)));
        }
        return new Report(asks, distinct, users, options.concurrency(),
                stats.requests(), models, new LatencySummary(latencies), wallMillis, Report.countByType(errors),
                HeddleJmx.read());
    }

    private static String features() {
        List<String> names = new ArrayList<>();
        for (Feature feature : Feature.values()) {
            names.add(feature.sdk() + " (" + feature.label() + ", " + feature.model() + ")");
        }
        return String.join(" and ", names);
    }

    private static String percent(double rate) {
        return String.format(Locale.ROOT, "%.4g", rate * 100).replaceAll("\\.?0+$", "") + "%";
    }

    private static String shorten(String text) {
        String line = text.replace('\n', ' ');
        return line.length() <= MAX_QUESTION_WIDTH ? line : line.substring(0, MAX_QUESTION_WIDTH - 3) + "...";
    }
}
