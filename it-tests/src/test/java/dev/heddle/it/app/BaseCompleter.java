package dev.heddle.it.app;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A superclass that a YAML rule names; {@link TunedCompleter} overrides its method.
 */
public class BaseCompleter {

    /** Real runs of this class's own {@link #complete(String)}. */
    public static final AtomicInteger CALLS = new AtomicInteger();

    /**
     * Completes a prompt.
     *
     * @param prompt the prompt
     * @return the completion
     */
    public String complete(String prompt) {
        CALLS.incrementAndGet();
        return "base completion of " + prompt;
    }
}
