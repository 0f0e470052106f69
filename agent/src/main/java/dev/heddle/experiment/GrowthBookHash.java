package dev.heddle.experiment;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * GrowthBook's hash of a user into a number in [0, 1): the same number, to the last bit, that
 * GrowthBook's JavaScript, Python, Java and other SDKs compute for the same seed and value, so that
 * a user is bucketed alike wherever the experiment is evaluated.
 *
 * <p>Both hash versions the SDKs support are here: version 1, the original (biased, three decimals),
 * kept for experiments created with it, and version 2, the unbiased one (four decimals).
 */
public final class GrowthBookHash {

    private static final int FNV_OFFSET_BASIS = 0x811c9dc5;
    /**
     * GrowthBook's JavaScript adds {@code (h << 1) + (h << 4) + (h << 7) + (h << 8) + (h << 24)} to
     * {@code h}, which is {@code h * (1 + 2 + 16 + 128 + 256 + 2^24)} modulo 2^32: the FNV prime.
     * Java's {@code int} multiplication wraps modulo 2^32 just as JavaScript's 32-bit shifts do.
     */
    private static final int FNV_PRIME = 0x01000193;

    private GrowthBookHash() {
    }

    /**
     * GrowthBook's {@code hash(seed, value, version)}.
     *
     * @param seed the experiment's seed (GrowthBook falls back to the experiment key when it has none)
     * @param value the user's hash attribute, usually the user id
     * @param version 1 for {@code (fnv1a32(value + seed) % 1000) / 1000}, 2 for
     *        {@code (fnv1a32(fnv1a32(seed + value) as decimal text) % 10000) / 10000}
     * @return the user's place in [0, 1), or empty for a version GrowthBook does not know
     */
    public static OptionalDouble hash(String seed, String value, int version) {
        Objects.requireNonNull(seed, "seed");
        Objects.requireNonNull(value, "value");
        return switch (version) {
            case 1 -> OptionalDouble.of((fnv1a32(value + seed) % 1000) / 1000.0);
            case 2 -> OptionalDouble.of((fnv1a32(Long.toString(fnv1a32(seed + value))) % 10000) / 10000.0);
            default -> OptionalDouble.empty();
        };
    }

    /**
     * FNV-1a, 32 bits, over the text's UTF-16 code units (JavaScript's {@code charCodeAt}, Java's
     * {@code charAt}), not over its UTF-8 bytes: that is what GrowthBook hashes.
     *
     * @return the hash as an unsigned 32-bit number
     */
    static long fnv1a32(String text) {
        int hash = FNV_OFFSET_BASIS;
        for (int i = 0; i < text.length(); i++) {
            hash ^= text.charAt(i);
            hash *= FNV_PRIME;
        }
        return Integer.toUnsignedLong(hash);
    }
}
