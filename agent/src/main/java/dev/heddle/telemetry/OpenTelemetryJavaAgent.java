package dev.heddle.telemetry;

/**
 * Whether the OpenTelemetry Java agent runs in this JVM. Its bootstrap classes are on the
 * bootstrap class path whenever it is attached, whatever the app's own class path holds.
 */
public final class OpenTelemetryJavaAgent {

    private static final String AGENT_INITIALIZER = AppClassName.of("io", "opentelemetry.javaagent.bootstrap.AgentInitializer");

    private OpenTelemetryJavaAgent() {
    }

    /** @return true when the OpenTelemetry Java agent is attached */
    public static boolean isPresent() {
        try {
            Class.forName(AGENT_INITIALIZER, false, null);
            return true;
        } catch (ClassNotFoundException | LinkageError absent) {
            return false;
        }
    }
}
