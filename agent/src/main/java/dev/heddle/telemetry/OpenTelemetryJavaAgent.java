package dev.heddle.telemetry;

/**
 * Whether the OpenTelemetry Java agent runs in this JVM. Its bootstrap classes are on the
 * bootstrap class path whenever it is attached, whatever the app's own class path holds. It is a
 * {@code -javaagent} that starts before the app, so the answer is found once, when Heddle first
 * traces a call.
 */
public final class OpenTelemetryJavaAgent {

    private static final String AGENT_INITIALIZER = AppClassName.of("io", "opentelemetry.javaagent.bootstrap.AgentInitializer");
    private static final boolean PRESENT = find();

    private OpenTelemetryJavaAgent() {
    }

    /** @return true when the OpenTelemetry Java agent is attached */
    public static boolean isPresent() {
        return PRESENT;
    }

    private static boolean find() {
        try {
            Class.forName(AGENT_INITIALIZER, false, null);
            return true;
        } catch (ClassNotFoundException | LinkageError absent) {
            return false;
        }
    }
}
