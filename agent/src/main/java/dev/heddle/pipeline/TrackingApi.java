package dev.heddle.pipeline;

import dev.heddle.analytics.AnalyticsEvent;
import dev.heddle.api.Heddle;
import dev.heddle.bootstrap.AgentLog;
import dev.heddle.identity.RequestUser;
import java.lang.reflect.Field;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * Connects {@code Heddle.track}, {@code Heddle.variant} and {@code Heddle.feedback} to the
 * tracking of the configuration in force. The facade lives on the bootstrap class path and knows
 * nothing of the agent; this sets its hooks, fields of JDK functional types, by reflection.
 */
public final class TrackingApi {

    private static final String HOOKS = "dev.heddle.api.TrackingHooks";

    private TrackingApi() {
    }

    /**
     * Sets the facade's hooks; without them the facade does nothing, as without the agent.
     *
     * @param registry where the tracking in force is
     */
    public static void install(Registry registry) {
        BiConsumer<String, Map<String, ?>> track = (event, properties) -> safely("api.track", () -> {
            Tracking tracking = registry.tracking();
            if (!tracking.writesEvents()) return;
            String user = Heddle.currentUser().or(RequestUser::current).orElse(null);
            tracking.emit(AnalyticsEvent.app(Instant.now(), event, user, null, variantsOf(tracking, user), copy(properties)));
        });
        BiFunction<String, String, String> variant = (experiment, user) -> {
            try {
                Tracking tracking = registry.tracking();
                return tracking.experiments().variant(experiment, user, null, tracking::tierOf).orElse(null);
            } catch (RuntimeException internalError) {
                AgentLog.internalError("api.variant", internalError);
                return null;
            }
        };
        Consumer<Object[]> feedback = values -> safely("api.feedback", () -> {
            Tracking tracking = registry.tracking();
            if (!tracking.writesEvents()) return;
            Map<String, Object> properties = new LinkedHashMap<>();
            properties.put("gen_ai.evaluation.name", values[0]);
            properties.put("gen_ai.evaluation.score.value", values[1]);
            if (values[2] != null) properties.put("gen_ai.evaluation.score.label", values[2]);
            if (values[3] != null) properties.put("gen_ai.evaluation.explanation", values[3]);
            CallTracking.lastResponseId().ifPresent(id -> properties.put("gen_ai.response.id", id));
            String user = Heddle.currentUser().or(RequestUser::current).orElse(null);
            tracking.emit(AnalyticsEvent.app(Instant.now(), AnalyticsEvent.EVALUATION, user, null, variantsOf(tracking, user),
                    properties));
        });
        try {
            // the loader of the facade the agent links against: the bootstrap loader, where the agent jar puts it
            Class<?> hooks = Class.forName(HOOKS, true, Heddle.class.getClassLoader());
            set(hooks, "track", track);
            set(hooks, "variant", variant);
            set(hooks, "feedback", feedback);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError unavailable) {
            AgentLog.warn("Heddle.track, Heddle.variant and Heddle.feedback are not connected and do nothing: " + unavailable);
        }
    }

    /** The user's variants of every running experiment, so that an app event can be split by variant too. */
    private static Map<String, String> variantsOf(Tracking tracking, String user) {
        return user == null ? Map.of() : tracking.experiments().variantsOf(user, tracking::tierOf);
    }

    private static Map<String, Object> copy(Map<String, ?> properties) {
        Map<String, Object> copy = new LinkedHashMap<>();
        properties.forEach((name, value) -> {
            if (name != null) copy.put(name, value);
        });
        return copy;
    }

    private static void set(Class<?> hooks, String name, Object hook) throws ReflectiveOperationException {
        Field field = hooks.getDeclaredField(name);
        field.setAccessible(true);
        field.set(null, hook);
    }

    private static void safely(String where, Runnable work) {
        try {
            work.run();
        } catch (RuntimeException internalError) {
            AgentLog.internalError(where, internalError);
        }
    }
}
