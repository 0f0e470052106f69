package dev.heddle.it.app;

import dev.heddle.annotations.Cached;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A cached method that takes any object, so that an app can hand the agent arguments it cannot key;
 * it counts its real runs, and describes its argument without walking it (no {@code toString()} of
 * a cyclic or huge graph).
 */
public class AnyArgumentLookup {

    /** Real runs of {@link #describe(Object)}. */
    public static final AtomicInteger DESCRIBE_RUNS = new AtomicInteger();
    /** Real runs of {@link #pair(String, String)}. */
    public static final AtomicInteger PAIR_RUNS = new AtomicInteger();

    /**
     * @param value anything
     * @return its type and, for text, its UTF-16 code units; for collections and maps, their size
     */
    @Cached(ttl = "10m")
    public String describe(Object value) {
        DESCRIBE_RUNS.incrementAndGet();
        if (value == null) return "null";
        if (value instanceof String text) {
            StringBuilder units = new StringBuilder("text");
            text.chars().forEach(unit -> units.append(' ').append(Integer.toHexString(unit)));
            return units.toString();
        }
        if (value instanceof Collection<?> collection) return value.getClass().getSimpleName() + " of " + collection.size();
        if (value instanceof Map<?, ?> map) return value.getClass().getSimpleName() + " of " + map.size();
        return value.getClass().getSimpleName();
    }

    /**
     * @param first any text, or null
     * @param second any text, or null
     * @return both, in order
     */
    @Cached(ttl = "10m")
    public String pair(String first, String second) {
        PAIR_RUNS.incrementAndGet();
        return first + "|" + second;
    }
}
