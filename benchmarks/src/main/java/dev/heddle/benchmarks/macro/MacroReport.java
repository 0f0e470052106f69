package dev.heddle.benchmarks.macro;

import static dev.heddle.benchmarks.macro.Bar.millis;
import static dev.heddle.benchmarks.macro.Bar.percent;
import static dev.heddle.benchmarks.macro.Bar.precise;

import dev.heddle.demo.workload.ReplayResult.CacheResult;
import dev.heddle.demo.workload.ReplayResult.Outcome;
import dev.heddle.demo.workload.RunSummary.Window;
import dev.heddle.demo.workload.RunSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Writes {@code docs/benchmarks/macro.md}: the machine and the command, the workload, a table of
 * every run's numbers with their ratios to the run without the agent, and the bar judged
 * for each run with the agent.
 */
public final class MacroReport {

    /**
     * What the report says about how the runs were made.
     *
     * @param date when, UTC
     * @param command the command that made it
     * @param machine the machine, a line per fact
     * @param cores the machine's cores
     * @param workload the workload, a line per fact
     * @param vendor the mock vendor's latency and fault schedule, a line per fact
     * @param faultWindows the fault phases, by planned time
     * @param config the agent's configuration of run (b)
     * @param notes lines added at the end (load average, a run that was skipped and why)
     */
    public record Setup(String date, String command, List<String> machine, int cores, List<String> workload, List<String> vendor,
            List<Window> faultWindows, String config, List<String> notes) {
    }

    private record Metric(String name, Function<RunSummary, String> value, ToDoubleFunction<RunSummary> ratioOf) {
    }

    private static final List<Metric> METRICS = List.of(
            new Metric("calls the app made", run -> Integer.toString(run.calls()), null),
            new Metric("upstream requests (vendor's count)", run -> Long.toString(run.upstream().requests()),
                    run -> run.upstream().requests()),
            new Metric("tokens (vendor's count)", run -> String.format(Locale.ROOT, "%,d", run.upstream().tokens()),
                    run -> run.upstream().tokens()),
            new Metric("cost at list price", run -> String.format(Locale.ROOT, "$%.4f", run.costUsd()), RunSummary::costUsd),
            new Metric("cost per call answered by the model or the cache",
                    run -> String.format(Locale.ROOT, "$%.6f", run.costPerAnsweredCall()), RunSummary::costPerAnsweredCall),
            new Metric("cache hit rate", run -> percent(run.hitRate()), null),
            new Metric("exact hits", run -> run.count(CacheResult.EXACT) + " (" + percent(run.exactHitRate()) + ")", null),
            new Metric("semantic hits", run -> run.count(CacheResult.SEMANTIC) + " (" + percent(run.semanticHitRate()) + ")", null),
            new Metric("wrong semantic hits (% of semantic hits)",
                    run -> run.wrongSemanticHits() + " (" + percent(run.wrongSemanticShare()) + ")", null),
            new Metric("latency p50 (answered calls)", run -> millis(run.latencyMillis(50)), run -> run.latencyMillis(50)),
            new Metric("latency p95 (answered calls)", run -> millis(run.latencyMillis(95)), run -> run.latencyMillis(95)),
            new Metric("latency p99 (answered calls)", run -> millis(run.latencyMillis(99)), run -> run.latencyMillis(99)),
            new Metric("latency mean (answered calls)", run -> millis(run.meanLatencyMillis()), RunSummary::meanLatencyMillis),
            new Metric("latency mean (every call, failures included)", run -> millis(run.meanLatencyAllMillis()),
                    RunSummary::meanLatencyAllMillis),
            new Metric("exact hit latency p50 / p99", run -> millis(run.hitLatencyMillis(CacheResult.EXACT, 50)) + " / "
                    + millis(run.hitLatencyMillis(CacheResult.EXACT, 99)), null),
            new Metric("semantic hit latency p50 / p99", run -> millis(run.hitLatencyMillis(CacheResult.SEMANTIC, 50)) + " / "
                    + millis(run.hitLatencyMillis(CacheResult.SEMANTIC, 99)), null),
            new Metric("throughput (calls ended per second)", run -> String.format(Locale.ROOT, "%.1f", run.throughput()), null),
            new Metric("errors the app saw", run -> Long.toString(run.errors()), null),
            new Metric("answers from another model (fallback)", run -> Long.toString(run.count(Outcome.FALLBACK)), null),
            new Metric("stale cache answers (fallback)", run -> Long.toString(run.count(Outcome.STALE)), null),
            new Metric("quota refusals (users refused)", run -> run.quotaRejections() + " (" + run.quotaRejectedUsers() + ")",
                    null),
            new Metric("answered by the model or the cache", run -> precise(run.succeededShare()), null),
            new Metric("answered, fallbacks included", run -> precise(run.answeredShare()), null),
            new Metric("app CPU during the replay (all app JVMs)", run -> String.format(Locale.ROOT, "%.1f s", run.cpuSeconds()),
                    RunSummary::cpuSeconds),
            new Metric("peak heap in use (largest app JVM)", run -> String.format(Locale.ROOT, "%.0f MiB", run.peakHeapMib()),
                    RunSummary::peakHeapMib),
            new Metric("heap kept after a full GC (largest app JVM)",
                    run -> String.format(Locale.ROOT, "%.0f MiB", run.heapAfterGcMib()), RunSummary::heapAfterGcMib),
            new Metric("start lag p99 (how late calls started)", run -> millis(run.startLagMillis(99)), null),
            new Metric("Heddle: retries / circuit opened / calls refused by the open circuit",
                    run -> run.agentCounter("retries") + " / " + run.agentCounter("circuitOpened") + " / "
                            + run.agentCounter("circuitRejections"), null),
            new Metric("Heddle: single-flight joins / Redis hits",
                    run -> run.agentCounter("singleFlightJoined") + " / " + run.agentCounter("redisHits"), null));

