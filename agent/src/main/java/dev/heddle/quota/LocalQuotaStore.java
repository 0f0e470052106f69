package dev.heddle.quota;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.heddle.bootstrap.AgentLog;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Quota counters in this JVM.
 *
 * <p>Each counter ({@link SlidingLog} or {@link GcraBucket}) is its own small lock; a check locks
 * the counters it names in a fixed order, decides, charges all or none, and unlocks: exact and
 * all-or-nothing, with no {@code synchronized} anywhere (virtual threads are never pinned), no
 * allocation per check beyond the decision and the look-up keys, and no contention between checks
 * that share no counter. Why a lock rather than CAS is explained on {@link Counter}.
 *
 * <p>Counters live in a bounded Caffeine cache: at most {@code maxKeys}; a counter idle past the
 * time it holds anything (one window after its last charge, more while it carries a debt) expires.
 * When more keys are active than {@code maxKeys}, the least valuable counters are forgotten and
 * start again from zero: the bound protects memory at the price of some exactness for the keys
 * evicted.
 *
 * <p>The clock is injectable ({@link System#nanoTime()} by default) so that tests never sleep.
 */
public final class LocalQuotaStore implements QuotaStore {

    /** The number of counters kept when none is given. */
    public static final long DEFAULT_MAX_KEYS = 100_000;

    private static final int MAX_LOOKUP_ROUNDS = 1_000;

    private final LongSupplier clock;
    private final long origin;
    private final Cache<CounterKey, Counter> counters;

    /** A store on {@link System#nanoTime()} that keeps at most {@value #DEFAULT_MAX_KEYS} counters. */
    public LocalQuotaStore() {
        this(DEFAULT_MAX_KEYS, System::nanoTime);
    }

    /**
     * @param maxKeys the most counters kept, at least 1
     * @param nanoClock a monotonic clock in nanoseconds, such as {@code System::nanoTime}
     */
    public LocalQuotaStore(long maxKeys, LongSupplier nanoClock) {
        if (maxKeys < 1) throw new IllegalArgumentException("maxKeys must be at least 1, but was " + maxKeys);
        this.clock = nanoClock;
        this.origin = nanoClock.getAsLong();
        this.counters = Caffeine.newBuilder()
                .maximumSize(maxKeys)
                .expireAfter(new IdleAfterWindow())
                .ticker(nanoClock::getAsLong)
                // maintenance on the calling threads: no tasks in the app's common pool
                .executor(Runnable::run)
                .evictionListener((CounterKey key, Counter counter, com.github.benmanes.caffeine.cache.RemovalCause cause) -> retire(counter))
                .build();
    }

    @Override
    public QuotaDecision acquire(QuotaCheck check) {
        try {
            return decide(check);
        } catch (RuntimeException e) {
            AgentLog.internalError("quota check", e);
            return QuotaDecision.unchecked("internal error: " + e);
        }
    }

    @Override
    public void settle(Reservation reservation, long actualAmount) {
        if (actualAmount < 0) throw new IllegalArgumentException("the actual amount must be at least 0, but was " + actualAmount);
        if (reservation.owner() != this || !reservation.markDone()) return;
        try {
            List<Charge> estimates = reservation.estimates();
            for (int i = 0; i < estimates.size(); i++) {
                correct(reservation.scope(), estimates.get(i), reservation.handle(2 * i), reservation.handle(2 * i + 1), actualAmount);
            }
        } catch (RuntimeException e) {
            AgentLog.internalError("quota settle", e);
        }
    }

    /** Forgets every counter; the store holds no thread or connection. */
    @Override
    public void close() {
        counters.invalidateAll();
    }

    /** @return counters held now, after expiry and eviction have run (for tests and counters) */
    long trackedKeys() {
        counters.cleanUp();
        return counters.estimatedSize();
    }

    private QuotaDecision decide(QuotaCheck check) {
        List<Charge> charges = check.charges();
        int size = charges.size();
        if (size == 0) return QuotaDecision.nothingToCheck();
        Counter[] locked = new Counter[size];
        int[] order = new int[size];
        for (int round = 0; ; round++) {
            for (int i = 0; i < size; i++) {
                locked[i] = counters.get(CounterKey.of(check.scope(), charges.get(i)), CounterKey::newCounter);
            }
            sortById(locked, order);
            for (int i = 0; i < size; i++) locked[order[i]].lock();
            try {
                if (!anyRetired(locked)) return decideLocked(check, locked);
            } finally {
                for (int i = size - 1; i >= 0; i--) locked[order[i]].unlock();
            }
            if (round == MAX_LOOKUP_ROUNDS) throw new IllegalStateException("quota counters kept being evicted while checked");
            Thread.onSpinWait();
        }
    }

    /** Runs with every counter of the check locked, so the clock read here is ordered per counter. */
    private QuotaDecision decideLocked(QuotaCheck check, Counter[] counters) {
        List<Charge> charges = check.charges();
        long now = clock.getAsLong() - origin;
        int refusing = -1;
        long longestWait = 0;
        for (int i = 0; i < counters.length; i++) {
            Charge charge = charges.get(i);
            Counter counter = counters[i];
            counter.advance(now);
            long wait = counter.waitFor(now, charge.limit().amount(), Math.max(1, charge.amount()));
            if (wait != 0 && longestWait != -1 && (wait == -1 || wait > longestWait)) {
                refusing = i;
                longestWait = wait;
            }
        }
        if (refusing >= 0) {
            Charge charge = charges.get(refusing);
            Counter counter = counters[refusing];
            long remaining = counter.remaining(now, charge.limit().amount());
            return longestWait == -1
                    ? QuotaDecision.tooLarge(charge, remaining, counter.resetAfter(now))
                    : QuotaDecision.refused(charge, remaining, longestWait, counter.resetAfter(now));
        }
        List<Charge> estimates = check.hasEstimates() ? check.estimates() : List.of();
        long[] handles = estimates.isEmpty() ? null : new long[2 * estimates.size()];
        int tightest = 0;
        long leastRemaining = Long.MAX_VALUE;
        for (int i = 0, estimate = 0; i < counters.length; i++) {
            Charge charge = charges.get(i);
            Counter counter = counters[i];
            long handle = counter.charge(now, charge.limit().amount(), charge.amount());
            counter.touched(now);
            if (charge.isEstimate()) {
                handles[estimate++] = counter.id;
                handles[estimate++] = handle;
            }
            long remaining = counter.remaining(now, charge.limit().amount());
            if (remaining < leastRemaining) {
                leastRemaining = remaining;
                tightest = i;
            }
        }
        Reservation reservation = estimates.isEmpty()
                ? Reservation.NONE
                : new Reservation(this, check.scope(), estimates, handles, null);
        return QuotaDecision.admitted(charges.get(tightest), leastRemaining, counters[tightest].resetAfter(now), reservation);
    }

    /**
     * Corrects one estimate inside the cache's compute, so that the counter cannot be evicted
     * meanwhile and its expiry is computed from the corrected state.
     */
    private void correct(String scope, Charge estimate, long counterId, long handle, long actual) {
        if (actual == estimate.amount()) return;
        counters.asMap().compute(CounterKey.of(scope, estimate), (key, counter) -> {
            if (counter == null) {
                if (actual < estimate.amount()) return null; // forgotten already: nothing left to refund
                counter = key.newCounter();
            }
            counter.lock();
            try {
                long now = clock.getAsLong() - origin;
                counter.advance(now);
                counter.correct(now, estimate.limit().amount(), counter.id == counterId ? handle : Counter.NO_ENTRY,
                        estimate.amount(), actual);
                counter.touched(now);
            } finally {
                counter.unlock();
            }
            return counter;
        });
    }

    private static void retire(Counter counter) {
        counter.lock();
        try {
            counter.retired = true;
        } finally {
            counter.unlock();
        }
    }

    private static boolean anyRetired(Counter[] counters) {
        for (Counter counter : counters) {
            if (counter.retired) return true;
        }
        return false;
    }

    /** Insertion sort of the indexes by counter id: checks have a handful of charges. */
    private static void sortById(Counter[] counters, int[] order) {
        for (int i = 0; i < order.length; i++) {
            int index = i;
            int at = i;
            while (at > 0 && counters[order[at - 1]].id > counters[index].id) {
                order[at] = order[at - 1];
                at--;
            }
            order[at] = index;
        }
    }

    /**
     * A counter is kept one window past each use, plus whatever it still holds beyond that (a debt
     * from a settle past the limit): a use charges at most up to one window ahead.
     */
    private final class IdleAfterWindow implements Expiry<CounterKey, Counter> {

        @Override
        public long expireAfterCreate(CounterKey key, Counter counter, long currentTime) {
            return keep(key, counter, currentTime);
        }

        @Override
        public long expireAfterUpdate(CounterKey key, Counter counter, long currentTime, long currentDuration) {
            return keep(key, counter, currentTime);
        }

        @Override
        public long expireAfterRead(CounterKey key, Counter counter, long currentTime, long currentDuration) {
            return keep(key, counter, currentTime);
        }

        private long keep(CounterKey key, Counter counter, long currentTime) {
            long held = counter.busyUntil() + origin - currentTime;
            return key.windowNanos() + Math.max(0, held);
        }
    }
}
