package dev.heddle.quota;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Whether Redis is taken to be down, and when to try it again: after a failure, at most one call
 * per retry interval (about a second) goes to Redis to see whether it answers again, and every other
 * call uses the fallback without waiting for a timeout. No background thread: the probe is an
 * ordinary check that happens to be due. Shared by the quota store and the shared response cache.
 */
public final class RedisOutage {

    private static final long HEALTHY = Long.MIN_VALUE;

    private final LongSupplier clock;
    private final long retryNanos;
    /** {@link #HEALTHY}, or the clock time from which the next call may probe Redis. */
    private final AtomicLong nextProbe = new AtomicLong(HEALTHY);

    /**
     * @param nanoClock a clock in nanoseconds, such as {@link System#nanoTime()}
     * @param retryNanos the least time between two probes while Redis is down
     */
    public RedisOutage(LongSupplier nanoClock, long retryNanos) {
        this.clock = nanoClock;
        this.retryNanos = retryNanos;
    }

    /** @return whether Redis is taken to be down */
    public boolean isDown() {
        return nextProbe.get() != HEALTHY;
    }

    /**
     * @return whether this call should go to Redis: always while healthy; while down, for one call
     *     once the retry interval has passed (the probe), which pushes the next probe one interval on
     */
    public boolean mayTry() {
        long next = nextProbe.get();
        if (next == HEALTHY) return true;
        long now = clock.getAsLong();
        return now - next >= 0 && nextProbe.compareAndSet(next, now + retryNanos);
    }

    /** @return true when this failure took Redis from healthy to down (the caller reports it) */
    public boolean failed() {
        return nextProbe.compareAndSet(HEALTHY, clock.getAsLong() + retryNanos);
    }

    /** @return true when this success took Redis from down to healthy (the caller reports it) */
    public boolean succeeded() {
        long next = nextProbe.get();
        return next != HEALTHY && nextProbe.compareAndSet(next, HEALTHY);
    }
}
