package dev.heddle.quota;

/**
 * A token bucket kept as GCRA (the generic cell rate algorithm): one number, the theoretical arrival
 * time {@code tat}, the time at which the bucket would be full again. Each unit costs
 * {@code window / amount} of it; a charge fits while {@code tat} after it lies at most one window
 * ahead of now. So the bucket admits a burst of {@code amount} units and refills at
 * {@code amount / window}.
 *
 * <p>{@code tat} is a double: {@code window / amount} is rarely a whole number of nanoseconds, and
 * rounding each unit's cost would shift the rate or lose a unit of the burst. Store time starts at
 * 0 when the store starts, so the double keeps sub-nanosecond precision for years. A charge is
 * admitted within a thousandth of one unit's cost ({@link #SLACK}) to absorb the rounding of the
 * sum, which is far less than one unit.
 */
final class GcraBucket extends Counter {

    /** Tolerance, as a fraction of one unit's cost. */
    static final double SLACK = 1e-3;

    private double tat;

    GcraBucket(long windowNanos) {
        super(windowNanos);
    }

    @Override
    void advance(long now) {
        if (tat < now) tat = now;
    }

    @Override
    long waitFor(long now, long amount, long need) {
        if (need > amount) return -1;
        double step = (double) window / amount;
        double over = tat + need * step - now - window;
        if (over <= step * SLACK) return 0;
        return (long) Math.ceil(over);
    }

    @Override
    long remaining(long now, long amount) {
        double step = (double) window / amount;
        return Math.max(0, (long) Math.floor((now + window - tat) / step + SLACK));
    }

    @Override
    long charge(long now, long amount, long units) {
        tat += units * ((double) window / amount);
        return NO_ENTRY;
    }

    @Override
    void correct(long now, long amount, long handle, long estimate, long actual) {
        double shift = (actual - estimate) * ((double) window / amount);
        tat = Math.max(now, tat + shift);
    }

    @Override
    long resetAfter(long now) {
        return Math.max(0, (long) Math.ceil(tat - now));
    }
}
