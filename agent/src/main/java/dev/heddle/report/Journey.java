package dev.heddle.report;

import dev.heddle.analytics.AnalyticsEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One user's events in time order: what they did, what they asked the model and what it cost, as
 * a support engineer reads it back.
 *
 * @param user the user's id
 * @param events the events shown, oldest first: all of them, or the last N
 * @param total how many events the user has in the period
 */
public record Journey(String user, List<AnalyticsEvent> events, int total) {

    public Journey {
        events = List.copyOf(events);
    }

    /**
     * @param events all events, sorted by time
     * @param user the user's id
     * @param last how many of the user's latest events to keep; 0 for all
     * @return the user's journey
     */
    public static Journey of(List<AnalyticsEvent> events, String user, int last) {
        List<AnalyticsEvent> own = events.stream().filter(event -> user.equals(event.user())).toList();
        List<AnalyticsEvent> shown = last > 0 && own.size() > last ? own.subList(own.size() - last, own.size()) : own;
        return new Journey(user, shown, own.size());
    }

    /**
     * The fields of an event worth reading in a journey, as {@code name=value}: the call's rule,
     * model, cache outcome, tokens, cost, latency and outcome, the user's variants, then the event's
     * own properties.
     *
     * @param event an event
     * @return its details, in that order
     */
    public static List<String> details(AnalyticsEvent event) {
        List<String> details = new ArrayList<>();
        add(details, "rule", event.rule());
        add(details, "model", event.model());
        add(details, "cache", event.cache());
        if (event.similarity() != null) details.add(String.format(Locale.ROOT, "similarity=%.3f", event.similarity()));
        if (event.inputTokens() != null || event.outputTokens() != null) {
            details.add("tokens=" + orZero(event.inputTokens()) + "+" + orZero(event.outputTokens()));
        }
        if (event.costUsd() != null) details.add("cost=$" + ReportFormat.dollars(event.costUsd()));
        if (event.savedUsd() != null && event.savedUsd() > 0) details.add("saved=$" + ReportFormat.dollars(event.savedUsd()));
        if (event.latencyMs() != null) details.add(String.format(Locale.ROOT, "latency=%.0fms", event.latencyMs()));
        add(details, "outcome", event.outcome());
        add(details, "error", event.errorType());
        for (Map.Entry<String, String> variant : event.variants().entrySet()) {
            details.add("variants." + variant.getKey() + "=" + variant.getValue());
        }
        for (Map.Entry<String, Object> property : event.properties().entrySet()) {
            details.add(property.getKey() + "=" + property.getValue());
        }
        return details;
    }

    private static void add(List<String> details, String name, String value) {
        if (value != null) details.add(name + "=" + value);
    }

    private static long orZero(Long tokens) {
        return tokens == null ? 0 : tokens;
    }
}
