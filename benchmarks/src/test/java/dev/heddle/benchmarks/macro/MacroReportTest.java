package dev.heddle.benchmarks.macro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.heddle.benchmarks.macro.Bar.Verdict;
import dev.heddle.cost.PriceTable;
import dev.heddle.demo.workload.PlannedRequest;
import dev.heddle.demo.workload.ReplayLog;
import dev.heddle.demo.workload.ReplayResult.AnswerCheck;
import dev.heddle.demo.workload.ReplayResult.CacheResult;
import dev.heddle.demo.workload.ReplayResult.Outcome;
import dev.heddle.demo.workload.ReplayResult;
import dev.heddle.demo.workload.RequestKind;
import dev.heddle.demo.workload.RunSummary.Window;
import dev.heddle.demo.workload.RunSummary;
import dev.heddle.demo.workload.Upstream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The report's arithmetic, on hand-made result lines of a run without and one with the agent. */
class MacroReportTest {

    private static final List<Window> OUTAGE = List.of(new Window("outage", 5_000, 6_000));

    /** Ten calls, all answered by the vendor, 100 ms to 1000 ms. */
    private static RunSummary withoutAgent() {
        List<ReplayResult> results = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            results.add(result(i, i * 1_000L, "user-" + i, (i + 1) * 100_000L, Outcome.OK, CacheResult.NONE, AnswerCheck.SAME));
        }
        Upstream upstream = new Upstream(10, 10, 0, Map.of("gpt-4o-mini", 1_000_000L, "gpt-4o", 100_000L),
                Map.of("gpt-4o-mini", 1_000_000L, "gpt-4o", 100_000L));
        return RunSummary.of("a", "no agent", List.of(log(results, 2_000, 5_000)), upstream,
                MacroBenchmark.listPrices(PriceTable.defaults()));
    }

    /**
     * Ten calls over two JVMs: four exact hits of 0.5 ms, two semantic hits of 5 ms (one answered
     * with another family's question), two misses of 800 ms, an error in the outage, a quota refusal.
     */
    private static RunSummary withAgent() {
        List<ReplayResult> first = List.of(
                result(0, 0, "user-0", 500, Outcome.OK, CacheResult.EXACT, AnswerCheck.SAME),
                result(1, 1_000, "user-1", 500, Outcome.OK, CacheResult.EXACT, AnswerCheck.SAME),
                result(2, 2_000, "user-2", 500, Outcome.OK, CacheResult.EXACT, AnswerCheck.SAME),
                result(3, 3_000, "user-3", 500, Outcome.OK, CacheResult.EXACT, AnswerCheck.SAME),
                result(4, 4_000, "user-4", 5_000, Outcome.OK, CacheResult.SEMANTIC, AnswerCheck.SAME));
        List<ReplayResult> second = List.of(
                result(5, 4_500, "user-5", 5_000, Outcome.OK, CacheResult.SEMANTIC, AnswerCheck.OTHER),
                result(6, 4_800, "user-6", 800_000, Outcome.OK, CacheResult.STORED, AnswerCheck.SAME),
                result(7, 4_900, "user-7", 800_000, Outcome.OK, CacheResult.STORED, AnswerCheck.SAME),
                new ReplayResult(8, 5_500, "user-8", "free", "gpt-4o-mini", RequestKind.UNIQUE, -1, 0, 2_000, Outcome.ERROR,
                        CacheResult.NONE, 0, AnswerCheck.UNCHECKED, "CircuitOpenException"),
                new ReplayResult(9, 9_000, "user-9", "free", "gpt-4o-mini", RequestKind.UNIQUE, -1, 0, 1_000,
                        Outcome.QUOTA_REJECTED, CacheResult.NONE, 0, AnswerCheck.UNCHECKED, "QuotaExceededException"));
        Upstream upstream = new Upstream(3, 2, 1, Map.of("gpt-4o-mini", 400_000L), Map.of("gpt-4o-mini", 400_000L));
        return RunSummary.of("b", "agent", List.of(log(first, 1_000, 4_000), log(second, 2_000, 5_000)), upstream,
                MacroBenchmark.listPrices(PriceTable.defaults()));
    }

    private static ReplayResult result(int index, long atMillis, String user, long micros, Outcome outcome, CacheResult cache,
            AnswerCheck check) {
        double similarity = cache == CacheResult.SEMANTIC ? 0.95 : cache == CacheResult.NONE ? 0 : 1;
        return new ReplayResult(index, atMillis, user, "free", "gpt-4o-mini", RequestKind.REPEAT, 3, index % 3, micros, outcome,
                cache, similarity, check, "-");
    }

    private static ReplayLog log(List<ReplayResult> results, long cpuMillis, long wallMillis) {
        return new ReplayLog(results, Map.of(ReplayLog.CPU_MILLIS_REPLAY, cpuMillis, ReplayLog.WALL_MILLIS, wallMillis,
                ReplayLog.PEAK_HEAP_BYTES, 64L * 1024 * 1024, "heddle.openai.retries", 2L));
    }

    @Test
    void latencyPercentilesAreNearestRankOverTheAnsweredCalls() {
        RunSummary a = withoutAgent();
        RunSummary b = withAgent();

        assertThat(a.latencyMillis(50)).isEqualTo(500);
        assertThat(a.latencyMillis(95)).isEqualTo(1000);
        assertThat(a.latencyMillis(99)).isEqualTo(1000);
        assertThat(a.meanLatencyMillis()).isEqualTo(550);
        // the eight answered calls: 0.5 ×4, 5 ×2, 800 ×2; the error and the refusal are left out
        assertThat(b.latencyMillis(50)).isEqualTo(0.5);
        assertThat(b.latencyMillis(75)).isEqualTo(5);
        assertThat(b.latencyMillis(99)).isEqualTo(800);
        assertThat(b.meanLatencyMillis()).isEqualTo((4 * 0.5 + 2 * 5 + 2 * 800) / 8);
        assertThat(b.meanLatencyAllMillis()).isEqualTo((4 * 0.5 + 2 * 5 + 2 * 800 + 2 + 1) / 10);
        assertThat(b.hitLatencyMillis(CacheResult.EXACT, 99)).isEqualTo(0.5);
        assertThat(b.hitLatencyMillis(CacheResult.SEMANTIC, 50)).isEqualTo(5);
        assertThat(b.anyHitLatencyMillis(99)).isEqualTo(5);
        assertThat(a.hitLatencyMillis(CacheResult.EXACT, 50)).isNaN();
        assertThat(RunSummary.percentile(new long[] {5, 1, 4, 2, 3}, 40)).isEqualTo(2);
        assertThat(RunSummary.percentile(new long[] {5, 1, 4, 2, 3}, 41)).isEqualTo(3);
    }

    @Test
    void hitRatesWrongHitsAndSuccessAreSharesOfTheRightCalls() {
        RunSummary b = withAgent();

        assertThat(b.calls()).isEqualTo(10);
        assertThat(b.hitRate()).isEqualTo(0.6);
        assertThat(b.exactHitRate()).isEqualTo(0.4);
        assertThat(b.semanticHitRate()).isEqualTo(0.2);
        assertThat(b.wrongSemanticHits()).isEqualTo(1);
        assertThat(b.wrongSemanticShare()).isEqualTo(0.5);
        // the quota refusal is left out: 8 answered of 9
        assertThat(b.succeededShare()).isEqualTo(8 / 9.0);
        assertThat(b.answeredShare()).isEqualTo(8 / 9.0);
        assertThat(b.errors()).isEqualTo(1);
        assertThat(b.quotaRejections()).isEqualTo(1);
        assertThat(b.quotaRejectedUsers()).isEqualTo(1);
        assertThat(b.details(Outcome.ERROR)).containsExactly(Map.entry("CircuitOpenException", 1L));
        assertThat(b.byWindow(OUTAGE, result -> result.outcome() == Outcome.ERROR))
                .containsExactly(Map.entry("outage", 1L), Map.entry("other", 0L));
    }

    @Test
    void costIsTheVendorsTokensAtTheAgentsListPrices() {
        RunSummary a = withoutAgent();
        RunSummary b = withAgent();

        // gpt-4o-mini 0.15 + 0.60 per million, gpt-4o 2.50 + 10.00 per million
        assertThat(a.costUsd()).isCloseTo(0.75 + 0.25 + 1.00, within(1e-9));
        assertThat(b.costUsd()).isCloseTo(0.4 * 0.75, within(1e-9));
        assertThat(a.upstream().tokens()).isEqualTo(2_200_000);
        // per call answered by the model or the cache: 10 in (a), 8 in (b)
        assertThat(a.costPerAnsweredCall()).isCloseTo(0.2, within(1e-9));
        assertThat(b.costPerAnsweredCall()).isCloseTo(0.3 / 8, within(1e-9));
    }

    @Test
    void theJvmFactsAddUpOverTheAppJvms() {
        RunSummary b = withAgent();

        assertThat(b.jvms()).isEqualTo(2);
        assertThat(b.cpuSeconds()).isEqualTo(3.0);
        assertThat(b.wallSeconds()).isEqualTo(5.0);
        assertThat(b.throughput()).isEqualTo(2.0);
        assertThat(b.peakHeapMib()).isEqualTo(64);
        assertThat(b.agentCounter("retries")).isEqualTo(4);
        assertThat(withoutAgent().startLagMillis(100)).isEqualTo(2);
    }

    @Test
    void eachLineOfTheBarIsJudgedAndAMissSaysWhy() {
        List<Bar> bars = Bar.check(withoutAgent(), withAgent(), OUTAGE, 2);

        assertThat(bars).extracting(Bar::verdict).containsExactly(
                Verdict.PASS,   // hit rate 60%
                Verdict.PASS,   // cost per answered call $0.20 → $0.0375: 81.25% less (85% in total)
                Verdict.PASS,   // hits' p99 5 ms
                Verdict.PASS,   // exact hits' median 0.5 ms
                Verdict.PASS,   // semantic hits' median 5 ms
                Verdict.PASS,   // mean 550 ms → 201.5 ms: 2.73×
                Verdict.FAIL,   // 88.89% answered
                Verdict.FAIL);  // 1 of 2 semantic hits wrong
        assertThat(bars.get(1).value()).startsWith("81.3% per answered call").contains("in total 85.0%");
        assertThat(bars.get(5).value()).startsWith("2.73×");
        assertThat(bars.get(6).value()).startsWith("88.89%");
        assertThat(bars.get(6).why()).contains("1 calls got no answer", "outage 1", "CircuitOpenException 1");
        assertThat(bars.get(7).why()).contains("1 of 2 semantic hits");
        assertThat(bars.subList(0, 6)).extracting(Bar::why).containsOnly("");
    }

    @Test
    void aLineWithNothingToJudgeIsNotJudged() {
        RunSummary noHits = withoutAgent();

        List<Bar> bars = Bar.check(withoutAgent(), noHits, OUTAGE, 2);

        assertThat(bars.get(0).verdict()).isEqualTo(Verdict.FAIL);
        assertThat(bars.get(0).why()).contains("Of the 10 repeats, 0 were exact hits and 0 semantic ones", "10 were not answered");
        assertThat(bars.get(2).verdict()).isEqualTo(Verdict.NOT_JUDGED);
        assertThat(bars.get(7).verdict()).isEqualTo(Verdict.NOT_JUDGED);
    }

    @Test
    void theTableHasARowPerMetricAndARatioColumnPerRunWithTheAgent() {
        String table = MacroReport.table(List.of(withoutAgent(), withAgent()));

        assertThat(table).startsWith("| | (a) no agent | (b) agent | (b) vs (a) |");
        assertThat(table).contains("| cost at list price | $2.0000 | $0.3000 | 0.15× |",
                "| latency p50 (answered calls) | 500 ms | 0.50 ms | 0.0010× |",
                "| cache hit rate | 0.0% | 60.0% |  |",
                "| answered by the model or the cache | 100.00% | 88.89% |  |");
    }

    @Test
    void theQuotaRefusesOnlyTheBusiestFreeUsers() {
        List<PlannedRequest> plan = new ArrayList<>();
        int[] perMinute = {10, 8, 6, 4, 2};
        for (int user = 0; user < perMinute.length; user++) {
            for (int i = 0; i < perMinute[user]; i++) plan.add(planned(plan.size(), i * 1_000L, "free-" + user, "free"));
        }
        for (int i = 0; i < 30; i++) plan.add(planned(plan.size(), i * 1_000L, "pro-0", "pro"));

        AgentConfig config = AgentConfig.sizedFor(plan);

        assertThat(AgentConfig.peak(List.of(0L, 59_999L, 60_000L, 61_000L, 200_000L))).isEqualTo(3);
        assertThat(config.tierLimits()).containsExactly(Map.entry("free", 4), Map.entry("pro", 31));
        assertThat(config.userTiers()).containsExactly(Map.entry("pro-0", "pro"));
        assertThat(config.yaml(null, 1)).contains("      free: { requests: 4/1m }", "    default: free", "      \"pro-0\": pro")
                .doesNotContain("redis");
        assertThat(config.yaml("redis://127.0.0.1:6390", 2)).startsWith("redis: { url: redis://127.0.0.1:6390, instances: 2 }");
    }

    private static PlannedRequest planned(int index, long atMillis, String user, String tier) {
        return new PlannedRequest(index, atMillis, user, tier, "support", "system", "gpt-4o-mini", "q" + index, -1,
                RequestKind.UNIQUE);
    }
}