    /** What the report says of the demo's default mode, which replays a short version of the workload. */
    static final String DEMO = "A one-minute version of this workload (`WorkloadSpec.demo()`, the bundled questions, the same"
            + " latency and a fault schedule scaled to the minute) is the demo's default mode:"
            + " `java -jar demo-app/target/heddle-demo-app.jar`, with or without"
            + " `-javaagent:agent/target/heddle-agent.jar=config=demo-app/heddle.yaml`, prints these rows for its own run,"
            + " from the same `RunSummary` (`--questions` runs the older tracked-questions demo instead).";

    private MacroReport() {
    }

    /**
     * @param setup how the runs were made
     * @param runs the run without the agent first, then the runs with it
     * @return the report, Markdown
     */
    public static String markdown(Setup setup, List<RunSummary> runs) {
        RunSummary baseline = runs.get(0);
        List<RunSummary> withAgent = runs.subList(1, runs.size());
        StringBuilder md = new StringBuilder();
        md.append("# Macro benchmark: one workload without and with Heddle\n\n");
        md.append("Generated by `MacroBenchmark` on ").append(setup.date()).append(". Every number below comes from this run;")
                .append(" the vendor's numbers (requests, tokens, cost) are the mock server's own counts, the latencies the")
                .append(" app's own timings around each SDK call.\n\n");
        md.append("```bash\n").append(setup.command()).append("\n```\n\n");
        md.append(DEMO).append("\n\n");
        md.append("**Machine:** ").append(String.join("; ", setup.machine())).append(".\n\n");
        md.append("## Workload\n\n");
        setup.workload().forEach(line -> md.append("- ").append(line).append('\n'));
        md.append("\n**Vendor** (the mock LLM server, in the runner's JVM):\n\n");
        setup.vendor().forEach(line -> md.append("- ").append(line).append('\n'));
        md.append("\n**Runs**, same workload, same seed:\n\n");
        for (RunSummary run : runs) {
            md.append("- (").append(run.id()).append(") ").append(run.title()).append('\n');
        }
        md.append("\n## Results\n\n![cost, latency and success of each run](macro.svg)\n\n");
        md.append(table(runs));
        md.append("\nRatios are the run's value over the value without the agent (lower is better for all of them).")
                .append(" Latency percentiles and means are of the calls that got the answer they asked for, from the model")
                .append(" or the cache: a call that fails at once (a 429 with no retry) would otherwise make a run look faster")
                .append(" the more it fails; the mean of every call is the row below them. \"Answered\" shares leave quota")
                .append(" refusals out (a refusal is the app's policy, not a fault); an answer from a fallback other than a")
                .append(" stale cache entry (another model, a fixed text) is an answer, but not the one asked for, so it")
                .append(" counts only in the second share.\n\n");
        md.append("## The bar (issue 9)\n\n");
        md.append(barTable(setup, baseline, withAgent));
        md.append("\n## Agent configuration of (b)\n\n(c) adds `redis:` and runs two app JVMs, the users split between them.\n\n");
        md.append("```yaml\n").append(setup.config().strip()).append("\n```\n");
        if (!setup.notes().isEmpty()) {
            md.append("\n## Notes\n\n");
            setup.notes().forEach(line -> md.append("- ").append(line).append('\n'));
        }
        return md.toString();
    }

