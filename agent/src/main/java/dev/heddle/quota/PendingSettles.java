package dev.heddle.quota;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Settles of calls that Redis admitted but that could not reach Redis afterwards (it went down),
 * kept to be applied once it answers again, so that the tokens of admitted calls are not lost.
 * Bounded: past {@code capacity} the newest are dropped (and counted), so that a long outage cannot
 * exhaust memory.
 */
final class PendingSettles {

    record Settle(Reservation reservation, long actual) {
    }

    private final int capacity;
    private final Queue<Settle> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();

    PendingSettles(int capacity) {
        this.capacity = capacity;
    }

    /** @return false when the queue is full and the settle was dropped */
    boolean add(Reservation reservation, long actual) {
        if (size.incrementAndGet() > capacity) {
            size.decrementAndGet();
            return false;
        }
        queue.add(new Settle(reservation, actual));
        return true;
    }

    /** @return the oldest pending settle, or null */
    Settle poll() {
        Settle settle = queue.poll();
        if (settle != null) size.decrementAndGet();
        return settle;
    }

    /** @return settles waiting */
    int size() {
        return size.get();
    }
}
