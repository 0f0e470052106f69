package dev.heddle.it.web;

import java.util.concurrent.atomic.AtomicLong;

/**
 * How many times the app's servlets ran, process-wide: a response served from a cache in front of
 * the app never counts, so a test reads here whether a request reached the servlet.
 */
public final class ControllerRuns {

    private static final AtomicLong RUNS = new AtomicLong();

    private ControllerRuns() {
    }

    /**
     * Counts one run of an endpoint.
     *
     * @return the count including this run
     */
    public static long countOne() {
        return RUNS.incrementAndGet();
    }

    /**
     * @return the runs counted so far
     */
    public static long current() {
        return RUNS.get();
    }
}
