package dev.heddle.api;

import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * Where {@link Heddle}'s tracking calls go: nowhere until the agent sets these fields, by
 * reflection, to its own handlers. Only JDK types cross, so that the agent's relocated classes
 * never meet the app's; nothing here is API.
 */
final class TrackingHooks {

    /** Receives {@code Heddle.track(event, properties)}. */
    static volatile BiConsumer<String, Map<String, ?>> track;
    /** Answers {@code Heddle.variant(experiment, user)}: the variant's name, or null. */
    static volatile BiFunction<String, String, String> variant;
    /** Receives {@code Heddle.feedback(...)}: evaluation name, score (Double or null), label (or null), explanation (or null). */
    static volatile Consumer<Object[]> feedback;

    private TrackingHooks() {
    }
}
