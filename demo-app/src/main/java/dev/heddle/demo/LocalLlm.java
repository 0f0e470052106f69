package dev.heddle.demo;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;

/**
 * A stand-in for an LLM client: it answers after a realistic, seeded random latency, always with
 * the same answer for the same model and prompt, and counts how many times it really ran.
 *
 * <p>It knows nothing of Heddle. When the agent caches {@link #complete(String, String)}, a cache hit
 * never enters the method, so {@link #calls()} counts only the real model calls.
 */
public class LocalLlm {

    /** The latency of the default instance: between 150 and 400 ms, like a small hosted model. */
    public static final Duration DEFAULT_MIN_LATENCY = Duration.ofMillis(150);
    /** The upper bound of the default latency. */
    public static final Duration DEFAULT_MAX_LATENCY = Duration.ofMillis(400);

    private static final List<String> OPENINGS = List.of(
            "In short,",
            "Put simply,",
            "The usual answer is that",
            "Most engineers would say",
            "At its core,",
            "Broadly speaking,");

    private final Random latencies;
    private final long minLatencyMillis;
    private final long latencySpreadMillis;
    private final AtomicInteger calls = new AtomicInteger();

    /**
     * A model with the default latency.
     *
     * @param seed the seed of the latency sequence, so that two runs wait alike
     */
    public LocalLlm(long seed) {
        this(seed, DEFAULT_MIN_LATENCY, DEFAULT_MAX_LATENCY);
    }

    /**
     * A model whose latency is drawn uniformly between two bounds.
     *
     * @param seed the seed of the latency sequence
     * @param minLatency the shortest latency, zero or more
     * @param maxLatency the longest latency, at least {@code minLatency}
     */
    public LocalLlm(long seed, Duration minLatency, Duration maxLatency) {
        if (minLatency.isNegative() || maxLatency.compareTo(minLatency) < 0) {
            throw new IllegalArgumentException("need 0 <= minLatency <= maxLatency, got "
                    + minLatency + " and " + maxLatency);
        }
        this.latencies = new Random(seed);
        this.minLatencyMillis = minLatency.toMillis();
        this.latencySpreadMillis = maxLatency.toMillis() - minLatency.toMillis();
    }

    /**
     * Answers a prompt, slowly. The answer depends only on the model and the prompt.
     *
     * @param model the model name, such as {@code "local-small"}
     * @param prompt the question
     * @return the answer
     */
    public String complete(String model, String prompt) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(prompt, "prompt");
        calls.incrementAndGet();
        sleep(nextLatencyMillis());
        return answerFor(model, prompt);
    }

    /**
     * How many times {@link #complete(String, String)} really ran.
     *
     * @return the number of real model calls so far
     */
    public int calls() {
        return calls.get();
    }

    private static String answerFor(String model, String prompt) {
        long fingerprint = fingerprint(model + '\n' + prompt);
        String opening = OPENINGS.get((int) (fingerprint % OPENINGS.size()));
        return "[" + model + "] " + opening + " \"" + prompt + "\" comes down to trade-offs"
                + " (answer #" + Long.toHexString(fingerprint) + ").";
    }

    private static long fingerprint(String text) {
        CRC32 crc = new CRC32();
        crc.update(text.getBytes(StandardCharsets.UTF_8));
        return crc.getValue();
    }

    private long nextLatencyMillis() {
        if (latencySpreadMillis == 0) {
            return minLatencyMillis;
        }
        synchronized (latencies) {
            return minLatencyMillis + (long) (latencies.nextDouble() * (latencySpreadMillis + 1));
        }
    }

    private static void sleep(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the model was thinking", e);
        }
    }
}
