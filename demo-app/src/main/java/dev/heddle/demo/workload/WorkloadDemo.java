package dev.heddle.demo.workload;

import com.openai.client.OpenAIClient;
import dev.heddle.demo.ListPrices;
import dev.heddle.demo.mock.FaultKind;
import dev.heddle.demo.mock.FaultPlan;
import dev.heddle.demo.mock.FaultSchedule;
import dev.heddle.demo.mock.LatencyModel;
import dev.heddle.demo.mock.MockLlmServer;
import dev.heddle.demo.mock.MockSettings;
import dev.heddle.demo.mock.MockStats;
import dev.heddle.demo.workload.ReplayResult.CacheResult;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The demo's default mode: a one-minute version of the macro benchmark's workload
 * ({@link WorkloadSpec#demo()} on the bundled question pool), replayed in this JVM through the OpenAI
 * Java SDK against the in-process mock vendor, with a lognormal latency and a fault schedule scaled
 * to the run (5% background errors, a 429 storm, an outage). It prints the macro report's rows that
 * make sense for one run, from the same {@link RunSummary}; run it with and without the agent to
 * compare.
 */
public final class WorkloadDemo {

    /** The vendor's latency, the macro benchmark's: median 700 ms, a long tail, at most 8 s. */
    static final LatencyModel LATENCY = LatencyModel.lognormal(700, 0.6, 8_000);

    /**
     * The workload demo's command line.
     *
     * @param duration how long the workload lasts; the requests are {@link WorkloadSpec#demo()}'s rate times it
     * @param seed the seed of the workload and of the vendor
     */
    public record Options(Duration duration, long seed) {

        /** @return {@link WorkloadSpec#demo()}'s duration and seed */
        public static Options defaults() {
            WorkloadSpec demo = WorkloadSpec.demo();
            return new Options(demo.duration(), demo.seed());
        }

        /** @return the demo's spec with this duration (the rate kept) and seed */
        public WorkloadSpec spec() {
            WorkloadSpec demo = WorkloadSpec.demo();
            int requests = (int) Math.max(1, Math.round(demo.requests() * (double) duration.toMillis() / demo.duration().toMillis()));
            return new WorkloadSpec(seed, demo.users(), requests, duration, demo.repeatShare(), demo.paraphraseShare());
        }
    }

    private WorkloadDemo() {
    }

    /**
     * Runs the workload once and prints what it got.
     *
     * @param options the duration and the seed
     * @param out where to print
     * @return the run's numbers, as printed
     */
    public static RunSummary run(Options options, PrintStream out) throws IOException, InterruptedException {
        WorkloadSpec spec = options.spec();
        List<PlannedRequest> plan = WorkloadGenerator.generate(spec, QuestionPool.bundled());
        boolean agent = isAgentAttached();
        MockSettings settings = MockSettings.defaults().withLatency(LATENCY).withSeed(options.seed()).withThreads(256);
        try (MockLlmServer vendor = MockLlmServer.start(settings)) {
            OpenAIClient client = WorkloadReplay.client(vendor.baseUrl());
            try {
                out.printf(Locale.ROOT, "Replaying %d requests from %d users over %d s (%.0f%% repeats, %.0f%% paraphrases),"
                        + " through openai-java, %s%n", spec.requests(), spec.users(), spec.duration().toSeconds(),
                        spec.repeatShare() * 100, spec.paraphraseShare() * 100, agent ? "with the Heddle agent" : "without Heddle");
                out.printf(Locale.ROOT, "Mock LLM vendor at %s/v1: latency lognormal, median 700 ms; faults: %s%n",
                        vendor.baseUrl(), String.join("; ", faultLines(spec.duration())));
                WorkloadReplay replay = new WorkloadReplay(client, AnswerFamilies.of(plan));
                replay.warmUp(plan.get(0));
                vendor.stats().reset();
                vendor.schedule(faults(spec.duration()));
                Map<String, Long> facts = new LinkedHashMap<>();
                List<ReplayResult> results = replay.run(plan, System.currentTimeMillis(), ReplayOptions.DEFAULT_THREADS, facts);
                facts.putAll(WorkloadReplay.agentCounters());
                MockStats stats = vendor.stats();
                Upstream upstream = new Upstream(stats.requests(MockLlmServer.CHAT_COMPLETIONS), stats.answered(), stats.faulted(),
                        stats.promptTokensByModel(), stats.completionTokensByModel());
                RunSummary summary = new RunSummary("demo", agent ? "with Heddle" : "without Heddle", 1, results,
                        List.of(facts), upstream, upstream.costUsd(WorkloadDemo::listPrice));
                out.println();
                out.print(table(summary));
                if (!agent) {
                    out.println("\nHeddle: not attached. Run it again with "
                            + "-javaagent:agent/target/heddle-agent.jar=config=demo-app/heddle.yaml to compare.");
                }
                return summary;
            } finally {
                client.close();
            }
        }
    }

    /**
     * The fault schedule, scaled to the run: 5% background errors throughout (3% HTTP 500, 1% 503, 1%
     * dropped connections); from a quarter of the run, a 429 storm of a sixth of it (10 s of a minute:
     * half the requests answered 429, Retry-After 2 s); from 60% of it, an outage of a tenth of it (6 s
     * of a minute: every request 503).
     *
     * @param duration the run's length
     * @return the schedule, timed from when the vendor gets it
     */
    static FaultSchedule faults(Duration duration) {
        long millis = duration.toMillis();
        FaultPlan background = FaultPlan.builder().rate(FaultKind.SERVER_ERROR, 0.03).rate(FaultKind.UNAVAILABLE, 0.01)
                .rate(FaultKind.DROP, 0.01).build();
        FaultPlan storm = FaultPlan.builder().rate(FaultKind.RATE_LIMIT, 0.5).rate(FaultKind.SERVER_ERROR, 0.03)
                .rate(FaultKind.UNAVAILABLE, 0.01).rate(FaultKind.DROP, 0.01).retryAfterSeconds(2).build();
        FaultPlan outage = FaultPlan.builder().rate(FaultKind.UNAVAILABLE, 1.0).build();
        return FaultSchedule.builder().background(background)
                .phase("429-storm", Duration.ofMillis(millis / 4), Duration.ofMillis(millis / 4 + millis / 6), storm)
                .phase("outage", Duration.ofMillis(millis * 3 / 5), Duration.ofMillis(millis * 3 / 5 + millis / 10), outage)
                .build();
    }

    private static List<String> faultLines(Duration duration) {
        double seconds = duration.toMillis() / 1000.0;
        return List.of("5% errors throughout",
                String.format(Locale.ROOT, "429 storm %.0f-%.0f s", seconds / 4, seconds / 4 + seconds / 6),
                String.format(Locale.ROOT, "outage %.0f-%.0f s", seconds * 3 / 5, seconds * 3 / 5 + seconds / 10));
    }

    private record Row(String name, Function<RunSummary, String> value) {
    }

    /** The rows of the macro report that make sense for one run in one JVM. */
    private static final List<Row> ROWS = List.of(
            new Row("calls the app made", run -> Integer.toString(run.calls())),
            new Row("upstream requests (vendor's count)", run -> Long.toString(run.upstream().requests())),
            new Row("tokens (vendor's count)", run -> String.format(Locale.ROOT, "%,d", run.upstream().tokens())),
            new Row("cost at list price", run -> String.format(Locale.ROOT, "$%.4f", run.costUsd())),
            new Row("cache hit rate", run -> percent(run.hitRate())),
            new Row("exact hits", run -> run.count(CacheResult.EXACT) + " (" + percent(run.exactHitRate()) + ")"),
            new Row("semantic hits", run -> run.count(CacheResult.SEMANTIC) + " (" + percent(run.semanticHitRate()) + ")"),
            new Row("wrong semantic hits (% of semantic hits)",
                    run -> run.wrongSemanticHits() + " (" + percent(run.wrongSemanticShare()) + ")"),
            new Row("latency p50 (answered calls)", run -> millis(run.latencyMillis(50))),
            new Row("latency p95 (answered calls)", run -> millis(run.latencyMillis(95))),
            new Row("latency p99 (answered calls)", run -> millis(run.latencyMillis(99))),
            new Row("hit latency p50 / p99", run -> millis(run.anyHitLatencyMillis(50)) + " / " + millis(run.anyHitLatencyMillis(99))),
            new Row("errors the app saw", run -> Long.toString(run.errors())),
            new Row("stale cache answers (fallback)", run -> Long.toString(run.count(ReplayResult.Outcome.STALE))),
            new Row("quota refusals", run -> Long.toString(run.quotaRejections())),
            new Row("answered by the model or the cache", run -> percent(run.succeededShare())),
            new Row("Heddle: retries / circuit opened", run -> run.agentCounter("retries") + " / " + run.agentCounter("circuitOpened")));

    /**
     * @param run one run
     * @return its table, two columns, plain text
     */
    static String table(RunSummary run) {
        int width = ROWS.stream().mapToInt(row -> row.name().length()).max().orElse(0);
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "%-" + width + "s  %s%n", "", run.title()));
        for (Row row : ROWS) {
            text.append(String.format(Locale.ROOT, "%-" + width + "s  %s%n", row.name(), row.value().apply(run)));
        }
        return text.toString();
    }

    private static double listPrice(String model, long promptTokens, long completionTokens) {
        return ListPrices.of(model).map(price -> price.cost(promptTokens, completionTokens)).orElse(0.0);
    }

    private static boolean isAgentAttached() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream().anyMatch(arg -> arg.startsWith("-javaagent:")
                && arg.contains("heddle"));
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f%%", share * 100);
    }

    private static String millis(double millis) {
        if (Double.isNaN(millis)) return "–";
        return String.format(Locale.ROOT, millis < 10 ? "%.1f ms" : "%.0f ms", millis);
    }
}
