package dev.heddle.api;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How the calls made inside {@link Heddle#withCacheControl} use Heddle's response cache, exact and
 * semantic: whether they may be answered from it, whether their answers are kept in it, and how old
 * an answer they accept. Immutable; combine with the {@code and...} methods:
 * {@code CacheControl.noRead().andNoStore()}.
 */
public final class CacheControl {

    /** Read and store as the rules say. */
    public static final CacheControl DEFAULT = new CacheControl(true, true, null);

    private static final ThreadLocal<CacheControl> CURRENT = new ThreadLocal<>();

    private final boolean reads;
    private final boolean stores;
    private final Duration maxAge;

    private CacheControl(boolean reads, boolean stores, Duration maxAge) {
        this.reads = reads;
        this.stores = stores;
        this.maxAge = maxAge;
    }

    /** @return calls go to the model even when the cache has an answer (their answers are still stored) */
    public static CacheControl noRead() {
        return DEFAULT.andNoRead();
    }

    /** @return answers are not kept in the cache (calls may still be answered from it) */
    public static CacheControl noStore() {
        return DEFAULT.andNoStore();
    }

    /**
     * @param maxAge the oldest cached answer accepted, positive
     * @return older answers are treated as absent
     */
    public static CacheControl maxAge(Duration maxAge) {
        return DEFAULT.andMaxAge(maxAge);
    }

    /** @return this, and calls are not answered from the cache */
    public CacheControl andNoRead() {
        return new CacheControl(false, stores, maxAge);
    }

    /** @return this, and answers are not stored */
    public CacheControl andNoStore() {
        return new CacheControl(reads, false, maxAge);
    }

    /**
     * @param maxAge the oldest cached answer accepted, positive
     * @return this, with that age limit
     */
    public CacheControl andMaxAge(Duration maxAge) {
        Objects.requireNonNull(maxAge, "maxAge");
        if (maxAge.isNegative() || maxAge.isZero()) throw new IllegalArgumentException("maxAge must be positive, but was " + maxAge);
        return new CacheControl(reads, stores, maxAge);
    }

    /** @return whether calls may be answered from the cache */
    public boolean reads() {
        return reads;
    }

    /** @return whether answers are stored */
    public boolean stores() {
        return stores;
    }

    /** @return the oldest answer accepted, when limited */
    public Optional<Duration> maxAge() {
        return Optional.ofNullable(maxAge);
    }

    /** @return the control in force on the calling thread; {@link #DEFAULT} outside {@link Heddle#withCacheControl} */
    public static CacheControl current() {
        CacheControl current = CURRENT.get();
        return current == null ? DEFAULT : current;
    }

    static CacheControl enter(CacheControl control) {
        Objects.requireNonNull(control, "control");
        CacheControl previous = CURRENT.get();
        CURRENT.set(control);
        return previous;
    }

    static void restore(CacheControl previous) {
        if (previous == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(previous);
        }
    }

    @Override
    public String toString() {
        return "CacheControl[" + (reads ? "" : "noRead ") + (stores ? "" : "noStore ")
                + (maxAge == null ? "" : "maxAge " + maxAge) + "]";
    }
}
