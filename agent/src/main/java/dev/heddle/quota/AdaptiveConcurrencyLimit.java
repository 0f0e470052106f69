package dev.heddle.quota;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How many calls to a vendor may run at once, learned from the vendor's answers with AIMD (additive
 * increase, multiplicative decrease), as in Netflix's concurrency-limits and TCP congestion control:
 *
 * <ul>
 *   <li>An overload (HTTP 429, 503, 529, or a timeout; the caller reports it with
 *       {@link Permit#onOverload()}) multiplies the limit by {@code backoffRatio} (0.75 by default),
 *       never below {@code minLimit}. Overloads of calls that started before the last decrease do
 *       not decrease it again: one congestion episode, one decrease, however many calls were in
 *       flight when it began.</li>
 *   <li>Successes ({@link Permit#onSuccess()}) raise it by one per window: after as many successes
 *       as the current limit (one full round of in-flight calls), up to {@code maxLimit}. A success
 *       counts only while at least half of the limit was in use: a limit the app does not use says
 *       nothing about what the vendor would take, and must not grow without bound.</li>
 * </ul>
 *
 * <p>Reserved capacity: {@code reservedShare} of the current limit (rounded) may be used only by the
 * {@code reservedTiers} (paying users), so that when the vendor is saturated and the limit shrinks,
 * those tiers still get calls through while the others wait or are refused.
 *
 * <p>Lock-free: the limit, the successes of the current window and the decrease generation are
 * one {@code long} updated by CAS; the in-flight count is an {@link AtomicInteger}.
 */
public final class AdaptiveConcurrencyLimit {

    /** The factor of a decrease; the other settings come from the quota's {@code adaptive:} (see {@code AdaptiveConfig}). */
    public static final double DEFAULT_BACKOFF_RATIO = 0.75;

    private static final int LIMIT_BITS = 24;
    private static final long LIMIT_MASK = (1L << LIMIT_BITS) - 1;
    private static final int SUCCESS_SHIFT = LIMIT_BITS;
    private static final long SUCCESS_MASK = (1L << 24) - 1;
    private static final int GENERATION_SHIFT = 48;
    private static final long GENERATION_MASK = (1L << 16) - 1;

    private final int minLimit;
    private final int maxLimit;
    private final double backoffRatio;
    private final double reservedShare;
    private final Set<String> reservedTiers;
    /** limit (bits 0-23) | successes in this window (24-47) | generation, bumped by each decrease (48-63) */
    private final AtomicLong state;
    private final AtomicInteger inFlight = new AtomicInteger();

    /**
     * @param initialLimit the limit to start from
     * @param minLimit the floor of every decrease, at least 1
     * @param maxLimit the ceiling of every increase, at most 16,777,215
     * @param backoffRatio the factor of a decrease, in (0, 1)
     * @param reservedShare the share of the limit only {@code reservedTiers} may use, in [0, 1)
     * @param reservedTiers the tiers that may use the reserved share
     */
    public AdaptiveConcurrencyLimit(int initialLimit, int minLimit, int maxLimit, double backoffRatio,
                                    double reservedShare, Set<String> reservedTiers) {
        if (minLimit < 1 || maxLimit < minLimit || maxLimit > LIMIT_MASK || initialLimit < minLimit || initialLimit > maxLimit) {
            throw new IllegalArgumentException("limits must satisfy 1 <= min <= initial <= max <= " + LIMIT_MASK + ", but were min "
                    + minLimit + ", initial " + initialLimit + ", max " + maxLimit);
        }
        if (!(backoffRatio > 0 && backoffRatio < 1)) throw new IllegalArgumentException("backoffRatio must be in (0, 1), but was " + backoffRatio);
        if (!(reservedShare >= 0 && reservedShare < 1)) throw new IllegalArgumentException("reservedShare must be in [0, 1), but was " + reservedShare);
        this.minLimit = minLimit;
        this.maxLimit = maxLimit;
        this.backoffRatio = backoffRatio;
        this.reservedShare = reservedShare;
        this.reservedTiers = Set.copyOf(reservedTiers);
        this.state = new AtomicLong(initialLimit);
    }

    /**
     * Takes a place for one call, without waiting.
     *
     * @param tier the caller's tier, or null when unknown (never reserved)
     * @return a permit to end with exactly one of its {@code on...} methods; empty when the tier's
     *     share of the limit is in use
     */
    public Optional<Permit> tryAcquire(String tier) {
        boolean reserved = tier != null && reservedTiers.contains(tier);
        while (true) {
            long current = state.get();
            int limit = limitOf(current);
            int allowed = reserved ? limit : limit - (int) Math.round(limit * reservedShare);
            int running = inFlight.get();
            if (running >= allowed) return Optional.empty();
            if (inFlight.compareAndSet(running, running + 1)) return Optional.of(new Permit(generationOf(current)));
        }
    }

    /** @return the current limit */
    public int limit() {
        return limitOf(state.get());
    }

    /** @return calls holding a permit now */
    public int inFlight() {
        return inFlight.get();
    }

    /**
     * @return in-flight calls over the current limit: 0 idle, 1 at the limit, above 1 right after a
     *     decrease; the load signal of {@link LoadShrink}
     */
    public double load() {
        return (double) inFlight.get() / limitOf(state.get());
    }

    private void succeeded(int runningBefore) {
        while (true) {
            long current = state.get();
            int limit = limitOf(current);
            if (runningBefore * 2 < limit || limit == maxLimit) return;
            long successes = successesOf(current) + 1;
            long next = successes >= limit
                    ? pack(limit + 1, 0, generationOf(current))
                    : pack(limit, successes, generationOf(current));
            if (state.compareAndSet(current, next)) return;
        }
    }

    private void overloaded(long generation) {
        while (true) {
            long current = state.get();
            if (generationOf(current) != generation) return; // this episode has been answered already
            int decreased = Math.max(minLimit, (int) (limitOf(current) * backoffRatio));
            if (state.compareAndSet(current, pack(decreased, 0, (generation + 1) & GENERATION_MASK))) return;
        }
    }

    private static int limitOf(long state) {
        return (int) (state & LIMIT_MASK);
    }

    private static long successesOf(long state) {
        return (state >>> SUCCESS_SHIFT) & SUCCESS_MASK;
    }

    private static long generationOf(long state) {
        return (state >>> GENERATION_SHIFT) & GENERATION_MASK;
    }

    private static long pack(int limit, long successes, long generation) {
        return limit | (successes << SUCCESS_SHIFT) | (generation << GENERATION_SHIFT);
    }

    /** One call's place. End it once; later calls of its methods do nothing. */
    public final class Permit {

        private static final VarHandle ENDED;

        static {
            try {
                ENDED = MethodHandles.lookup().findVarHandle(Permit.class, "ended", boolean.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private final long generation;
        @SuppressWarnings("unused") // through ENDED
        private volatile boolean ended;

        private Permit(long generation) {
            this.generation = generation;
        }

        /** The call succeeded: frees the place and counts toward an increase. */
        public void onSuccess() {
            if (!end()) return;
            succeeded(inFlight.getAndDecrement());
        }

        /** The vendor was overloaded (429, 503, 529, a timeout): frees the place and decreases the limit. */
        public void onOverload() {
            if (!end()) return;
            inFlight.decrementAndGet();
            overloaded(generation);
        }

        /** The call ended in a way that says nothing about the vendor's load (a client error, a cancel): frees the place. */
        public void onIgnore() {
            if (!end()) return;
            inFlight.decrementAndGet();
        }

        private boolean end() {
            return ENDED.compareAndSet(this, false, true);
        }
    }
}
