package dev.heddle.quota;

/**
 * Where quota counters live: in this process ({@link LocalQuotaStore}) or in Redis, shared by many
 * JVMs ({@link RedisQuotaStore}).
 *
 * <p>A call costs at most two operations, each one round trip to Redis: {@link #acquire} checks and
 * charges every limit of the call at once (exact charges such as the request, and estimates such as
 * the tokens the call is expected to use); after the call, {@link #settle} corrects the estimates
 * to the real amount, or {@link #release} refunds them when the call died.
 *
 * <p>Implementations are thread-safe, never block a virtual thread's carrier, and fail open: an
 * internal error admits the call (as {@link QuotaDecision.Outcome#ADMITTED_UNCHECKED}) unless the
 * store is set to fail closed.
 */
public interface QuotaStore extends AutoCloseable {

    /**
     * Checks every charge of {@code check} and, only if all have room, charges them all.
     *
     * @param check the charges of one call
     * @return the decision; never null
     */
    QuotaDecision acquire(QuotaCheck check);

    /**
     * Corrects each estimate of an admitted check to {@code actualAmount}: charges the difference
     * when the call used more (even past the limit: the units were spent, so the debt delays later
     * calls), refunds it when less. Does nothing the second time, or for {@link Reservation#NONE}.
     *
     * @param reservation from {@link QuotaDecision#reservation()}
     * @param actualAmount the units the call used, at least 0
     */
    void settle(Reservation reservation, long actualAmount);

    /**
     * Refunds the estimates of an admitted check whose call did not happen or died; the same as
     * {@code settle(reservation, 0)}.
     *
     * @param reservation from {@link QuotaDecision#reservation()}
     */
    default void release(Reservation reservation) {
        settle(reservation, 0);
    }

    /** Frees connections and threads; the store must not be used afterwards. */
    @Override
    void close();
}
