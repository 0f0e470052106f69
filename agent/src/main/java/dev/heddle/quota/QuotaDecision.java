package dev.heddle.quota;

import java.time.Duration;
import java.util.Optional;

/**
 * The answer of a quota check.
 *
 * <p>Admitted: the call may go on; every charge of the check was made, {@link #key()} and
 * {@link #remaining()} describe the tightest limit (the fewest units left after the charge), and
 * {@link #reservation()} holds the estimates to settle.
 *
 * <p>Refused: no charge was made. {@link #key()} names the limit that refused (of several, the one
 * that frees up last), {@link #remaining()} is what it has left, {@link #retryAfter()} is the wait
 * until this same check would be admitted as far as that limit is concerned (exact: the basis of a
 * {@code Retry-After}), and {@link #resetAfter()} the wait until that limit is back to full.
 */
public final class QuotaDecision {

    /** What the store decided. */
    public enum Outcome {
        /** Every limit had room; all were charged. */
        ADMITTED,
        /**
         * The limits could not be checked (an internal error, or Redis unreachable with no fallback
         * available) and the call was let through uncounted: Heddle fails open.
         */
        ADMITTED_UNCHECKED,
        /** A limit has no room now; nothing was charged; {@link #retryAfter()} says when. */
        REFUSED,
        /** A charge is larger than its limit's whole amount: no wait would help. */
        TOO_LARGE,
        /** The store could not check, and is set to fail closed: refused, nothing charged. */
        UNAVAILABLE
    }

    private static final QuotaDecision NOTHING_TO_CHECK = new QuotaDecision(Outcome.ADMITTED, null, null,
            Long.MAX_VALUE, Duration.ZERO, Duration.ZERO, Reservation.NONE, null);

    private final Outcome outcome;
    private final String key;
    private final Limit limit;
    private final long remaining;
    private final Duration retryAfter;
    private final Duration resetAfter;
    private final Reservation reservation;
    private final String reason;

    private QuotaDecision(Outcome outcome, String key, Limit limit, long remaining, Duration retryAfter,
                          Duration resetAfter, Reservation reservation, String reason) {
        this.outcome = outcome;
        this.key = key;
        this.limit = limit;
        this.remaining = remaining;
        this.retryAfter = retryAfter;
        this.resetAfter = resetAfter;
        this.reservation = reservation;
        this.reason = reason;
    }

    static QuotaDecision nothingToCheck() {
        return NOTHING_TO_CHECK;
    }

    static QuotaDecision admitted(Charge tightest, long remaining, long resetNanos, Reservation reservation) {
        return new QuotaDecision(Outcome.ADMITTED, tightest.key(), tightest.limit(), remaining, Duration.ZERO,
                Duration.ofNanos(resetNanos), reservation, null);
    }

    static QuotaDecision refused(Charge refusing, long remaining, long waitNanos, long resetNanos) {
        return new QuotaDecision(Outcome.REFUSED, refusing.key(), refusing.limit(), remaining, Duration.ofNanos(waitNanos),
                Duration.ofNanos(resetNanos), Reservation.NONE, null);
    }

    static QuotaDecision tooLarge(Charge refusing, long remaining, long resetNanos) {
        return new QuotaDecision(Outcome.TOO_LARGE, refusing.key(), refusing.limit(), remaining, Duration.ZERO,
                Duration.ofNanos(resetNanos), Reservation.NONE,
                "a charge of " + refusing.amount() + " exceeds the whole limit " + refusing.limit());
    }

    static QuotaDecision unchecked(String reason) {
        return new QuotaDecision(Outcome.ADMITTED_UNCHECKED, null, null, Long.MAX_VALUE, Duration.ZERO, Duration.ZERO,
                Reservation.NONE, reason);
    }

    static QuotaDecision unavailable(String reason) {
        return new QuotaDecision(Outcome.UNAVAILABLE, null, null, 0, Duration.ZERO, Duration.ZERO, Reservation.NONE, reason);
    }

    /** @return whether the call may go on ({@link Outcome#ADMITTED} or {@link Outcome#ADMITTED_UNCHECKED}) */
    public boolean admitted() {
        return outcome == Outcome.ADMITTED || outcome == Outcome.ADMITTED_UNCHECKED;
    }

    /** @return what the store decided */
    public Outcome outcome() {
        return outcome;
    }

    /** @return the key of the limit that refused, or of the tightest limit when admitted; empty when no limit decided */
    public Optional<String> key() {
        return Optional.ofNullable(key);
    }

    /** @return the limit that {@link #key()} names; empty when no limit decided */
    public Optional<Limit> limit() {
        return Optional.ofNullable(limit);
    }

    /**
     * @return units left in that limit: after the charge when admitted, as they are when refused;
     *     {@link Long#MAX_VALUE} when no limit decided
     */
    public long remaining() {
        return remaining;
    }

    /** @return when refused, the wait until the same check would be admitted by the refusing limit; zero otherwise */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** @return the wait until the limit named by {@link #key()} is back to its full amount */
    public Duration resetAfter() {
        return resetAfter;
    }

    /** @return the estimates to settle; {@link Reservation#NONE} when there are none or the check was refused */
    public Reservation reservation() {
        return reservation;
    }

    /** @return for {@link Outcome#TOO_LARGE}, {@link Outcome#UNAVAILABLE} and {@link Outcome#ADMITTED_UNCHECKED}: why */
    public Optional<String> reason() {
        return Optional.ofNullable(reason);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(outcome.name());
        if (key != null) text.append(' ').append(key).append(" (").append(limit).append("), ").append(remaining).append(" left");
        if (outcome == Outcome.REFUSED) text.append(", retry after ").append(retryAfter);
        if (reason != null) text.append(": ").append(reason);
        return text.toString();
    }
}
