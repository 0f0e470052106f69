package dev.heddle.reload;

import dev.heddle.bootstrap.AgentLog;
import dev.heddle.config.ConfigException;
import dev.heddle.config.ConfigLoader;
import dev.heddle.config.ConfigProblem;
import dev.heddle.config.HeddleConfig;
import dev.heddle.pipeline.Registry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Watches the configuration file and applies a valid change while the app runs.
 *
 * <p>The file is read every {@link #DEFAULT_INTERVAL} and compared by content, not by time stamp or
 * file-system events: an editor that writes a new file and renames it, a Kubernetes config map
 * that swaps a symbolic link, a file system without change notifications all look the same here.
 * A change is parsed and validated in full before anything is applied; an invalid file is reported
 * once, each problem with its line and column, and the configuration in force keeps running. A
 * valid one replaces every policy at once ({@link Registry#apply}); then the classes whose rules
 * changed are woven again, and only then does the new version show (in the status and JMX), so that
 * whoever waits for it finds the change applied in full.
 */
public final class ConfigWatcher {

    /** How often the file is read. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);

    /**
     * The largest file read: a configuration is a few kilobytes, and a file swapped for a log or a
     * disk image must not be read into the app's heap every second.
     */
    public static final long MAX_BYTES = 1024 * 1024;

    private final Path file;
    private final Registry registry;
    private final BiConsumer<HeddleConfig, HeddleConfig> reweave;
    private byte[] lastContent;
    /** Why the file could not be read at the last check, or null; a problem is reported when it changes, not at every check. */
    private String lastProblem;
    private ScheduledExecutorService scheduler;

    /**
     * @param file the configuration file
     * @param registry where the configuration in force is
     * @param reweave weaves again the classes whose rules changed, given the configuration before and after
     * @param contentAtStart what the file held when the configuration in force was read; null when unknown
     */
    public ConfigWatcher(Path file, Registry registry, BiConsumer<HeddleConfig, HeddleConfig> reweave, byte[] contentAtStart) {
        this.file = file;
        this.registry = registry;
        this.reweave = reweave;
        this.lastContent = contentAtStart;
    }

    /** Starts reading the file on a daemon thread of its own. */
    public synchronized void start() {
        if (scheduler != null) return;
        scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "heddle-config-watcher");
            thread.setDaemon(true);
            return thread;
        });
        long interval = DEFAULT_INTERVAL.toMillis();
        scheduler.scheduleWithFixedDelay(this::checkSafely, interval, interval, TimeUnit.MILLISECONDS);
    }

    /** A file that cannot be used at all: reported and shown on the MBean once per new problem, never at every check. */
    private void unusable(String problem) {
        if (problem.equals(lastProblem)) return;
        lastProblem = problem;
        registry.rejected(List.of(problem));
        AgentLog.error("the configuration " + file + " cannot be used; version " + registry.configVersion()
                + " keeps running: " + problem);
    }

    private void checkSafely() {
        try {
            check();
        } catch (Throwable internalError) {
            // the watcher must outlive any failure, or later changes would be ignored in silence
            AgentLog.internalError("reload.check", internalError);
        }
    }

    /**
     * Reads the file once and applies it if it changed and is valid.
     *
     * @return whether a new configuration was applied
     */
    public boolean check() {
        byte[] content;
        try {
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                unusable(file + ": the file is " + size + " bytes, more than the " + MAX_BYTES + " a configuration may have;"
                        + " it is not read");
                return false;
            }
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException missing) {
            unusable(file + ": the file is gone; the configuration in force keeps running until it is back");
            return false;
        } catch (IOException unreadable) {
            unusable(file + ": the file cannot be read (" + unreadable + ")");
            return false;
        }
        if (lastProblem != null) {
            // the file is back: whatever it holds now is applied (or rejected) as a change, so the operator sees it
            lastProblem = null;
            lastContent = null;
        }
        if (Arrays.equals(content, lastContent)) return false;
        lastContent = content;
        HeddleConfig next;
        try {
            next = ConfigLoader.parse(Utf8Text.decode(content, file.toString()), file.toString());
        } catch (ConfigException invalid) {
            List<String> problems = invalid.problems().stream().map(ConfigProblem::toString).toList();
            registry.rejected(problems);
            AgentLog.error("the configuration " + file + " changed but has " + problems.size() + " problem(s); version "
                    + registry.configVersion() + " keeps running:");
            problems.forEach(AgentLog::error);
            return false;
        }
        HeddleConfig previous = registry.config();
        registry.apply(next, () -> reweave.accept(previous, next));
        AgentLog.info("configuration " + file + " reloaded: version " + registry.configVersion() + ", " + next.rules().size()
                + " rule(s)");
        return true;
    }
}
