package dev.heddle.it.app;

import dev.heddle.annotations.CircuitBreaker;
import dev.heddle.annotations.Fallback;
import dev.heddle.annotations.Retry;
import dev.heddle.annotations.Timeout;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Methods with Heddle's resilience annotations; each counts how often it really ran. */
public class ResilientAssistant {

    /** Real runs of {@link #flaky(String)}. */
    public static final AtomicInteger FLAKY_CALLS = new AtomicInteger();
    /** Real runs of {@link #broken(String)}. */
    public static final AtomicInteger BROKEN_CALLS = new AtomicInteger();
    /** Real runs of {@link #count()}. */
    public static final AtomicInteger COUNT_CALLS = new AtomicInteger();
    /** Real runs of {@link #unavailable(String)}. */
    public static final AtomicInteger UNAVAILABLE_CALLS = new AtomicInteger();

    /** The exception {@link #unavailable(String)} always throws. */
    public static final ModelUnavailableException UNAVAILABLE = new ModelUnavailableException("model unavailable");

    /**
     * Fails twice, then answers.
     *
     * @param prompt the prompt
     * @return the answer
     */
    @Retry(maxAttempts = 3, delay = "10ms", maxDelay = "20ms")
    public String flaky(String prompt) {
        if (FLAKY_CALLS.incrementAndGet() < 3) throw new IllegalStateException("overloaded");
        return "answer to " + prompt;
    }

    /**
     * Always fails.
     *
     * @param prompt the prompt
     * @return never
     */
    @CircuitBreaker(failureThreshold = 2, openFor = "1m")
    public String broken(String prompt) {
        BROKEN_CALLS.incrementAndGet();
        throw new IllegalStateException("vendor down for " + prompt);
    }

    /**
     * Takes far longer than its timeout.
     *
     * @param prompt the prompt
     * @return never in time
     * @throws InterruptedException when the timeout interrupts it
     */
    @Timeout("300ms")
    public String slow(String prompt) throws InterruptedException {
        TimeUnit.SECONDS.sleep(6);
        return "late answer to " + prompt;
    }

    /**
     * Fails once, then returns a primitive.
     *
     * @return 7
     */
    @Retry(maxAttempts = 2, delay = "10ms")
    public int count() {
        if (COUNT_CALLS.incrementAndGet() < 2) throw new IllegalStateException("once");
        return 7;
    }

    /**
     * Always throws the same checked exception.
     *
     * @param prompt the prompt
     * @return never
     * @throws ModelUnavailableException always
     */
    @Retry(maxAttempts = 3, delay = "10ms")
    public String unavailable(String prompt) throws ModelUnavailableException {
        UNAVAILABLE_CALLS.incrementAndGet();
        throw UNAVAILABLE;
    }

    /**
     * Always fails after its retry; its fallback answers.
     *
     * @param prompt the prompt
     * @return never its own answer
     */
    @Retry(maxAttempts = 2, delay = "10ms")
    @Fallback(method = "cannedAnswer")
    public String overloaded(String prompt) {
        throw new IllegalStateException("overloaded: " + prompt);
    }

    /**
     * The fallback of {@link #overloaded(String)}; private, as an app would keep it.
     *
     * @param prompt the prompt
     * @return a fixed answer
     */
    private String cannedAnswer(String prompt) {
        return "busy; please ask again: " + prompt;
    }
}
