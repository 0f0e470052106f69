package dev.heddle.weave;

import dev.heddle.bootstrap.AgentLog;
import dev.heddle.bootstrap.Dispatcher;
import dev.heddle.bootstrap.EdgeDispatcher;
import dev.heddle.config.ConfigException;
import dev.heddle.config.ConfigLoader;
import dev.heddle.config.ConfigProblem;
import dev.heddle.config.HeddleConfig;
import dev.heddle.config.MatchConfig;
import dev.heddle.config.RuleConfig;
import dev.heddle.http.HttpEdge;
import dev.heddle.pipeline.CallPipeline;
import dev.heddle.pipeline.FaultInjection;
import dev.heddle.pipeline.TrackingApi;
import dev.heddle.pipeline.Registry;
import dev.heddle.redis.RedisEndpoint;
import dev.heddle.reload.ConfigWatcher;
import dev.heddle.status.HeddleStatus;
import dev.heddle.status.StatusServer;
import java.io.File;
import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;

/**
 * Starts Heddle inside its own class loader.
 *
 * <p>On the app's start-up path it does only what is cheap: reads the agent arguments and the
 * configuration, installs the call pipeline behind {@link Dispatcher}, and registers the
 * {@link EarlyTransformer}. Byte Buddy, which takes most of a second to load on a small machine,
 * is installed by the {@link Weaver} on a background thread; a class that may need weaving waits
 * for it, every other class does not (see {@code docs/agent.md}). Attached to a running JVM, where
 * start-up is over, Heddle installs the weaver before {@code agentmain} returns.
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
        long start = System.nanoTime();
        AgentArguments parsed = AgentArguments.parse(arguments, System::getenv);
        AgentLog.setDebug(parsed.debug());
        FaultInjection.announce();
        byte[] configContent = parsed.config().map(AgentInstaller::readQuietly).orElse(null);
        List<String> startupProblems = new ArrayList<>();
        HeddleConfig config = loadConfig(parsed, configContent, startupProblems);
        UnavailableFeatures.report(config);
        Registry registry = new Registry(config);
        if (!startupProblems.isEmpty()) registry.rejected(startupProblems);
        Dispatcher.install(new CallPipeline(registry));
        EdgeDispatcher.install(new HttpEdge(registry));
        TrackingApi.install(registry);
        Runtime.getRuntime().addShutdownHook(new Thread(registry::closeTracking, "heddle-shutdown"));
        List<String> ruleTypes = new ArrayList<>();
        List<String> ruleMethods = new ArrayList<>();
        for (RuleConfig rule : config.rules()) {
            for (MatchConfig match : MethodSelector.matchesOf(rule)) {
                ruleTypes.add(match.type());
                ruleMethods.add(match.method());
            }
        }
        ruleTypes.add(CachedAnnotation.TYPE_NAME);
        ruleTypes.addAll(ResilienceAnnotations.NAMES);
        ruleTypes.add(TrackedAnnotation.TYPE_NAME);
        if (config.http().isPresent()) ruleTypes.add(ServletEdgePlan.HTTP_SERVLET);
        EarlyTransformer early = new EarlyTransformer(ruleTypes, ruleMethods);
        instrumentation.addTransformer(early, true);
        long onStartupPath = System.nanoTime() - start;
        Runnable installWeaver = () -> {
            boolean installed = false;
            try {
                installed = Weaver.install(registry, early, instrumentation);
                if (installed) {
                    AgentLog.info("Heddle " + version(agentJar) + " started" + (lateAttach ? " (attached at run time)" : "")
                            + ": configuration " + config.source() + ", " + config.rules().size() + " rule(s), "
                            + backends(config));
                    AgentLog.debug(() -> "start-up: " + onStartupPath / 1_000_000 + " ms on the app's start-up path, "
                            + (System.nanoTime() - start) / 1_000_000 + " ms until the weaver was ready");
                }
            } catch (Throwable failure) {
                early.weaver(null);
                AgentLog.error("the weaver could not start; Heddle weaves nothing and the app runs without it: " + failure);
                if (AgentLog.isDebug()) failure.printStackTrace(System.err);
            } finally {
                early.installationEnded();
            }
            // JMX takes a few hundred milliseconds to start: only after the classes waiting for the weaver go on
            if (installed) HeddleStatus.register(registry);
            if (installed) StatusServer.start(registry);
            if (installed && parsed.config().isPresent()) {
                Reweaver reweaver = new Reweaver(instrumentation, registry);
                new ConfigWatcher(parsed.config().get(), registry, reweaver::reweave, configContent).start();
            }
        };
        if (lateAttach) {
            // the app is running: whoever attached expects the weaving to be in place when attach returns
            early.installerThread(Thread.currentThread());
            installWeaver.run();
        } else {
            Thread installer = new Thread(installWeaver, "heddle-weaver");
            installer.setDaemon(true);
            early.installerThread(installer);
            installer.start();
        }
    }

    /** Where state lives, for the start-up line; a Redis URI is shown without its user or password. */
    private static String backends(HeddleConfig config) {
        String backends = config.redis().map(redis -> {
            String endpoint;
            try {
                endpoint = RedisEndpoint.parse(redis.uri()).toString();
            } catch (IllegalArgumentException unusable) {
                endpoint = RedisEndpoint.redact(redis.uri());
            }
            return "preset caches and quotas in Redis at " + endpoint + " (other caches in process)";
        }).orElse("caches and quotas in process");
        return backends + config.status().map(status -> ", status page on " + status.bind().getHostAddress() + ":"
                + (status.port() == 0 ? "a free port" : status.port())).orElse("");
    }

    private static String version(File agentJar) {
        try (JarFile jar = new JarFile(agentJar)) {
            String version = jar.getManifest().getMainAttributes().getValue("Implementation-Version");
            return version == null ? "(unknown version)" : version;
        } catch (IOException | RuntimeException unreadable) {
            return "(unknown version)";
        }
    }

    /** @return the file's bytes, or null when it cannot be read (the loader then says why) */
    private static byte[] readQuietly(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException | RuntimeException unreadable) {
            return null;
        }
    }

    /**
     * The configuration read at start-up, from the same bytes the watcher later compares with, so
     * that an unchanged file is never applied twice.
     */
    private static HeddleConfig loadConfig(AgentArguments arguments, byte[] content, List<String> problems) {
        if (arguments.config().isEmpty()) return HeddleConfig.empty();
        Path file = arguments.config().get();
        try {
            return content == null ? ConfigLoader.load(file)
                    : ConfigLoader.parse(new String(content, StandardCharsets.UTF_8), file.toString());
        } catch (ConfigException invalid) {
            AgentLog.error("the configuration " + file + " has " + invalid.problems().size()
                    + " problem(s); Heddle runs without its rules until it is fixed (annotations still apply):");
            for (ConfigProblem problem : invalid.problems()) {
                AgentLog.error(problem.toString());
                problems.add(problem.toString());
            }
            return HeddleConfig.empty();
        }
    }

}
