package dev.heddle.report;

import dev.heddle.analytics.AnalyticsEvent;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * What the {@value AnalyticsEvent#LLM_CALL} events cost, and what the cache saved. Costs are the
 * list prices the agent stamped on each call ({@code cost_usd}; zero for a cache hit); savings are
 * the {@code saved_usd} of cache hits.
 *
 * @param total every call
 * @param byModel per model, the costliest first ({@value #NONE} for calls without a model)
 * @param byUser per user, the costliest first ({@value #NONE} for calls without a user)
 * @param byDay per UTC day, in date order
 * @param savings what the cache did
 */
public record CostBreakdown(Line total, Map<String, Line> byModel, Map<String, Line> byUser, Map<LocalDate, Line> byDay,
        Savings savings) {

    public CostBreakdown {
        byModel = Collections.unmodifiableMap(new LinkedHashMap<>(byModel));
        byUser = Collections.unmodifiableMap(new LinkedHashMap<>(byUser));
        byDay = Collections.unmodifiableMap(new TreeMap<>(byDay));
    }

    /** The group of calls that have no model, or no user. */
    public static final String NONE = "(none)";

    /**
     * The figures of a group of calls.
     *
     * @param calls how many
     * @param inputTokens their input tokens
     * @param outputTokens their output tokens
     * @param costUsd their cost in dollars
     */
    public record Line(long calls, long inputTokens, long outputTokens, double costUsd) {

        static final Line ZERO = new Line(0, 0, 0, 0);

        /** @return input and output tokens together */
        public long tokens() {
            return inputTokens + outputTokens;
        }

        Line plus(AnalyticsEvent call) {
            return new Line(calls + 1, inputTokens + orZero(call.inputTokens()), outputTokens + orZero(call.outputTokens()),
                    costUsd + orZero(call.costUsd()));
        }
    }

    /**
     * What the cache did.
     *
     * @param lookups calls that went through a cache: {@code miss}, {@code hit} or {@code semantic_hit}
     *                (calls of rules without a cache, {@code none}, are left out)
     * @param hits exact hits
     * @param semanticHits semantic hits (a similar earlier question's answer)
     * @param savedUsd dollars saved by hits of both kinds
     * @param byModel hits and dollars saved per model, the largest saving first
     */
    public record Savings(long lookups, long hits, long semanticHits, double savedUsd, Map<String, Saved> byModel) {

        public Savings {
            byModel = Collections.unmodifiableMap(new LinkedHashMap<>(byModel));
        }

        /** @return hits of both kinds over lookups; NaN without lookups */
        public double hitRate() {
            return lookups == 0 ? Double.NaN : (double) (hits + semanticHits) / lookups;
        }
    }

    /**
     * One model's savings.
     *
     * @param hits cache hits of both kinds
     * @param savedUsd dollars saved
     */
    public record Saved(long hits, double savedUsd) {
    }

    /**
     * @param events the events; only {@value AnalyticsEvent#LLM_CALL} events count
     * @return the breakdown
     */
    public static CostBreakdown of(List<AnalyticsEvent> events) {
        Line total = Line.ZERO;
        Map<String, Line> byModel = new HashMap<>();
        Map<String, Line> byUser = new HashMap<>();
        Map<LocalDate, Line> byDay = new TreeMap<>();
        long lookups = 0;
        long hits = 0;
        long semanticHits = 0;
        double saved = 0;
        Map<String, Saved> savedByModel = new HashMap<>();
        for (AnalyticsEvent call : events) {
            if (!call.event().equals(AnalyticsEvent.LLM_CALL)) continue;
            total = total.plus(call);
            String model = call.model() == null ? NONE : call.model();
            byModel.merge(model, Line.ZERO.plus(call), (line, ignored) -> line.plus(call));
            byUser.merge(call.user() == null ? NONE : call.user(), Line.ZERO.plus(call), (line, ignored) -> line.plus(call));
            byDay.merge(LocalDate.ofInstant(call.time(), ZoneOffset.UTC), Line.ZERO.plus(call), (line, ignored) -> line.plus(call));
            String cache = call.cache() == null ? "" : call.cache();
            boolean hit = cache.equals("hit") || cache.equals("semantic_hit");
            if (hit || cache.equals("miss")) lookups++;
            if (cache.equals("hit")) hits++;
            if (cache.equals("semantic_hit")) semanticHits++;
            if (hit) {
                double usd = orZero(call.savedUsd());
                saved += usd;
                savedByModel.merge(model, new Saved(1, usd), (a, b) -> new Saved(a.hits() + 1, a.savedUsd() + usd));
            }
        }
        return new CostBreakdown(total, costliestFirst(byModel, Line::costUsd), costliestFirst(byUser, Line::costUsd), byDay,
                new Savings(lookups, hits, semanticHits, saved, costliestFirst(savedByModel, Saved::savedUsd)));
    }

    /** Largest first; equal amounts by name, so that the order does not depend on hashing. */
    private static <V> Map<String, V> costliestFirst(Map<String, V> groups, Function<V, Double> amount) {
        List<Map.Entry<String, V>> entries = new ArrayList<>(groups.entrySet());
        entries.sort(Comparator.comparing((Map.Entry<String, V> entry) -> amount.apply(entry.getValue())).reversed()
                .thenComparing(Map.Entry::getKey));
        Map<String, V> sorted = new LinkedHashMap<>();
        for (Map.Entry<String, V> entry : entries) sorted.put(entry.getKey(), entry.getValue());
        return sorted;
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }

    private static double orZero(Double value) {
        return value == null ? 0 : value;
    }
}
