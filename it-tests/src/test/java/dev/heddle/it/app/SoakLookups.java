package dev.heddle.it.app;

import dev.heddle.annotations.Cached;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The soak's own cached methods: cheap, with far more distinct arguments than their caches hold, so
 * that the caches fill to their bounds and keep evicting. Each counts its real runs.
 */
public class SoakLookups {

    /** Real runs of every method together. */
    public static final AtomicLong RUNS = new AtomicLong();

    /**
     * @param word a word
     * @return its made-up definition
     */
    @Cached(ttl = "10m")
    public String define(String word) {
        RUNS.incrementAndGet();
        return "the meaning of " + word;
    }

    /**
     * @param question a record argument, keyed by its components
     * @return a made-up answer
     */
    @Cached(ttl = "10m")
    public String answer(Question question) {
        RUNS.incrementAndGet();
        return "level " + question.level() + " answer to " + question.text();
    }

    /**
     * @param words a list argument, keyed by its elements in order
     * @return the words joined
     */
    @Cached(ttl = "30s")
    public String summarize(List<String> words) {
        RUNS.incrementAndGet();
        return String.join(" ", words);
    }
}
