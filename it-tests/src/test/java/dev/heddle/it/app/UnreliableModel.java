package dev.heddle.it.app;

import dev.heddle.annotations.Cached;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code @Cached} methods that throw or return null; each counts its real runs and remembers the
 * last exception it threw, so the caller can check it received the very same instance.
 */
public class UnreliableModel {

    /** Real runs of {@link #unavailable(String)}. */
    public static final AtomicInteger UNAVAILABLE_CALLS = new AtomicInteger();
    /** Real runs of {@link #overloaded(String)}. */
    public static final AtomicInteger OVERLOADED_CALLS = new AtomicInteger();
    /** Real runs of {@link #flaky(String)}. */
    public static final AtomicInteger FLAKY_CALLS = new AtomicInteger();
    /** Real runs of {@link #nothing(String)}. */
    public static final AtomicInteger NOTHING_CALLS = new AtomicInteger();

    /** The exception most recently thrown by any method here. */
    public static volatile Throwable lastThrown;

    /**
     * Always throws a checked exception.
     *
     * @param prompt the prompt, echoed in the message
     * @return never
     * @throws ModelUnavailableException always
     */
    @Cached(ttl = "10m")
    public String unavailable(String prompt) throws ModelUnavailableException {
        UNAVAILABLE_CALLS.incrementAndGet();
        throw remember(new ModelUnavailableException("model unavailable for: " + prompt));
    }

    /**
     * Always throws an unchecked exception.
     *
     * @param prompt the prompt, echoed in the message
     * @return never
     */
    @Cached(ttl = "10m")
    public String overloaded(String prompt) {
        OVERLOADED_CALLS.incrementAndGet();
        throw remember(new IllegalStateException("model overloaded for: " + prompt));
    }

    /**
     * Throws on its first run, answers on later runs.
     *
     * @param prompt the prompt
     * @return the answer, from the second run on
     */
    @Cached(ttl = "10m")
    public String flaky(String prompt) {
        if (FLAKY_CALLS.incrementAndGet() == 1) {
            throw remember(new IllegalStateException("first call fails for: " + prompt));
        }
        return "flaky answer to " + prompt;
    }

    /**
     * Always returns null.
     *
     * @param prompt ignored
     * @return null
     */
    @Cached(ttl = "10m")
    public String nothing(String prompt) {
        NOTHING_CALLS.incrementAndGet();
        return null;
    }

    private static <T extends Throwable> T remember(T thrown) {
        lastThrown = thrown;
        return thrown;
    }
}
