package dev.heddle.config;

import java.util.List;

/**
 * The adaptive concurrency limit of a quota's upstream calls, one per preset and model, learned with
 * AIMD from the vendor's answers: {@code adaptive: { initial: 16, min: 2, max: 256, reservedFor: [pro],
 * reservedShare: 0.25 }}, or {@code adaptive: true} for the defaults.
 *
 * @param initial the limit to start from, between {@code min} and {@code max}
 * @param min the floor of every decrease, at least 1
 * @param max the ceiling of every increase
 * @param reservedFor the tiers that may use the reserved share; tiers of the quota
 * @param reservedShare the share of the limit only {@code reservedFor} may use, in [0, 1)
 */
public record AdaptiveConfig(int initial, int min, int max, List<String> reservedFor, double reservedShare) {

    /** Start at 16 calls at once, between 2 and 256, a quarter reserved for no tier. */
    public static final AdaptiveConfig DEFAULTS = new AdaptiveConfig(16, 2, 256, List.of(), 0.25);

    public AdaptiveConfig {
        reservedFor = List.copyOf(reservedFor);
        if (min < 1 || max < min || initial < min || initial > max) {
            throw new IllegalArgumentException("expected 1 <= min <= initial <= max, but found min " + min + ", initial " + initial
                    + ", max " + max);
        }
        if (!(reservedShare >= 0 && reservedShare < 1)) throw new IllegalArgumentException("reservedShare must be in [0, 1)");
    }
}
