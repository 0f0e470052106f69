package dev.heddle.it.harness;

import java.nio.file.Path;

/**
 * Child JVMs for the test apps of {@code dev.heddle.it.app}: the right class path and small-machine
 * JVM flags, with or without the agent.
 */
public final class TestApps {

    /** Flags that keep a child light on a small machine; none changes what the app does. */
    private static final String[] LIGHT_FLAGS = {"-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"};

    private TestApps() {
    }

    /**
     * A child that runs a test app on a JDK, without the agent; add it with {@link #withAgent} or
     * {@link ChildJvm.Builder#javaagent(Path, String)}.
     *
     * @param jdk the JDK to run on
     * @param mainClass the test app
     * @param workingDirectory the child's working directory, normally a fresh temporary folder
     * @return a builder with class path {@code target/test-classes} plus the Heddle annotations
     */
    public static ChildJvm.Builder app(Jdk jdk, Class<?> mainClass, Path workingDirectory) {
        return light(jdk, workingDirectory)
                .classpath(ItFiles.testClasses(), ItFiles.annotations())
                .mainClass(mainClass);
    }

    /**
     * A child on a JDK with the small-machine flags and nothing else.
     *
     * @param jdk the JDK to run on
     * @param workingDirectory the child's working directory
     * @return a builder with no class path and no main class yet
     */
    public static ChildJvm.Builder light(Jdk jdk, Path workingDirectory) {
        return ChildJvm.builder().jdk(jdk).jvmFlags(LIGHT_FLAGS).workingDirectory(workingDirectory);
    }

    /**
     * Adds {@code -javaagent:<agent jar>=<agentArgs>} to a child.
     *
     * @param child the child to change
     * @param agentArgs the agent's argument string, null for none
     * @return the same builder
     */
    public static ChildJvm.Builder withAgent(ChildJvm.Builder child, String agentArgs) {
        return child.javaagent(ItFiles.agentJar(), agentArgs);
    }

    /**
     * The agent argument string that loads a configuration file.
     *
     * @param config the YAML file
     * @return {@code config=<absolute path>}
     */
    public static String configArg(Path config) {
        return "config=" + config.toAbsolutePath();
    }

    /**
     * The flags a JVM needs to accept an agent attached at run time without complaint: on JDK 21
     * and later, {@code -XX:+EnableDynamicAgentLoading} (JEP 451); none before.
     *
     * @param jdk the child's JDK
     * @return the flags, possibly none
     */
    public static String[] lateAttachFlags(Jdk jdk) {
        return jdk.major() >= 21 ? new String[] {"-XX:+EnableDynamicAgentLoading"} : new String[0];
    }
}