    /**
     * @param runs the run without the agent first
     * @return the results table, Markdown
     */
    static String table(List<RunSummary> runs) {
        RunSummary baseline = runs.get(0);
        StringBuilder md = new StringBuilder("| |");
        runs.forEach(run -> md.append(" (").append(run.id()).append(") ").append(run.title()).append(" |"));
        runs.subList(1, runs.size()).forEach(run -> md.append(" (").append(run.id()).append(") vs (").append(baseline.id())
                .append(") |"));
        md.append("\n| --- |");
        runs.forEach(run -> md.append(" ---: |"));
        runs.subList(1, runs.size()).forEach(run -> md.append(" ---: |"));
        md.append('\n');
        for (Metric metric : METRICS) {
            md.append("| ").append(metric.name()).append(" |");
            runs.forEach(run -> md.append(' ').append(metric.value().apply(run)).append(" |"));
            for (RunSummary run : runs.subList(1, runs.size())) {
                md.append(' ').append(metric.ratioOf() == null ? "" : ratio(metric.ratioOf().applyAsDouble(run),
                        metric.ratioOf().applyAsDouble(baseline))).append(" |");
            }
            md.append('\n');
        }
        return md.toString();
    }

    private static String barTable(Setup setup, RunSummary baseline, List<RunSummary> withAgent) {
        List<List<Bar>> judged = new ArrayList<>();
        withAgent.forEach(run -> judged.add(Bar.check(baseline, run, setup.faultWindows(), setup.cores())));
        StringBuilder md = new StringBuilder("| bar | target |");
        withAgent.forEach(run -> md.append(" (").append(run.id()).append(") |"));
        md.append("\n| --- | --- |");
        withAgent.forEach(run -> md.append(" --- |"));
        md.append('\n');
        for (int line = 0; line < judged.get(0).size(); line++) {
            Bar first = judged.get(0).get(line);
            md.append("| ").append(first.name()).append(" | ").append(first.target()).append(" |");
            for (List<Bar> bars : judged) {
                Bar bar = bars.get(line);
                md.append(' ').append(bar.verdict().mark()).append(' ').append(bar.value()).append(" |");
            }
            md.append('\n');
        }
        md.append("\nWhy, for each line missed:\n\n");
        boolean any = false;
        for (int run = 0; run < withAgent.size(); run++) {
            for (Bar bar : judged.get(run)) {
                if (bar.verdict() == Bar.Verdict.PASS) continue;
                any = true;
                md.append("- (").append(withAgent.get(run).id()).append(") ").append(bar.verdict().mark()).append(" **")
                        .append(bar.name()).append("**: ").append(bar.why()).append('\n');
            }
        }
        if (!any) md.append("- none: every line cleared its bar.\n");
        return md.toString();
    }

    private static String ratio(double value, double baseline) {
        if (baseline == 0 || Double.isNaN(value) || Double.isNaN(baseline)) return "–";
        double ratio = value / baseline;
        return String.format(Locale.ROOT, ratio < 0.1 ? "%.4f×" : "%.2f×", ratio);
    }
}
