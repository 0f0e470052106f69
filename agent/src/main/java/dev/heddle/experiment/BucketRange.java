package dev.heddle.experiment;

/**
 * The slice {@code [start, end)} of the hash space whose users see one variant.
 *
 * @param start the first hash value in the slice
 * @param end the first hash value past the slice; equal to {@code start} when the slice is empty
 */
public record BucketRange(double start, double end) {

    /**
     * GrowthBook's {@code inRange}.
     *
     * @param n a user's hash
     * @return whether {@code start <= n < end}
     */
    public boolean contains(double n) {
        return n >= start && n < end;
    }
}
