package dev.heddle.quota;

import java.time.Duration;
import java.util.Objects;

/**
 * One limit: at most {@code amount} units (requests, or LLM tokens) per {@code window}, enforced
 * by one of two algorithms. Immutable.
 *
 * <ul>
 *   <li>{@link Algorithm#SLIDING_WINDOW}: an exact sliding log. Every admitted charge is kept with
 *       its time stamp until it is one window old, so that <em>any</em> interval of one window
 *       length holds at most {@code amount} units: no burst of twice the limit where two fixed
 *       windows meet. It costs memory in proportion to the charges of the last window (in process
 *       16 bytes a charge; in Redis a sorted-set member of about 60 bytes), at most {@code amount}
 *       entries for a request limit.</li>
 *   <li>{@link Algorithm#TOKEN_BUCKET}: a token bucket of capacity {@code amount} that refills
 *       smoothly at {@code amount / window}, kept as GCRA (one "theoretical arrival time" per key,
 *       8 bytes): a burst of up to {@code amount} units at once, then units at the refill rate.</li>
 * </ul>
 *
 * <p>The key of a limit's counter includes the algorithm and the window, so a limit whose window
 * changes (a new configuration) starts counting afresh, while one whose amount changes (a new
 * configuration, or {@link LoadShrink} under load) goes on from what was counted.
 */
public final class Limit {

    /** How a limit counts. */
    public enum Algorithm {
        /** Exact sliding log: at most {@code amount} units in any interval of one window. */
        SLIDING_WINDOW,
        /** Token bucket (GCRA): bursts up to {@code amount}, refilled at {@code amount / window}. */
        TOKEN_BUCKET
    }

    private final long amount;
    private final Duration window;
    private final Algorithm algorithm;
    private final long windowNanos;

    /**
     * @param amount units per window, at least 1
     * @param window at least 1 ms and at most 366 days, in whole milliseconds (Redis counts in
     *     microseconds and expires keys in milliseconds)
     * @param algorithm how to count
     */
    public Limit(long amount, Duration window, Algorithm algorithm) {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(algorithm, "algorithm");
        if (amount < 1) throw new IllegalArgumentException("a limit's amount must be at least 1, but was " + amount);
        if (window.compareTo(Duration.ofMillis(1)) < 0 || window.compareTo(Duration.ofDays(366)) > 0
                || window.getNano() % 1_000_000 != 0) {
            throw new IllegalArgumentException("a limit's window must be whole milliseconds from 1 ms to 366 days, but was " + window);
        }
        this.amount = amount;
        this.window = window;
        this.algorithm = algorithm;
        this.windowNanos = window.toNanos();
    }

    /**
     * @param amount units per window
     * @param window the window that slides
     * @return an exact sliding-window limit
     */
    public static Limit slidingWindow(long amount, Duration window) {
        return new Limit(amount, window, Algorithm.SLIDING_WINDOW);
    }

    /**
     * @param capacity the largest burst, and the units refilled per {@code window}
     * @param window the time in which an empty bucket fills up again
     * @return a token-bucket limit
     */
    public static Limit tokenBucket(long capacity, Duration window) {
        return new Limit(capacity, window, Algorithm.TOKEN_BUCKET);
    }

    /** @return units per window */
    public long amount() {
        return amount;
    }

    /** @return the window */
    public Duration window() {
        return window;
    }

    /** @return how this limit counts */
    public Algorithm algorithm() {
        return algorithm;
    }

    long windowNanos() {
        return windowNanos;
    }

    /**
     * @param newAmount the amount of the copy, at least 1
     * @return this limit with another amount; {@code this} when the amount is the same
     */
    public Limit withAmount(long newAmount) {
        return newAmount == amount ? this : new Limit(newAmount, window, algorithm);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Limit that && amount == that.amount && windowNanos == that.windowNanos
                && algorithm == that.algorithm;
    }

    @Override
    public int hashCode() {
        return Objects.hash(amount, windowNanos, algorithm);
    }

    /** @return such as {@code 100/PT1H sliding window} */
    @Override
    public String toString() {
        return amount + "/" + window + (algorithm == Algorithm.SLIDING_WINDOW ? " sliding window" : " token bucket");
    }
}
