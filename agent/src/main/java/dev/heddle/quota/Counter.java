package dev.heddle.quota;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The in-process state of one counter (scope, key, algorithm, window), guarded by itself as a lock.
 *
 * <p>Why a lock and not compare-and-swap: a check must be all-or-nothing across several counters
 * (user, tier, model, global) and a sliding log changes several words at once; lock-free versions
 * need multi-word CAS or charge-then-roll-back, and a roll-back lets a concurrent check see a charge
 * that never sticks and be refused wrongly. The critical section is a few dozen nanoseconds, never
 * does I/O and never allocates (except when a log grows), and an uncontended
 * {@link ReentrantLock} costs one CAS like a lock-free update. Unlike {@code synchronized}, a
 * {@code ReentrantLock} parks a waiting virtual thread without pinning its carrier. Several counters
 * are always locked in the order of {@link #id}, so two checks can never deadlock.
 *
 * <p>Times are nanoseconds on the store's clock, counted from the store's start.
 */
abstract class Counter extends ReentrantLock {

    /** Returned as a handle when a charge left no entry to find again. */
    static final long NO_ENTRY = -1;

    private static final AtomicLong IDS = new AtomicLong();

    /** Unique per counter ever made: the lock order, and tells a reservation's counter from a newer one of the same key. */
    final long id = IDS.incrementAndGet();

    final long window;

    /** Set, under the lock, when the store has forgotten this counter: a check that locked it looks it up again. */
    boolean retired;

    /** Until when this counter holds anything (store time); read by the store's expiry without the lock. */
    private volatile long busyUntil;

    Counter(long windowNanos) {
        this.window = windowNanos;
    }

    /** Forgets what is older than one window. */
    abstract void advance(long now);

    /**
     * @param need units that must fit, at least 1
     * @return 0 when they fit now; the nanoseconds until they would fit; -1 when they never can
     */
    abstract long waitFor(long now, long amount, long need);

    /** @return units left now, at least 0 */
    abstract long remaining(long now, long amount);

    /**
     * Charges {@code units}, which {@link #waitFor} said fit (or which are owed).
     *
     * @return the handle that finds the charge again, or {@link #NO_ENTRY}
     */
    abstract long charge(long now, long amount, long units);

    /**
     * Corrects a charge from {@code estimate} to {@code actual}, past the limit if need be.
     *
     * @param handle from {@link #charge}, or {@link #NO_ENTRY} when it cannot be found (the counter was forgotten)
     */
    abstract void correct(long now, long amount, long handle, long estimate, long actual);

    /** @return nanoseconds until the counter is back to its full amount */
    abstract long resetAfter(long now);

    /** Records, after a change, until when this counter matters. */
    final void touched(long now) {
        busyUntil = now + resetAfter(now);
    }

    final long busyUntil() {
        return busyUntil;
    }
}
