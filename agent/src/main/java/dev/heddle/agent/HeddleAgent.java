package dev.heddle.agent;

import java.io.File;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.security.CodeSource;
import java.util.jar.JarFile;

/**
 * The {@code Premain-Class} and {@code Agent-Class} of {@code heddle-agent.jar}.
 *
 * <p>This class only lays out the three tiers: it puts the bridge ({@code dev.heddle.bootstrap},
 * {@code dev.heddle.api}) on the bootstrap class path, where every class loader sees it, and starts
 * the installer inside Heddle's own {@link AgentClassLoader}, where the app cannot see it. It has no
 * static state, and it catches every {@link Throwable}: Heddle can never stop the app from starting.
 */
public final class HeddleAgent {

    private static final String INSTALLER = "dev.heddle.weave.AgentInstaller";
    private static final String STARTED_PROPERTY = "dev.heddle.agent.started";

    private HeddleAgent() {
    }

    /**
     * Called by the JVM for {@code -javaagent:heddle-agent.jar[=arguments]}.
     *
     * @param arguments the agent arguments, such as {@code config=/path/heddle.yaml,debug=true}; may be null
     * @param instrumentation the JVM's instrumentation
     */
    public static void premain(String arguments, Instrumentation instrumentation) {
        start(arguments, instrumentation, false);
    }

    /**
     * Called by the JVM when the agent is attached to a running JVM.
     *
     * @param arguments the agent arguments; may be null
     * @param instrumentation the JVM's instrumentation
     */
    public static void agentmain(String arguments, Instrumentation instrumentation) {
        start(arguments, instrumentation, true);
    }

    private static void start(String arguments, Instrumentation instrumentation, boolean lateAttach) {
        try {
            if (System.getProperty(STARTED_PROPERTY) != null) {
                System.err.println("[heddle] WARN the agent is already running in this JVM; this second start is ignored");
                return;
            }
            System.setProperty(STARTED_PROPERTY, "true");
            File jar = agentJar();
            instrumentation.appendToBootstrapClassLoaderSearch(new JarFile(jar));
            ClassLoader agentLoader = new AgentClassLoader(jar);
            Class<?> installer = agentLoader.loadClass(INSTALLER);
            Method install = installer.getMethod("install", String.class, Instrumentation.class, File.class, boolean.class);
            install.invoke(null, arguments, instrumentation, jar, lateAttach);
        } catch (InvocationTargetException failure) {
            reportFailure(failure.getCause());
        } catch (Throwable failure) {
            reportFailure(failure);
        }
    }

    private static void reportFailure(Throwable failure) {
        System.err.println("[heddle] ERROR the agent could not start and stays off; the app runs without it: " + failure);
        for (Throwable cause = failure.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            System.err.println("[heddle] ERROR   caused by: " + cause);
        }
    }

    /** @return the jar this class was loaded from, which holds every tier */
    static File agentJar() throws URISyntaxException {
        CodeSource source = HeddleAgent.class.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            throw new IllegalStateException("cannot tell which jar the agent was loaded from");
        }
        return new File(source.getLocation().toURI());
    }
}
