package dev.heddle.resilience;

import dev.heddle.api.BulkheadFullException;
import dev.heddle.config.BulkheadConfig;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A rule's bulkhead: at most {@code maxConcurrent} attempts of its calls run at once; another waits
 * up to {@code maxWait} for a place and is then refused with {@link BulkheadFullException}.
 *
 * <p>A fair {@link Semaphore}, not Failsafe's bulkhead: Failsafe 3.3.2 loses a permit for good when
 * it refuses an execution, so a bulkhead that refused once would stay smaller forever.
 */
public final class ConcurrencyLimit {

    private final String owner;
    private final BulkheadConfig settings;
    private final Semaphore places;

    /**
     * @param owner the rule name, for messages
     * @param settings the limit and the wait
     */
    public ConcurrencyLimit(String owner, BulkheadConfig settings) {
        this.owner = owner;
        this.settings = settings;
        this.places = new Semaphore(settings.maxConcurrent(), true);
    }

    /**
     * Takes a place, waiting up to {@code maxWait}.
     *
     * @throws BulkheadFullException when no place came free in time, or the caller was interrupted
     *     while it waited (its interrupt status is kept, and the method does not run)
     */
    void enter() {
        boolean placed;
        try {
            placed = places.tryAcquire(settings.maxWait().toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException interrupted) {
            // the app's own code decides what an interrupt means: Heddle keeps it, and throws no checked
            // exception that the method may not declare
            Thread.currentThread().interrupt();
            throw new BulkheadFullException("the call of rule '" + owner + "' was interrupted while it waited for a place"
                    + " in the bulkhead", null);
        }
        if (!placed) {
            throw new BulkheadFullException("the bulkhead of rule '" + owner + "' is full: " + settings.maxConcurrent()
                    + " calls at once, and none ended within " + settings.maxWait().toMillis() + " ms; try again later", null);
        }
    }

    /** Gives a place back; once for every successful {@link #enter()}. */
    void leave() {
        places.release();
    }
}
