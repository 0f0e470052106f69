package dev.heddle.report;

import dev.heddle.analytics.AnalyticsEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * An event name with optional {@code property=value} filters, as a funnel step or a conversion
 * event is written: {@code gen_ai.evaluation.result[gen_ai.evaluation.score.label=positive]}, or
 * with several filters, all of which must hold, {@code llm_call[model=gpt-4o,cache=hit]}.
 *
 * <p>A filter's name is looked up in the event's properties first, then among its own fields by
 * their JSON names ({@code user}, {@code session}, {@code rule}, {@code model}, {@code cache},
 * {@code outcome}, {@code error_type}, {@code similarity}, {@code input_tokens}, {@code output_tokens},
 * {@code cost_usd}, {@code saved_usd}, {@code latency_ms}), and {@code variants.NAME} names the
 * variant of experiment NAME. Values compare as text, and as numbers when both sides are numbers
 * (so {@code score=1} matches a score of {@code 1.0}).
 *
 * @param event the event name
 * @param filters property name to the value it must have, in the order written
 */
public record EventSelector(String event, Map<String, String> filters) {

    public EventSelector {
        filters = Collections.unmodifiableMap(new LinkedHashMap<>(filters));
    }

    /**
     * @param text such as {@code page_view} or {@code gen_ai.evaluation.result[gen_ai.evaluation.score.label=positive]}
     * @return the selector
     * @throws IllegalArgumentException with a message that says what is wrong with the text
     */
    public static EventSelector parse(String text) {
        String trimmed = text.trim();
        int open = trimmed.indexOf('[');
        if (open < 0) {
            if (trimmed.contains("]")) throw new IllegalArgumentException("'" + text + "' has a ']' without a '['");
            return new EventSelector(named(trimmed, text), Map.of());
        }
        if (!trimmed.endsWith("]")) throw new IllegalArgumentException("'" + text + "' should end with its ']'");
        String name = named(trimmed.substring(0, open).trim(), text);
        Map<String, String> filters = new LinkedHashMap<>();
        for (String filter : trimmed.substring(open + 1, trimmed.length() - 1).split(",", -1)) {
            int equals = filter.indexOf('=');
            if (equals <= 0 || filter.substring(0, equals).isBlank()) {
                throw new IllegalArgumentException("'" + text + "': the filter '" + filter.trim() + "' should be property=value");
            }
            filters.put(filter.substring(0, equals).trim(), filter.substring(equals + 1).trim());
        }
        return new EventSelector(name, filters);
    }

    /**
     * Splits a comma-separated list of selectors; a comma inside {@code [...]} separates filters, not selectors.
     *
     * @param text such as {@code page_view,query_submitted,gen_ai.evaluation.result[gen_ai.evaluation.score.label=positive]}
     * @return the selectors in order
     * @throws IllegalArgumentException with a message that says what is wrong with the text
     */
    public static List<EventSelector> parseList(String text) {
        List<EventSelector> selectors = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '[') depth++;
            if (c == ']') depth--;
            if (depth < 0) throw new IllegalArgumentException("'" + text + "' has a ']' without a '['");
            if (c == ',' && depth == 0) {
                selectors.add(parse(text.substring(start, i)));
                start = i + 1;
            }
        }
        if (depth > 0) throw new IllegalArgumentException("'" + text + "' has a '[' without its ']'");
        selectors.add(parse(text.substring(start)));
        return selectors;
    }

    private static String named(String name, String text) {
        if (name.isEmpty()) throw new IllegalArgumentException("'" + text + "' has no event name");
        return name;
    }

    /**
     * @param candidate an event
     * @return whether it has this name and passes every filter
     */
    public boolean matches(AnalyticsEvent candidate) {
        if (!candidate.event().equals(event)) return false;
        for (Map.Entry<String, String> filter : filters.entrySet()) {
            if (!same(valueOf(candidate, filter.getKey()), filter.getValue())) return false;
        }
        return true;
    }

    /**
     * @param event an event
     * @param name a property name, a field's JSON name, or {@code variants.EXPERIMENT}
     * @return the value, or null when the event has none
     */
    static Object valueOf(AnalyticsEvent event, String name) {
        if (event.properties().containsKey(name)) return event.properties().get(name);
        if (name.startsWith("variants.")) return event.variants().get(name.substring("variants.".length()));
        return switch (name) {
            case "user" -> event.user();
            case "session" -> event.session();
            case "rule" -> event.rule();
            case "model" -> event.model();
            case "cache" -> event.cache();
            case "outcome" -> event.outcome();
            case "error_type" -> event.errorType();
            case "similarity" -> event.similarity();
            case "input_tokens" -> event.inputTokens();
            case "output_tokens" -> event.outputTokens();
            case "cost_usd" -> event.costUsd();
            case "saved_usd" -> event.savedUsd();
            case "latency_ms" -> event.latencyMs();
            default -> null;
        };
    }

    private static boolean same(Object actual, String wanted) {
        if (actual == null) return false;
        if (actual instanceof Number number) {
            try {
                return number.doubleValue() == Double.parseDouble(wanted);
            } catch (NumberFormatException notANumber) {
                return false;
            }
        }
        return actual.toString().equals(wanted);
    }

    /** @return the selector as it is written, such as {@code llm_call[model=gpt-4o]} */
    @Override
    public String toString() {
        if (filters.isEmpty()) return event;
        StringJoiner text = new StringJoiner(",", event + "[", "]");
        filters.forEach((name, value) -> text.add(name + "=" + value));
        return text.toString();
    }
}
