package dev.heddle.weave;

import dev.heddle.bootstrap.AgentLog;
import dev.heddle.bootstrap.Dispatcher;
import dev.heddle.config.ConfigException;
import dev.heddle.config.ConfigLoader;
import dev.heddle.config.ConfigProblem;
import dev.heddle.config.HeddleConfig;
import dev.heddle.pipeline.CallPipeline;
import dev.heddle.pipeline.Registry;
import java.io.File;
import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.nio.file.Path;
import java.util.jar.JarFile;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.ClassFileVersion;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.dynamic.scaffold.TypeValidation;

/**
 * Starts Heddle inside its own class loader: reads the configuration, installs the call pipeline
 * behind {@link Dispatcher}, and installs the one {@link AgentBuilder} recipe.
 *
 * <p>The recipe, as in OpenTelemetry's agent: retransformation, so classes loaded before the agent
 * (a late attach) are woven too; {@code disableClassFormatChanges()}, so a retransformed class keeps
 * its shape; inline {@code Advice} only; type descriptions read from class files, never by loading
 * classes; errors logged, successes only in debug mode.
 */
public final class AgentInstaller {

    private AgentInstaller() {
    }

    /**
     * Called reflectively by {@code dev.heddle.agent.HeddleAgent}.
     *
     * @param arguments the agent argument string, possibly null
     * @param instrumentation the JVM's instrumentation
     * @param agentJar the agent jar
     * @param lateAttach whether the agent was attached to a running JVM
     */
    public static void install(String arguments, Instrumentation instrumentation, File agentJar, boolean lateAttach) {
        AgentArguments parsed = AgentArguments.parse(arguments, System::getenv);
        AgentLog.setDebug(parsed.debug());
        if (!jvmSupported()) return;
        HeddleConfig config = loadConfig(parsed);
        UnavailableFeatures.report(config);
        Registry registry = new Registry(config);
        Dispatcher.install(new CallPipeline(registry));
        WeavePlan plan = new WeavePlan(new MethodSelector(registry::config), registry);
        builder(AgentInstaller.class.getClassLoader())
                .type(plan)
                .transform(plan)
                .installOn(instrumentation);
        AgentLog.info("Heddle " + version(agentJar) + " started" + (lateAttach ? " (attached at run time)" : "")
                + ": configuration " + config.source() + ", " + config.rules().size() + " rule(s)");
    }

    /** The one recipe; kept here, written once. */
    static AgentBuilder.Ignored builder(ClassLoader heddleLoader) {
        return new AgentBuilder.Default(new ByteBuddy().with(TypeValidation.DISABLED))
                .disableClassFormatChanges()
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                .with(AgentBuilder.PoolStrategy.Default.FAST)
                .with(AgentBuilder.DescriptionStrategy.Default.POOL_FIRST)
                .with(new WeaveListener())
                .ignore(IgnoredTypes.matcher(), IgnoredTypes.loaders(heddleLoader));
    }

    private static String version(File agentJar) {
        try (JarFile jar = new JarFile(agentJar)) {
            String version = jar.getManifest().getMainAttributes().getValue("Implementation-Version");
            return version == null ? "(unknown version)" : version;
        } catch (IOException | RuntimeException unreadable) {
            return "(unknown version)";
        }
    }

    /** Byte Buddy refuses class files newer than it knows; on such a JVM Heddle stays off. */
    private static boolean jvmSupported() {
        try {
            ClassFileVersion running = ClassFileVersion.ofThisVm();
            if (running.isGreaterThan(ClassFileVersion.latest()) && !Boolean.getBoolean("net.bytebuddy.experimental")) {
                AgentLog.warn("Java " + running.getJavaVersion() + " is newer than this Heddle supports (up to Java "
                        + ClassFileVersion.latest().getJavaVersion() + "); Heddle is disabled and the app runs without it");
                return false;
            }
            return true;
        } catch (RuntimeException unknown) {
            AgentLog.warn("cannot tell which Java version this is (" + unknown + "); Heddle is disabled");
            return false;
        }
    }

    private static HeddleConfig loadConfig(AgentArguments arguments) {
        if (arguments.config().isEmpty()) return HeddleConfig.empty();
        Path file = arguments.config().get();
        try {
            return ConfigLoader.load(file);
        } catch (ConfigException invalid) {
            AgentLog.error("the configuration " + file + " has " + invalid.problems().size()
                    + " problem(s); Heddle runs without its rules until it is fixed (annotations still apply):");
            for (ConfigProblem problem : invalid.problems()) {
                AgentLog.error(problem.toString());
            }
            return HeddleConfig.empty();
        }
    }
}
