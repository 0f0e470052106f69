package dev.heddle.it.app;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A subclass whose override of {@link BaseCompleter#complete(String)} does not call {@code super}.
 */
public class TunedCompleter extends BaseCompleter {

    /** Real runs of the override. */
    public static final AtomicInteger CALLS = new AtomicInteger();

    @Override
    public String complete(String prompt) {
        CALLS.incrementAndGet();
        return "tuned completion of " + prompt;
    }
}
