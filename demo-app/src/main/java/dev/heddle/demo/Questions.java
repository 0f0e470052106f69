package dev.heddle.demo;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The questions the demo asks: a fixed set of distinct questions, asked in a seeded order with many
 * repeats, the way real users ask the same few things again and again.
 */
public final class Questions {

    /** The distinct questions, in a fixed order. */
    public static final List<String> DISTINCT = List.of(
            "What is a heddle on a loom?",
            "How do I reset my password?",
            "What is the refund policy?",
            "How do I cache LLM responses in Java?",
            "What does a Java agent do?",
            "How long does shipping take?",
            "Can I change my subscription plan?",
            "What is retrieval-augmented generation?");

    private Questions() {
    }

    /**
     * The questions to ask, in order: every distinct question once while {@code asks} allows it,
     * the rest drawn at random from the distinct set, all shuffled with the seed.
     *
     * @param asks how many questions to ask, zero or more
     * @param seed the seed, so that the same arguments give the same schedule
     * @return {@code asks} questions
     */
    public static List<String> schedule(int asks, long seed) {
        if (asks < 0) {
            throw new IllegalArgumentException("asks must be zero or more, got " + asks);
        }
        Random random = new Random(seed);
        List<String> schedule = new ArrayList<>(asks);
        for (int i = 0; i < asks; i++) {
            schedule.add(i < DISTINCT.size() ? DISTINCT.get(i) : DISTINCT.get(random.nextInt(DISTINCT.size())));
        }
        Collections.shuffle(schedule, random);
        return List.copyOf(schedule);
    }
}
