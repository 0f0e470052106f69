package dev.heddle.resilience;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;

/**
 * Keeps a rule's retries to a fraction of its calls, so that a failing vendor does not get every
 * call several times over (a retry storm): a retry is allowed while the retries of the last
 * {@value #WINDOW_SECONDS} seconds stay below {@code ratio × calls}, or below
 * {@value #MIN_RETRIES} so that a quiet rule can still retry.
 *
 * <p>Lock-free: one bucket per second in a ring; counts are approximate under contention, which a
 * budget tolerates.
 */
public final class RetryBudget {

    static final int WINDOW_SECONDS = 10;
    static final int MIN_RETRIES = 3;

    private final double ratio;
    private final LongSupplier clockSeconds;
    private final AtomicLongArray second = new AtomicLongArray(WINDOW_SECONDS);
    private final AtomicLongArray calls = new AtomicLongArray(WINDOW_SECONDS);
    private final AtomicLongArray retries = new AtomicLongArray(WINDOW_SECONDS);

    /**
     * @param ratio retries allowed per call, in (0, 1]
     */
    public RetryBudget(double ratio) {
        this(ratio, () -> System.nanoTime() / 1_000_000_000L);
    }

    RetryBudget(double ratio, LongSupplier clockSeconds) {
        this.ratio = ratio;
        this.clockSeconds = clockSeconds;
        for (int i = 0; i < WINDOW_SECONDS; i++) second.set(i, Long.MIN_VALUE);
    }

    /** A call of the rule started. */
    void recordCall() {
        calls.incrementAndGet(bucket(clockSeconds.getAsLong()));
    }

    /**
     * @return true, and the retry is counted, when the budget allows one more retry now
     */
    boolean tryRetry() {
        long now = clockSeconds.getAsLong();
        long windowCalls = 0;
        long windowRetries = 0;
        for (int i = 0; i < WINDOW_SECONDS; i++) {
            long bucketSecond = second.get(i);
            if (bucketSecond > now - WINDOW_SECONDS && bucketSecond <= now) {
                windowCalls += calls.get(i);
                windowRetries += retries.get(i);
            }
        }
        if (windowRetries >= Math.max(MIN_RETRIES, ratio * windowCalls)) return false;
        retries.incrementAndGet(bucket(now));
        return true;
    }

    /** A retry that {@link #tryRetry()} counted did not happen after all (no attempts were left). */
    void refund() {
        int index = bucket(clockSeconds.getAsLong());
        if (retries.getAndDecrement(index) <= 0) retries.incrementAndGet(index);
    }

    /** The ring index of a second, emptied first when it last held an older second. */
    private int bucket(long now) {
        int index = (int) Math.floorMod(now, (long) WINDOW_SECONDS);
        long held = second.get(index);
        if (held != now && second.compareAndSet(index, held, now)) {
            calls.set(index, 0);
            retries.set(index, 0);
        }
        return index;
    }
}
