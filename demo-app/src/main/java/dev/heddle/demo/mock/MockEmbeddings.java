package dev.heddle.demo.mock;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Deterministic text embeddings for the mock: unit vectors from hashed features, so that texts that
 * share words (or parts of words) point in similar directions.
 *
 * <p>Features of a text, lower-cased: each word (a maximal run of letters and digits) with weight
 * 1, and each character trigram of the word padded with {@code #} with weight 0.5. Each feature adds
 * its weight, with a sign, to one dimension chosen by a 64-bit hash of the feature; the vector is
 * then scaled to length 1. A text without words maps to the first unit vector.
 */
public final class MockEmbeddings {

    /** The dimensions of a vector when the request asks for no other number. */
    public static final int DEFAULT_DIMENSIONS = 384;

    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");

    private MockEmbeddings() {
    }

    /**
     * Embeds a text.
     *
     * @param text the text
     * @param dimensions the vector length, 1 or more
     * @return a unit vector
     */
    public static float[] embed(String text, int dimensions) {
        if (dimensions < 1) {
            throw new IllegalArgumentException("dimensions must be >= 1, got " + dimensions);
        }
        double[] sum = new double[dimensions];
        Matcher words = WORD.matcher(text.toLowerCase(Locale.ROOT));
        while (words.find()) {
            String word = words.group();
            add(sum, "w:" + word, 1.0);
            String padded = "#" + word + "#";
            for (int i = 0; i + 3 <= padded.length(); i++) {
                add(sum, "g:" + padded.substring(i, i + 3), 0.5);
            }
        }
        double norm = 0;
        for (double v : sum) {
            norm += v * v;
        }
        float[] vector = new float[dimensions];
        if (norm == 0) {
            vector[0] = 1f;
            return vector;
        }
        double scale = 1 / Math.sqrt(norm);
        for (int i = 0; i < dimensions; i++) {
            vector[i] = (float) (sum[i] * scale);
        }
        return vector;
    }

    private static void add(double[] sum, String feature, double weight) {
        long hash = mix(fnv1a(feature));
        int index = (int) Math.floorMod(hash, (long) sum.length);
        sum[index] += ((hash >>> 63) == 0 ? weight : -weight);
    }

    private static long fnv1a(String text) {
        long hash = 0xcbf29ce484222325L;
        for (int i = 0; i < text.length(); i++) {
            hash ^= text.charAt(i);
            hash *= 0x100000001b3L;
        }
        return hash;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
