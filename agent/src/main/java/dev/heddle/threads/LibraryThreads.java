package dev.heddle.threads;

import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Gives the threads that Heddle's bundled libraries start, and name themselves, a {@code heddle-}
 * name, so that an operator's thread dump tells the agent's threads from the app's. The OpenTelemetry
 * SDK's batch processors and metric reader and the Redis pool's evictor take no thread factory, so
 * their threads are renamed right after the code that starts them.
 *
 * <p>Only a thread that did not exist before {@code start} ran, and whose name begins with one of
 * the library's own prefixes, is renamed: an app thread of the same library (the app's own
 * OpenTelemetry SDK) already existed, or has another name, or, started at that very moment by
 * another thread, would be the one rare misnamed thread, never a broken one.
 */
public final class LibraryThreads {

    private LibraryThreads() {
    }

    /**
     * Runs code that starts library threads, and renames them.
     *
     * @param purpose what the threads do for Heddle, such as {@code otel}: the new name is
     *     {@code heddle-<purpose>-<the library's name>}
     * @param libraryPrefixes the names the library gives its threads, as prefixes
     * @param start the code that starts them
     * @param <T> what the code returns
     * @return what {@code start} returned
     */
    public static <T> T adopt(String purpose, List<String> libraryPrefixes, Supplier<T> start) {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        T started = start.get();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (!before.contains(thread) && startsWithAny(thread.getName(), libraryPrefixes)) {
                rename(thread, "heddle-" + purpose + "-" + thread.getName());
            }
        }
        return started;
    }

    private static boolean startsWithAny(String name, List<String> prefixes) {
        for (String prefix : prefixes) {
            if (name.startsWith(prefix)) return true;
        }
        return false;
    }

    private static void rename(Thread thread, String name) {
        try {
            thread.setName(name);
        } catch (SecurityException notAllowed) {
            // a name is a courtesy to the operator; the thread works the same without it
        }
    }
}
