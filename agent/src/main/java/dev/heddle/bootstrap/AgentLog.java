package dev.heddle.bootstrap;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Heddle's own log: lines on standard error that start with {@code [heddle]}. Heddle never writes
 * to the app's standard output and never configures the app's logging framework.
 *
 * <p>Internal errors are logged once per kind (with the stack trace only in debug mode), so a
 * failing stage on a hot path cannot flood the app's log.
 */
public final class AgentLog {

    private static final int MAX_REMEMBERED_KINDS = 1_000;

    private static volatile boolean debug;
    private static final Map<String, Boolean> LOGGED_ONCE = new ConcurrentHashMap<>();
    /** Every internal error, logged or not, so that an operator sees how often Heddle stepped aside. */
    private static final LongAdder INTERNAL_ERRORS = new LongAdder();

    private AgentLog() {
    }

    /**
     * @param enabled whether debug lines are written
     */
    public static void setDebug(boolean enabled) {
        debug = enabled;
    }

    /** @return whether debug lines are written */
    public static boolean isDebug() {
        return debug;
    }

    /** @param message a line for the operator */
    public static void info(String message) {
        write("INFO", message);
    }

    /** @param message something the operator should fix or know */
    public static void warn(String message) {
        write("WARN", message);
    }

    /** @param message something that stops a part of Heddle from working */
    public static void error(String message) {
        write("ERROR", message);
    }

    /** @param message built only when debug is on */
    public static void debug(Supplier<String> message) {
        if (debug) write("DEBUG", message.get());
    }

    /**
     * Logs a warning the first time {@code kind} is seen, and only in debug mode after that.
     *
     * @param kind what went wrong, such as {@code unkeyable:com.example.Bot:answer}
     * @param message the warning
     */
    public static void warnOnce(String kind, String message) {
        if (firstTime(kind)) {
            warn(message);
        } else if (debug) {
            write("DEBUG", message);
        }
    }

    /**
     * An internal error that Heddle survived: the call proceeded as without the agent.
     *
     * @param where the stage that failed
     * @param error what it threw
     */
    public static void internalError(String where, Throwable error) {
        INTERNAL_ERRORS.increment();
        if (firstTime("internal:" + where + ":" + error.getClass().getName()) || debug) {
            write("ERROR", "internal error in " + where + " (the call went on as without Heddle; further"
                    + " errors of this kind are logged only with debug=true): " + error);
        }
        if (debug) {
            error.printStackTrace(System.err);
        }
    }

    /** @return the internal errors Heddle survived since the JVM started, each counted, though logged once per kind */
    public static long internalErrors() {
        return INTERNAL_ERRORS.sum();
    }

    private static boolean firstTime(String kind) {
        if (LOGGED_ONCE.size() >= MAX_REMEMBERED_KINDS) return false;
        return LOGGED_ONCE.putIfAbsent(kind, Boolean.TRUE) == null;
    }

    private static void write(String level, String message) {
        System.err.println("[heddle] " + level + " " + message);
    }
}
