package dev.heddle.report;

import dev.heddle.analytics.AnalyticsEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An ordered, per-user funnel. A user reaches step 1 with any event that matches it, and step k when,
 * after reaching step k − 1, they have an event matching step k at or after the time of the event
 * that reached step k − 1. Each step takes the user's earliest qualifying event (greedy), and one
 * event never counts for two steps. Events without a user are left out.
 *
 * <p>With a window, every step must fall within the window from the event that reached step 1,
 * and each of the user's step-1 events is tried as a start: the user counts at the deepest step any
 * start reaches. Without one, the earliest start reaches at least as deep as any other.
 *
 * @param steps the steps, in order
 * @param window how long after step 1 the last step may come; null for no limit
 * @param results per step, what the users did
 */
public record Funnel(List<EventSelector> steps, Duration window, List<Step> results) {

    public Funnel {
        steps = List.copyOf(steps);
        results = List.copyOf(results);
    }

    /**
     * One step's figures.
     *
     * @param step the step
     * @param users users who reached it
     * @param fromFirst users over the users of step 1 (NaN when step 1 has none)
     * @param dropOff users of the previous step who did not reach this one (0 for step 1)
     * @param dropOffShare the drop-off over the previous step's users (NaN when that step has none, and for step 1)
     */
    public record Step(EventSelector step, long users, double fromFirst, long dropOff, double dropOffShare) {
    }

    /**
     * @param events the events, sorted by time
     * @param steps the steps, at least one
     * @param window the window, or null for none
     * @return the funnel's figures
     */
    public static Funnel compute(List<AnalyticsEvent> events, List<EventSelector> steps, Duration window) {
        Map<String, List<AnalyticsEvent>> byUser = new LinkedHashMap<>();
        for (AnalyticsEvent event : events) {
            if (event.user() != null) byUser.computeIfAbsent(event.user(), user -> new ArrayList<>()).add(event);
        }
        long[] reached = new long[steps.size()];
        for (List<AnalyticsEvent> own : byUser.values()) {
            int depth = depth(own, steps, window);
            for (int k = 0; k < depth; k++) reached[k]++;
        }
        List<Step> results = new ArrayList<>(steps.size());
        for (int k = 0; k < steps.size(); k++) {
            long previous = k == 0 ? reached[0] : reached[k - 1];
            long dropOff = previous - reached[k];
            results.add(new Step(steps.get(k), reached[k], share(reached[k], reached[0]), dropOff,
                    k == 0 ? Double.NaN : share(dropOff, previous)));
        }
        return new Funnel(steps, window, results);
    }

    private static double share(long part, long whole) {
        return whole == 0 ? Double.NaN : (double) part / whole;
    }

    /** How many steps one user reached: the deepest over the starts tried. */
    private static int depth(List<AnalyticsEvent> own, List<EventSelector> steps, Duration window) {
        int deepest = 0;
        for (int start = 0; start < own.size(); start++) {
            if (!steps.get(0).matches(own.get(start))) continue;
            deepest = Math.max(deepest, depthFrom(own, start, steps, window));
            if (window == null || deepest == steps.size()) break;
        }
        return deepest;
    }

    private static int depthFrom(List<AnalyticsEvent> own, int start, List<EventSelector> steps, Duration window) {
        Instant deadline = window == null ? null : own.get(start).time().plus(window);
        Set<Integer> used = new HashSet<>();
        used.add(start);
        Instant previous = own.get(start).time();
        int depth = 1;
        while (depth < steps.size()) {
            int next = earliest(own, steps.get(depth), previous, deadline, used);
            if (next < 0) break;
            used.add(next);
            previous = own.get(next).time();
            depth++;
        }
        return depth;
    }

    /** The earliest unused event at or after {@code from} (and not after the deadline) that matches the step, or −1. */
    private static int earliest(List<AnalyticsEvent> own, EventSelector step, Instant from, Instant deadline, Set<Integer> used) {
        for (int i = 0; i < own.size(); i++) {
            Instant time = own.get(i).time();
            if (time.isBefore(from) || used.contains(i)) continue;
            if (deadline != null && time.isAfter(deadline)) return -1;
            if (step.matches(own.get(i))) return i;
        }
        return -1;
    }
}
