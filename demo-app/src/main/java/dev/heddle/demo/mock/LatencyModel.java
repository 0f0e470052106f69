package dev.heddle.demo.mock;

import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * How long a {@link MockLlmServer} waits before it sends an answer. Immutable; every draw comes from
 * the random generator it is given (the server's, seeded with {@link MockSettings#seed()}), so a
 * sequential run with the same seed waits the same times.
 *
 * <ul>
 *   <li>{@link #fixed(long, long)}: a fixed latency plus a uniform jitter, the default
 *       ({@code fixed(0, 0)}: no wait at all).</li>
 *   <li>{@link #lognormal(long, double, long)}: {@code median * exp(sigma * Z)}, {@code Z} standard
 *       normal, capped; a long tail, as a real model's latency has.</li>
 * </ul>
 *
 * <p>As text ({@link #parse(String)}, the {@code --latency} flag): {@code fixed:MILLIS},
 * {@code fixed:MILLIS:JITTER} or {@code lognormal:MEDIAN:SIGMA:MAX}.
 */
public sealed interface LatencyModel permits LatencyModel.Fixed, LatencyModel.Lognormal {

    /**
     * Draws the wait of one answer.
     *
     * @param random where the randomness comes from
     * @return milliseconds, 0 or more
     */
    long nextMillis(RandomGenerator random);

    /**
     * A fixed latency plus a uniform random extra: what {@link MockSettings#withLatencyMillis(long)}
     * and {@link MockSettings#withJitterMillis(long)} set.
     *
     * @param millis the fixed part, 0 or more
     * @param jitterMillis the extra is uniform in {@code [0, jitterMillis]}, 0 or more
     * @return the model
     */
    static LatencyModel fixed(long millis, long jitterMillis) {
        return new Fixed(millis, jitterMillis);
    }

    /**
     * A lognormal latency: {@code min(maxMillis, round(medianMillis * exp(sigma * Z)))} with
     * {@code Z} standard normal. Half the answers wait less than the median; with sigma 0.6 one in
     * ten waits more than about 2.2 times the median, one in a hundred more than about 4 times.
     *
     * @param medianMillis the median, 0 or more
     * @param sigma the standard deviation of the logarithm, 0 (always the median) or more
     * @param maxMillis the cap, at least the median
     * @return the model
     */
    static LatencyModel lognormal(long medianMillis, double sigma, long maxMillis) {
        return new Lognormal(medianMillis, sigma, maxMillis);
    }

    /**
     * Reads a model as the {@code --latency} flag takes it: {@code fixed:200},
     * {@code fixed:200:50} (200 ms plus up to 50 ms) or {@code lognormal:700:0.6:20000} (median
     * 700 ms, sigma 0.6, at most 20 s). The kind is read in any case.
     *
     * @param text the model
     * @return the model
     * @throws IllegalArgumentException if the text is not one of these forms, or a value is out of range
     */
    static LatencyModel parse(String text) {
        String[] parts = text.trim().split(":", -1);
        String kind = parts[0].toLowerCase(Locale.ROOT);
        if (kind.equals("fixed") && (parts.length == 2 || parts.length == 3)) {
            return fixed(millis(parts[1], "millis"), parts.length == 3 ? millis(parts[2], "jitter") : 0);
        }
        if (kind.equals("lognormal") && parts.length == 4) {
            double sigma;
            try {
                sigma = Double.parseDouble(parts[2].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("the sigma must be a number, got '" + parts[2] + "'");
            }
            return lognormal(millis(parts[1], "median"), sigma, millis(parts[3], "max"));
        }
        throw new IllegalArgumentException("a latency is fixed:MILLIS[:JITTER] or lognormal:MEDIAN:SIGMA:MAX"
                + " (milliseconds), got '" + text + "'");
    }

    private static long millis(String text, String what) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the " + what + " must be whole milliseconds, got '" + text + "'");
        }
    }

    /**
     * {@code millis} plus a uniform extra in {@code [0, jitterMillis]}.
     *
     * @param millis the fixed part, 0 or more
     * @param jitterMillis the bound of the uniform extra, 0 or more
     */
    record Fixed(long millis, long jitterMillis) implements LatencyModel {
        /** Checks the bounds. */
        public Fixed {
            if (millis < 0) {
                throw new IllegalArgumentException("latencyMillis must be >= 0, got " + millis);
            }
            if (jitterMillis < 0) {
                throw new IllegalArgumentException("jitterMillis must be >= 0, got " + jitterMillis);
            }
        }

        @Override
        public long nextMillis(RandomGenerator random) {
            return millis + (jitterMillis == 0 ? 0 : random.nextLong(jitterMillis + 1));
        }

        @Override
        public String toString() {
            return "fixed:" + millis + ":" + jitterMillis;
        }
    }

    /**
     * {@code min(maxMillis, round(medianMillis * exp(sigma * Z)))}, {@code Z} standard normal.
     *
     * @param medianMillis the median, 0 or more
     * @param sigma the standard deviation of the logarithm, 0 or more
     * @param maxMillis the cap, at least the median
     */
    record Lognormal(long medianMillis, double sigma, long maxMillis) implements LatencyModel {
        /** Checks the bounds. */
        public Lognormal {
            if (medianMillis < 0) {
                throw new IllegalArgumentException("the median must be >= 0 ms, got " + medianMillis);
            }
            if (!(sigma >= 0 && sigma < Double.POSITIVE_INFINITY)) {
                throw new IllegalArgumentException("sigma must be a finite number >= 0, got " + sigma);
            }
            if (maxMillis < medianMillis) {
                throw new IllegalArgumentException("the cap (" + maxMillis + " ms) must be at least the median ("
                        + medianMillis + " ms)");
            }
        }

        @Override
        public long nextMillis(RandomGenerator random) {
            double millis = medianMillis * Math.exp(sigma * random.nextGaussian());
            return millis >= maxMillis ? maxMillis : Math.round(millis);
        }

        @Override
        public String toString() {
            return "lognormal:" + medianMillis + ":" + sigma + ":" + maxMillis;
        }
    }
}
