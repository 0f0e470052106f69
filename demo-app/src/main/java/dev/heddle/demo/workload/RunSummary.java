package dev.heddle.demo.workload;

import dev.heddle.demo.workload.ReplayResult.AnswerCheck;
import dev.heddle.demo.workload.ReplayResult.CacheResult;
import dev.heddle.demo.workload.ReplayResult.Outcome;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The numbers of one run, from the app's result lines and facts (every app JVM of the run) and the
 * vendor's own counts: pure arithmetic, so that a test can check it on hand-made lines. The macro
 * benchmark's report and the demo's own table ({@link WorkloadDemo}) both read their numbers here.
 *
 * <p>Percentiles are nearest-rank: the smallest value that at least that share of the values do not
 * exceed. The latency percentiles and mean are those of the calls that got the answer they asked
 * for (from the model or the cache): a call that fails at once, as a 429 without a retry does, would
 * otherwise make a run look faster the more it fails; {@link #meanLatencyAllMillis()} is the mean of
 * every call. The success share leaves quota refusals out of its denominator: a refusal is the
 * app's own policy at work, not a fault it failed to ride out; they are counted on their own.
 *
 * @param id the run's short name, such as {@code b}
 * @param title what the run is, such as {@code agent, in-process}
 * @param jvms how many app JVMs replayed the workload
 * @param results every result of every app JVM
 * @param facts the facts of each app JVM
 * @param upstream what the vendor counted
 * @param costUsd what the vendor's answers cost at list price
 */
public record RunSummary(String id, String title, int jvms, List<ReplayResult> results, List<Map<String, Long>> facts,
        Upstream upstream, double costUsd) {

    /** Copies the lists. */
    public RunSummary {
        results = List.copyOf(results);
        facts = List.copyOf(facts);
    }

    /**
     * @param id the run's short name
     * @param title what the run is
     * @param logs what each app JVM wrote
     * @param upstream what the vendor counted
     * @param prices the list prices the cost is computed with
     * @return the summary
     */
    public static RunSummary of(String id, String title, List<ReplayLog> logs, Upstream upstream, Upstream.Prices prices) {
        List<ReplayResult> results = new ArrayList<>();
        List<Map<String, Long>> facts = new ArrayList<>();
        for (ReplayLog log : logs) {
            results.addAll(log.results());
            facts.add(log.facts());
        }
        return new RunSummary(id, title, logs.size(), results, facts, upstream, upstream.costUsd(prices));
    }

    /** @return calls the app made */
    public int calls() {
        return results.size();
    }

    /**
     * @param outcome an outcome
     * @return calls that ended so
     */
    public long count(Outcome outcome) {
        return count(result -> result.outcome() == outcome);
    }

    /**
     * @param cache a cache result
     * @return calls the cache said that of
     */
    public long count(CacheResult cache) {
        return count(result -> result.cache() == cache);
    }

    private long count(Predicate<ReplayResult> which) {
        return results.stream().filter(which).count();
    }

    /** @return the share of calls answered from the cache, exactly or semantically, 0 to 1 */
    public double hitRate() {
        return share(count(CacheResult.EXACT) + count(CacheResult.SEMANTIC), calls());
    }

    /** @return the share of calls answered by an exact hit */
    public double exactHitRate() {
        return share(count(CacheResult.EXACT), calls());
    }

    /** @return the share of calls answered by a semantic hit */
    public double semanticHitRate() {
        return share(count(CacheResult.SEMANTIC), calls());
    }

    /** @return semantic hits whose answer quotes a question of another family: wrong answers */
    public long wrongSemanticHits() {
        return count(result -> result.cache() == CacheResult.SEMANTIC && result.answerCheck() == AnswerCheck.OTHER);
    }

    /** @return wrong semantic hits as a share of semantic hits; 0 without semantic hits */
    public double wrongSemanticShare() {
        return share(wrongSemanticHits(), count(CacheResult.SEMANTIC));
    }

    /**
     * @param kind a kind of request
     * @return calls of that kind
     */
    public long calls(RequestKind kind) {
        return count(result -> result.kind() == kind);
    }

    /**
     * @param kind a kind of request
     * @param cache a cache result
     * @return calls of that kind with that cache result
     */
    public long calls(RequestKind kind, CacheResult cache) {
        return count(result -> result.kind() == kind && result.cache() == cache);
    }

    /**
     * @param percent from 0 (exclusive) to 100
     * @return the percentile of the latency of the calls answered by the model or the cache,
     *     milliseconds; NaN without any
     */
    public double latencyMillis(double percent) {
        return percentileMillis(results, result -> result.outcome().answeredByModelOrCache(), percent);
    }

    /** @return the mean latency of the calls answered by the model or the cache, milliseconds; 0 without any */
    public double meanLatencyMillis() {
        return results.stream().filter(result -> result.outcome().answeredByModelOrCache())
                .mapToLong(ReplayResult::latencyMicros).average().orElse(0) / 1000.0;
    }

    /** @return the mean latency of every call, whatever its outcome, milliseconds; 0 without calls */
    public double meanLatencyAllMillis() {
        return results.stream().mapToLong(ReplayResult::latencyMicros).average().orElse(0) / 1000.0;
    }

    /**
     * @param cache {@link CacheResult#EXACT} or {@link CacheResult#SEMANTIC}
     * @param percent from 0 (exclusive) to 100
     * @return the percentile of the latency of those hits, milliseconds; NaN without any
     */
    public double hitLatencyMillis(CacheResult cache, double percent) {
        return percentileMillis(results, result -> result.cache() == cache, percent);
    }

    /**
     * @param percent from 0 (exclusive) to 100
     * @return the percentile of the latency of every hit, exact or semantic, milliseconds; NaN without any
     */
    public double anyHitLatencyMillis(double percent) {
        return percentileMillis(results, result -> result.cache().hit(), percent);
    }

    /**
     * @param percent from 0 (exclusive) to 100
     * @return the percentile of how late calls started against their plan, milliseconds
     */
    public double startLagMillis(double percent) {
        long[] lags = results.stream().mapToLong(result -> result.lagMillis() * 1000).toArray();
        return percentile(lags, percent) / 1000.0;
    }

    /** @return calls that ended per second of the run's wall time (the longest app JVM's) */
    public double throughput() {
        double seconds = wallSeconds();
        return seconds > 0 ? calls() / seconds : 0;
    }

    /** @return from the start signal to the end of the last call, the longest of the app JVMs, seconds */
    public double wallSeconds() {
        return facts.stream().mapToLong(jvm -> jvm.getOrDefault(ReplayLog.WALL_MILLIS, 0L)).max().orElse(0) / 1000.0;
    }

    /** @return calls that quota refused */
    public long quotaRejections() {
        return count(Outcome.QUOTA_REJECTED);
    }

    /**
     * @return what one call answered by the model or the cache cost, dollars: a run that fails calls
     *     pays nothing for them, so its total alone would make failing look cheap; 0 without answers
     */
    public double costPerAnsweredCall() {
        long answered = count(result -> result.outcome().answeredByModelOrCache());
        return answered > 0 ? costUsd / answered : 0;
    }

    /** @return the users that the quota refused one call or more */
    public long quotaRejectedUsers() {
        return results.stream().filter(result -> result.outcome() == Outcome.QUOTA_REJECTED).map(ReplayResult::user).distinct()
                .count();
    }

    /** @return calls that failed with an error the app saw */
    public long errors() {
        return count(Outcome.ERROR);
    }

    /**
     * @return the share of calls, quota refusals left out, that got the answer they asked for: from
     *     the model or the cache (a stale entry's included)
     */
    public double succeededShare() {
        return share(count(result -> result.outcome().answeredByModelOrCache()), calls() - quotaRejections());
    }

    /** @return the share of calls, quota refusals left out, that got any answer, a fallback's included */
    public double answeredShare() {
        return share(count(result -> result.outcome().answered()), calls() - quotaRejections());
    }

    /** @return the app JVMs' CPU time during the replay, all JVMs together, seconds */
    public double cpuSeconds() {
        return sumFact(ReplayLog.CPU_MILLIS_REPLAY) / 1000.0;
    }

    /** @return the most heap one app JVM had in use at once, MiB */
    public double peakHeapMib() {
        return maxFact(ReplayLog.PEAK_HEAP_BYTES) / (1024.0 * 1024.0);
    }

    /** @return the most heap one app JVM kept after a full collection at the end, MiB */
    public double heapAfterGcMib() {
        return maxFact(ReplayLog.HEAP_AFTER_GC_BYTES) / (1024.0 * 1024.0);
    }

    /** @return calls the app JVMs gave up waiting for */
    public long unfinished() {
        return sumFact(ReplayLog.UNFINISHED);
    }

    /**
     * @param counter an agent counter of a rule, such as {@code retries}
     * @return its value summed over the rules and app JVMs; 0 without the agent
     */
    public long agentCounter(String counter) {
        long sum = 0;
        for (Map<String, Long> jvm : facts) {
            for (Map.Entry<String, Long> fact : jvm.entrySet()) {
                if (fact.getKey().startsWith(ReplayLog.HEDDLE_PREFIX) && fact.getKey().endsWith("." + counter)) {
                    sum += fact.getValue();
                }
            }
        }
        return sum;
    }

    /**
     * @param outcome an outcome
     * @return its calls by detail (an error's exception, a fallback's kind), most first
     */
    public Map<String, Long> details(Outcome outcome) {
        Map<String, Long> details = new TreeMap<>();
        results.stream().filter(result -> result.outcome() == outcome)
                .forEach(result -> details.merge(result.detail(), 1L, Long::sum));
        return details;
    }

    /**
     * @param windows named windows of planned time, milliseconds from the start, such as the fault phases
     * @param which the calls to count
     * @return how many of those calls were planned inside each window, and {@code other} for the rest
     */
    public Map<String, Long> byWindow(List<Window> windows, Predicate<ReplayResult> which) {
        Map<String, Long> counts = new LinkedHashMap<>();
        windows.forEach(window -> counts.put(window.name(), 0L));
        counts.put("other", 0L);
        for (ReplayResult result : results) {
            if (!which.test(result)) continue;
            String name = windows.stream().filter(window -> window.covers(result.atMillis())).map(Window::name).findFirst()
                    .orElse("other");
            counts.merge(name, 1L, Long::sum);
        }
        return counts;
    }

    /**
     * A named window of planned time.
     *
     * @param name its name
     * @param fromMillis its start, milliseconds after the start of the run
     * @param toMillis its end, exclusive
     */
    public record Window(String name, long fromMillis, long toMillis) {

        /**
         * @param atMillis a planned time
         * @return whether it is inside
         */
        public boolean covers(long atMillis) {
            return atMillis >= fromMillis && atMillis < toMillis;
        }
    }

    /** @return calls by kind of request, in the order of the kinds */
    public Map<RequestKind, Long> callsByKind() {
        Map<RequestKind, Long> counts = new EnumMap<>(RequestKind.class);
        for (RequestKind kind : RequestKind.values()) counts.put(kind, calls(kind));
        return counts;
    }

    private long sumFact(String name) {
        return facts.stream().mapToLong(jvm -> jvm.getOrDefault(name, 0L)).sum();
    }

    private long maxFact(String name) {
        return facts.stream().mapToLong(jvm -> jvm.getOrDefault(name, 0L)).max().orElse(0);
    }

    /**
     * @param part the part
     * @param whole the whole
     * @return part over whole; 0 when the whole is 0
     */
    public static double share(long part, long whole) {
        return whole > 0 ? (double) part / whole : 0;
    }

    private static double percentileMillis(List<ReplayResult> results, Predicate<ReplayResult> which, double percent) {
        long[] micros = results.stream().filter(which).mapToLong(ReplayResult::latencyMicros).toArray();
        return micros.length == 0 ? Double.NaN : percentile(micros, percent) / 1000.0;
    }

    /**
     * @param values the values, in any order; not changed
     * @param percent from 0 (exclusive) to 100
     * @return the nearest-rank percentile, 0 for no values
     */
    public static long percentile(long[] values, double percent) {
        if (!(percent > 0 && percent <= 100)) throw new IllegalArgumentException("percent must be in (0, 100], got " + percent);
        if (values.length == 0) return 0;
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(rank, 1) - 1];
    }
}
