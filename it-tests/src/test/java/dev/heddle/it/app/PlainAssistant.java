package dev.heddle.it.app;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * An expensive assistant with no Heddle annotation: only a YAML rule can cache it. Its two
 * {@code answer} overloads count their real runs separately.
 */
public class PlainAssistant {

    /** Real runs of {@link #answer(String)}. */
    public static final AtomicInteger ANSWER_CALLS = new AtomicInteger();
    /** Real runs of {@link #answer(String, int)}. */
    public static final AtomicInteger DETAILED_ANSWER_CALLS = new AtomicInteger();

    /**
     * Answers a prompt.
     *
     * @param prompt the prompt
     * @return the answer
     */
    public String answer(String prompt) {
        ANSWER_CALLS.incrementAndGet();
        return "plain answer to " + prompt;
    }

    /**
     * Answers a prompt at a level of detail; an overload that a rule naming
     * {@code answer(java.lang.String)} does not match.
     *
     * @param prompt the prompt
     * @param detail the level of detail
     * @return the answer
     */
    public String answer(String prompt, int detail) {
        DETAILED_ANSWER_CALLS.incrementAndGet();
        return "plain answer to " + prompt + " in detail " + detail;
    }
}
