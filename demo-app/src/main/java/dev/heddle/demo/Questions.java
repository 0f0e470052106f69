package dev.heddle.demo;

import java.util.List;
import java.util.Random;

/**
 * The questions the demo's users ask, one pool per feature, most popular first. Users draw from a
 * pool with Zipf-like weights, the way real users ask the same few things again and again and the
 * rest now and then.
 */
public final class Questions {

    /** What customers ask the support assistant, most popular first. */
    public static final List<String> SUPPORT = List.of(
            "How do I reset my password?",
            "What is the refund policy?",
            "How long does shipping take?",
            "Can I change my subscription plan?",
            "Where is my order?",
            "How do I cancel my subscription?",
            "Do you ship to Canada?",
            "How do I update my billing address?",
            "Can I get an invoice for my purchase?",
            "What payment methods do you accept?",
            "How do I delete my account?",
            "Is there a student discount?");

    /** What developers ask the documentation assistant, most popular first. */
    public static final List<String> DOCS = List.of(
            "How do I cache LLM responses in Java?",
            "What does a Java agent do?",
            "What is retrieval-augmented generation?",
            "What is a heddle on a loom?",
            "How do I stream a chat completion?",
            "What is a token, and how are tokens counted?",
            "How do I set a timeout on an HTTP client?",
            "What is the difference between temperature and top_p?",
            "How do I retry a request after a 429?",
            "What is an embedding?",
            "How do I run two models side by side?",
            "What does single-flight de-duplication mean?");

    /** The Zipf exponent: the question of rank k is asked with weight 1 / k^s. */
    public static final double ZIPF_EXPONENT = 1.1;

    private Questions() {
    }

    /**
     * Draws one question from a pool with Zipf-like weights: the first is the most popular.
     *
     * @param pool the questions, most popular first; not empty
     * @param random the source of randomness
     * @return one of the pool's questions
     */
    public static String pick(List<String> pool, Random random) {
        return pool.get(zipfRank(pool.size(), ZIPF_EXPONENT, random));
    }

    /**
     * Draws a rank from 0 (most popular) to {@code size - 1} with weight {@code 1 / (rank + 1)^exponent}.
     *
     * @param size the number of ranks, 1 or more
     * @param exponent 0 (uniform) or more
     * @param random the source of randomness
     * @return the rank
     */
    static int zipfRank(int size, double exponent, Random random) {
        if (size < 1) {
            throw new IllegalArgumentException("size must be 1 or more, got " + size);
        }
        double total = 0;
        for (int rank = 1; rank <= size; rank++) {
            total += Math.pow(rank, -exponent);
        }
        double draw = random.nextDouble() * total;
        for (int rank = 1; rank <= size; rank++) {
            draw -= Math.pow(rank, -exponent);
            if (draw < 0) {
                return rank - 1;
            }
        }
        return size - 1;
    }
}
