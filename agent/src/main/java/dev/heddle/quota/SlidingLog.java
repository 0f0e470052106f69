package dev.heddle.quota;

/**
 * An exact sliding window: every charge with its time stamp, in a ring that grows as needed, and
 * the running sum of the charges younger than one window.
 *
 * <p>A charge made at {@code t} counts while {@code now - t < window}. The entries are in time
 * order (the store reads its clock under this counter's lock), so expiry only drops from the head
 * and an entry is found again by its sequence number.
 */
final class SlidingLog extends Counter {

    private static final int INITIAL_CAPACITY = 8;

    private long[] stamps = new long[INITIAL_CAPACITY];
    private long[] units = new long[INITIAL_CAPACITY];
    /** Sequence number of the oldest entry. */
    private long head;
    /** Sequence number of the next entry. */
    private long tail;
    private long total;

    SlidingLog(long windowNanos) {
        super(windowNanos);
    }

    @Override
    void advance(long now) {
        while (head < tail && now - stamps[slot(head)] >= window) {
            total -= units[slot(head)];
            head++;
        }
    }

    @Override
    long waitFor(long now, long amount, long need) {
        long excess = total + need - amount;
        if (excess <= 0) return 0;
        if (need > amount) return -1;
        long freed = 0;
        for (long entry = head; entry < tail; entry++) {
            freed += units[slot(entry)];
            if (freed >= excess) return stamps[slot(entry)] + window - now;
        }
        throw new IllegalStateException("sliding log total " + total + " exceeds the sum of its entries");
    }

    @Override
    long remaining(long now, long amount) {
        return Math.max(0, amount - total);
    }

    @Override
    long charge(long now, long amount, long count) {
        if (count == 0) return NO_ENTRY;
        if (tail - head == stamps.length) grow();
        stamps[slot(tail)] = now;
        units[slot(tail)] = count;
        total += count;
        return tail++;
    }

    @Override
    void correct(long now, long amount, long handle, long estimate, long actual) {
        long difference = actual - estimate;
        if (handle != NO_ENTRY && handle >= head && handle < tail) {
            units[slot(handle)] += difference;
            total += difference;
        } else if (difference > 0) {
            // the estimate has left the window (or was never logged): the extra units were spent now
            charge(now, amount, difference);
        }
    }

    @Override
    long resetAfter(long now) {
        return head == tail ? 0 : Math.max(0, stamps[slot(tail - 1)] + window - now);
    }

    /** @return entries held, for tests */
    int entries() {
        return (int) (tail - head);
    }

    private int slot(long sequence) {
        return (int) (sequence & (stamps.length - 1));
    }

    private void grow() {
        int size = stamps.length;
        long[] newStamps = new long[size * 2];
        long[] newUnits = new long[size * 2];
        for (long entry = head; entry < tail; entry++) {
            int to = (int) (entry & (size * 2 - 1));
            newStamps[to] = stamps[slot(entry)];
            newUnits[to] = units[slot(entry)];
        }
        stamps = newStamps;
        units = newUnits;
    }
}
