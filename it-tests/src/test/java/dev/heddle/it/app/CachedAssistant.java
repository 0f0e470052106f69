package dev.heddle.it.app;

import dev.heddle.annotations.Cached;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An expensive assistant whose methods carry {@code @Cached}; each method counts how often it really ran.
 */
public class CachedAssistant {

    /** Real runs of {@link #answer(String)}. */
    public static final AtomicInteger ANSWER_CALLS = new AtomicInteger();
    /** Real runs of {@link #complete(String, String)}. */
    public static final AtomicInteger COMPLETE_CALLS = new AtomicInteger();
    /** Real runs of {@link #answerQuestion(Question)}. */
    public static final AtomicInteger QUESTION_CALLS = new AtomicInteger();
    /** Real runs of {@link #summarize(List)}. */
    public static final AtomicInteger SUMMARIZE_CALLS = new AtomicInteger();

    /**
     * Answers a prompt.
     *
     * @param prompt the prompt
     * @return the answer
     */
    @Cached(ttl = "10m")
    public String answer(String prompt) {
        ANSWER_CALLS.incrementAndGet();
        return "answer to " + prompt;
    }

    /**
     * Completes a prompt with a model; both arguments are part of the cache key.
     *
     * @param model the model
     * @param prompt the prompt
     * @return the completion
     */
    @Cached(ttl = "10m")
    public String complete(String model, String prompt) {
        COMPLETE_CALLS.incrementAndGet();
        return model + " completes " + prompt;
    }

    /**
     * Answers a record.
     *
     * @param question the question
     * @return the answer
     */
    @Cached(ttl = "10m")
    public String answerQuestion(Question question) {
        QUESTION_CALLS.incrementAndGet();
        return "answer to " + question.text() + " at level " + question.level();
    }

    /**
     * Summarizes a list.
     *
     * @param documents the documents
     * @return the summary
     */
    @Cached(ttl = "10m")
    public String summarize(List<String> documents) {
        SUMMARIZE_CALLS.incrementAndGet();
        return "summary of " + String.join(" + ", documents);
    }
}
