package dev.heddle.experiment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * GrowthBook's bucketing: how an experiment's weights and coverage cut the hash space into one
 * {@link BucketRange} per variant, and which range a user's hash falls in. Written to give the same
 * ranges as GrowthBook's {@code getBucketRanges}, invalid input included, so that a user lands in
 * the same variant here as in any GrowthBook SDK.
 */
public final class BucketRanges {

    private BucketRanges() {
    }

    /**
     * GrowthBook's {@code getEqualWeights}.
     *
     * @param numVariations the number of variants
     * @return {@code numVariations} weights of {@code 1 / numVariations}; none when it is 0 or less
     */
    public static double[] equalWeights(int numVariations) {
        if (numVariations <= 0) return new double[0];
        double[] weights = new double[numVariations];
        Arrays.fill(weights, 1.0 / numVariations);
        return weights;
    }

    /**
     * GrowthBook's {@code getBucketRanges}: variant {@code i} gets
     * {@code [w0 + ... + w(i-1), w0 + ... + w(i-1) + coverage * wi)}, so that lowering the coverage
     * shrinks every range from its end and a user who stays in the experiment keeps their variant.
     *
     * <p>As in GrowthBook, input it cannot use is corrected rather than refused: coverage is clamped
     * to [0, 1], and weights that are missing, not one per variant, or not adding up to 1 within 0.01
     * are replaced by equal weights. (A NaN coverage passes the clamp, as in GrowthBook, and gives
     * ranges no user falls in.)
     *
     * @param numVariations the number of variants
     * @param coverage the share of users in the experiment
     * @param weights each variant's share of the users in the experiment, or {@code null}
     * @return one range per variant, in variant order (unmodifiable)
     */
    public static List<BucketRange> of(int numVariations, double coverage, double[] weights) {
        double clamped = coverage < 0 ? 0 : coverage > 1 ? 1 : coverage;

        double[] equal = equalWeights(numVariations);
        if (weights == null || weights.length != numVariations) weights = equal;
        if (!addsUpToOne(sum(weights))) weights = equal;

        List<BucketRange> ranges = new ArrayList<>(weights.length);
        double cumulative = 0;
        for (double weight : weights) {
            double start = cumulative;
            cumulative += weight;
            ranges.add(new BucketRange(start, start + clamped * weight));
        }
        return List.copyOf(ranges);
    }

    /** Summed in order, like GrowthBook's {@code reduce}, so that exactly the same weights pass the tolerance. */
    static double sum(double[] weights) {
        double total = 0;
        for (double weight : weights) total += weight;
        return total;
    }

    /**
     * GrowthBook's test, comparison for comparison: written another way ({@code |total - 1| <= 0.01})
     * it would judge a sum at the edge, such as 0.99, otherwise in floating point.
     */
    static boolean addsUpToOne(double total) {
        return !(total < 0.99 || total > 1.01);
    }

    /**
     * GrowthBook's {@code chooseVariation}.
     *
     * @param n a user's hash
     * @param ranges one range per variant
     * @return the index of the first range that contains {@code n}, or -1 when none does
     */
    public static int chooseVariation(double n, List<BucketRange> ranges) {
        for (int i = 0; i < ranges.size(); i++) {
            if (ranges.get(i).contains(n)) return i;
        }
        return -1;
    }
}
