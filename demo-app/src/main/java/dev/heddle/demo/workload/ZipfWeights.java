package dev.heddle.demo.workload;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.IntPredicate;

/**
 * Zipf-like weights over ranks: rank {@code k} (from 0) has weight {@code 1 / (k + 1)^exponent}, so
 * the first few ranks are drawn again and again and the rest now and then.
 */
final class ZipfWeights {

    private final double[] weights;
    private final double[] cumulative;

    /**
     * @param size how many ranks, 1 or more
     * @param exponent 0 (uniform) or more
     */
    ZipfWeights(int size, double exponent) {
        if (size < 1 || !(exponent >= 0)) {
            throw new IllegalArgumentException("size must be 1 or more and exponent 0 or more, got " + size + " and " + exponent);
        }
        weights = new double[size];
        cumulative = new double[size];
        double total = 0;
        for (int rank = 0; rank < size; rank++) {
            weights[rank] = Math.pow(rank + 1, -exponent);
            total += weights[rank];
            cumulative[rank] = total;
        }
    }

    /** @return how many ranks */
    int size() {
        return weights.length;
    }

    /**
     * @param rank a rank
     * @return its weight, {@code 1 / (rank + 1)^exponent}
     */
    double weight(int rank) {
        return weights[rank];
    }

    /**
     * @param rank a rank
     * @return the probability that {@link #draw} draws it
     */
    double probability(int rank) {
        return weights[rank] / cumulative[cumulative.length - 1];
    }

    /**
     * Draws a rank.
     *
     * @param random the source of randomness
     * @return a rank from 0 to {@code size() - 1}
     */
    int draw(SplittableRandom random) {
        double target = random.nextDouble() * cumulative[cumulative.length - 1];
        int found = Arrays.binarySearch(cumulative, target);
        int rank = found >= 0 ? found + 1 : -found - 1;
        return Math.min(rank, weights.length - 1);
    }

    /**
     * Draws a rank among those a predicate accepts, with their weights.
     *
     * @param eligible which ranks may be drawn
     * @param random the source of randomness
     * @return a rank, or -1 when no rank is eligible
     */
    int drawAmong(IntPredicate eligible, SplittableRandom random) {
        double total = 0;
        int last = -1;
        for (int rank = 0; rank < weights.length; rank++) {
            if (eligible.test(rank)) {
                total += weights[rank];
                last = rank;
            }
        }
        if (last < 0) {
            return -1;
        }
        double target = random.nextDouble() * total;
        for (int rank = 0; rank < last; rank++) {
            if (eligible.test(rank)) {
                target -= weights[rank];
                if (target < 0) {
                    return rank;
                }
            }
        }
        return last;
    }
}
