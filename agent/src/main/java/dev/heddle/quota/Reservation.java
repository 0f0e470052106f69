package dev.heddle.quota;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;

/**
 * The estimates that an admitted check charged, to be corrected once: by
 * {@link QuotaStore#settle(Reservation, long)} with the amount the call really used, or by
 * {@link QuotaStore#release(Reservation)} when the call died. A second settle or release of the same
 * reservation does nothing.
 *
 * <p>It remembers which store charged it (Redis, or the in-process fallback that stood in for Redis),
 * so the correction goes where the charge went.
 */
public final class Reservation {

    /** A reservation with nothing to settle: the check had no estimates, or was not admitted. */
    public static final Reservation NONE = new Reservation(null, "", List.of(), null, null);

    private static final VarHandle DONE;

    static {
        try {
            DONE = MethodHandles.lookup().findVarHandle(Reservation.class, "done", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Object owner;
    private final String scope;
    private final List<Charge> estimates;
    private final long[] handles;
    private final String member;
    @SuppressWarnings("unused") // through DONE
    private volatile boolean done;

    /**
     * @param owner the store that charged the estimates
     * @param scope the check's scope
     * @param estimates the estimate charges of the check, in check order
     * @param handles what the owner needs to find each charge again (in process: counter id and entry)
     * @param member the id of the charge in Redis
     */
    Reservation(Object owner, String scope, List<Charge> estimates, long[] handles, String member) {
        this.owner = owner;
        this.scope = scope;
        this.estimates = estimates;
        this.handles = handles;
        this.member = member;
    }

    /** @return the estimate charges this reservation holds, empty for {@link #NONE} */
    public List<Charge> estimates() {
        return estimates;
    }

    /** @return whether there is nothing to settle */
    public boolean isEmpty() {
        return estimates.isEmpty();
    }

    Object owner() {
        return owner;
    }

    String scope() {
        return scope;
    }

    long handle(int index) {
        return handles[index];
    }

    String member() {
        return member;
    }

    /** @return true the first time only: the caller applies the correction */
    boolean markDone() {
        return !isEmpty() && DONE.compareAndSet(this, false, true);
    }

    @Override
    public String toString() {
        return isEmpty() ? "Reservation[none]" : "Reservation[" + scope + ": " + estimates + "]";
    }
}
