package dev.heddle.experiment;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * Assigns users to the variants of one experiment, deterministically and exactly as GrowthBook
 * does for an experiment with hash version 2 and no namespace or filters: a JavaScript front end
 * running GrowthBook with the same seed, weights and coverage shows each user the variant this
 * class picks for them, in any JVM, on any machine, with no state shared between them.
 *
 * <p>Where GrowthBook would quietly correct a configuration (weights not adding up to 1, coverage
 * out of range) or skip the experiment for everyone (fewer than two variants), this class refuses
 * it instead, so that a mistake is seen when the experiment is set up and not in its results.
 *
 * <p>Immutable, and so safe to share between threads.
 */
public final class VariantAssigner {

    /** What {@link #assign} returns for a user who is in none of the variants. */
    public static final int NOT_IN_EXPERIMENT = -1;

    /** The unbiased hash, the one GrowthBook uses for the experiments it creates. */
    private static final int HASH_VERSION = 2;

    private final String seed;
    private final List<BucketRange> ranges;

    /**
     * @param seed the experiment's seed, as GrowthBook has it (GrowthBook hashes with the
     *        experiment's key when the seed is empty: pass that key then)
     * @param weights each variant's share of the users in the experiment, in variant order; at least
     *        two, none negative, adding up to 1 (within 0.01, as GrowthBook allows)
     * @param coverage the share of all users who are in the experiment, from 0 to 1
     * @throws IllegalArgumentException naming what is wrong, when an argument is
     */
    public VariantAssigner(String seed, double[] weights, double coverage) {
        if (seed == null || seed.isEmpty()) {
            throw new IllegalArgumentException("the experiment's seed is empty: give the seed GrowthBook has for it"
                    + " (GrowthBook uses the experiment's key when it has no seed)");
        }
        if (weights == null || weights.length < 2) {
            throw new IllegalArgumentException("an experiment needs at least two variants, one weight each, but "
                    + (weights == null ? "no weights were" : weights.length + " weight was") + " given"
                    + " (GrowthBook puts no user in an experiment with fewer)");
        }
        for (int i = 0; i < weights.length; i++) {
            if (!(weights[i] >= 0)) {
                throw new IllegalArgumentException("the weight of variant " + i + " is " + weights[i]
                        + ": a weight must be a number of 0 or more");
            }
        }
        double total = BucketRanges.sum(weights);
        if (!BucketRanges.addsUpToOne(total)) {
            throw new IllegalArgumentException("the weights " + Arrays.toString(weights) + " add up to "
                    + String.format(Locale.ROOT, "%.4f", total) + ", not 1: give each variant its share of the users"
                    + " in the experiment (GrowthBook would ignore these weights and split the users equally)");
        }
        if (!(coverage >= 0 && coverage <= 1)) {
            throw new IllegalArgumentException("the coverage is " + coverage
                    + ": it must be from 0 to 1, the share of all users who are in the experiment");
        }
        this.seed = seed;
        this.ranges = BucketRanges.of(weights.length, coverage, weights);
    }

    /**
     * @param userId the user's id, GrowthBook's hash attribute
     * @return the index of the user's variant, or {@link #NOT_IN_EXPERIMENT} when the user is
     *         outside the coverage or has no id ({@code null} or empty: GrowthBook skips such users)
     */
    public int assign(String userId) {
        if (userId == null || userId.isEmpty()) return NOT_IN_EXPERIMENT;
        OptionalDouble n = GrowthBookHash.hash(seed, userId, HASH_VERSION);
        return BucketRanges.chooseVariation(n.getAsDouble(), ranges);
    }

    /** @return the number of variants */
    public int variants() {
        return ranges.size();
    }

    /** @return each variant's slice of the hash space, in variant order (unmodifiable) */
    public List<BucketRange> ranges() {
        return ranges;
    }
}
