package dev.heddle.quota;

import java.util.concurrent.atomic.LongAdder;

/** What one rule's quota has decided. */
public final class QuotaCounters {

    private final LongAdder admitted = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder waited = new LongAdder();

    void recordAdmitted() {
        admitted.increment();
    }

    void recordRefused() {
        refused.increment();
    }

    void recordWaited() {
        waited.increment();
    }

    /** @return calls the quota let through */
    public long admitted() {
        return admitted.sum();
    }

    /** @return calls the quota refused */
    public long refused() {
        return refused.sum();
    }

    /** @return times a call waited for a permit */
    public long waited() {
        return waited.sum();
    }
}
