package dev.heddle.pipeline;

import dev.heddle.bootstrap.AgentLog;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * TEST-ONLY: throws an {@link InjectedFault} inside a named pipeline stage, so that a test can prove
 * that an internal error in any stage fails open (the app's call is answered once, by its own method
 * or by the stage's documented fallback), is logged once and is counted.
 *
 * <p>Switched on only by the system property {@value #PROPERTY}, a comma-separated list of stage
 * names ({@link #STAGES}), read once when the agent starts. Without it each hook costs one read of
 * a static field that is null. Never set it in production.
 */
public final class FaultInjection {

    /** The system property that names the failing stages. */
    public static final String PROPERTY = "heddle.test.failStage";

    /** Every stage that has a hook, in pipeline order. */
    public static final Set<String> STAGES = Set.of("key", "cache.lookup", "singleflight", "semantic.lookup", "quota.check",
            "retry", "circuit", "bulkhead", "timeout", "fallback", "cache.store", "semantic.store", "quota.settle",
            "accounting", "tracking.span", "tracking.event");

    private static volatile Set<String> failing = fromProperty();

    private FaultInjection() {
    }

    /**
     * Reads the switch now (the agent calls this once at start-up) and says loudly when it is on.
     */
    public static void announce() {
        Set<String> stages = failing;
        if (stages != null) {
            AgentLog.warn("TEST-ONLY fault injection is on (-D" + PROPERTY + "): stages " + String.join(",", stages.stream()
                    .sorted().toList()) + " throw on every call; never use this outside Heddle's tests");
        }
    }

    /**
     * The hook of a stage: throws when the switch names it.
     *
     * @param stage one of {@link #STAGES}
     * @throws InjectedFault when the stage was named
     */
    public static void at(String stage) {
        Set<String> stages = failing;
        if (stages != null && stages.contains(stage)) throw new InjectedFault(stage);
    }

    private static Set<String> fromProperty() {
        try {
            return parse(System.getProperty(PROPERTY));
        } catch (IllegalArgumentException unknownStage) {
            AgentLog.error(unknownStage.getMessage() + "; no fault is injected");
            return null;
        }
    }

    /**
     * @param value the property's value, or null
     * @return the named stages, or null when none is named
     * @throws IllegalArgumentException when a name is not a stage, so that a test cannot silently inject nothing
     */
    static Set<String> parse(String value) {
        if (value == null || value.isBlank()) return null;
        Set<String> stages = Arrays.stream(value.split(",")).map(String::trim).filter(name -> !name.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
        for (String stage : stages) {
            if (!STAGES.contains(stage)) {
                throw new IllegalArgumentException("-D" + PROPERTY + ": no stage " + stage + "; stages: " + STAGES);
            }
        }
        return stages.isEmpty() ? null : stages;
    }

    /**
     * For unit tests in this JVM: makes the named stages fail until the returned handle is closed.
     *
     * @param stages stage names
     * @return closes the switch again
     */
    public static AutoCloseable failing(String... stages) {
        failing = parse(String.join(",", stages));
        return () -> failing = null;
    }

    /** The exception a stage throws when the switch names it. */
    public static final class InjectedFault extends RuntimeException {

        private static final long serialVersionUID = 1L;

        InjectedFault(String stage) {
            super("fault injected at stage " + stage + " (-D" + PROPERTY + ")", null, false, false);
        }
    }
}
