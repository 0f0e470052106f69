package dev.heddle.api;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Where the last answer on this thread came from, when Heddle's cache was involved: a hit (exact or
 * semantic) or a fresh answer the cache kept. {@link Heddle#rejectLastAnswer()} evicts the entry, so
 * that an answer a user flagged as wrong is never served again.
 */
public final class CachedAnswer {

    private static final ThreadLocal<CachedAnswer> LAST = new ThreadLocal<>();

    private final String rule;
    private final boolean hit;
    private final double similarity;
    private final Supplier<String> key;
    private final Runnable evict;

    /**
     * Made by the agent.
     *
     * @param rule the rule (or annotated method) whose cache answered
     * @param hit true when the answer came from the cache, false when the model's answer was stored
     * @param similarity the cosine similarity of a semantic hit; 1 for an exact one or a stored answer
     * @param key makes the entry's key, by which an operator may evict it (only when asked for)
     * @param evict removes the entry, everywhere the cache keeps it
     */
    public CachedAnswer(String rule, boolean hit, double similarity, Supplier<String> key, Runnable evict) {
        this.rule = Objects.requireNonNull(rule, "rule");
        this.hit = hit;
        this.similarity = similarity;
        this.key = Objects.requireNonNull(key, "key");
        this.evict = Objects.requireNonNull(evict, "evict");
    }

    /** @return the rule (or annotated method) whose cache answered */
    public String rule() {
        return rule;
    }

    /** @return true when the answer came from the cache, false when it came from the model and was stored */
    public boolean hit() {
        return hit;
    }

    /**
     * @return the entry's key, such as {@code heddle:c:{rule:support}:openai-java@v1:3f2a...}: what an
     *     operator passes to the MBean operation {@code evictCacheKey} to evict it later
     */
    public String key() {
        return key.get();
    }

    /** @return whether the answer was a semantic hit: another, similar request's */
    public boolean semantic() {
        return hit && similarity < 1;
    }

    /** @return the cosine similarity of a semantic hit; 1 otherwise */
    public double similarity() {
        return similarity;
    }

    void evict() {
        evict.run();
    }

    /**
     * Called by the agent as a cached call ends.
     *
     * @param answer where the answer came from, or null when the cache was not involved
     */
    public static void recordForThisThread(CachedAnswer answer) {
        if (answer == null) {
            LAST.remove();
        } else {
            LAST.set(answer);
        }
    }

    static Optional<CachedAnswer> lastOnThisThread() {
        return Optional.ofNullable(LAST.get());
    }

    @Override
    public String toString() {
        return "CachedAnswer[rule=" + rule + (hit ? ", hit" : ", stored") + (semantic() ? ", similarity=" + similarity : "")
                + "]";
    }
}
