package dev.heddle.config;

import java.util.Objects;

/**
 * One limit of a tier: {@code 100/1h}, or {@code { rate: 20/1m, algorithm: token-bucket }}.
 *
 * @param rate units per window
 * @param algorithm how the units are counted
 */
public record LimitConfig(Rate rate, LimitAlgorithm algorithm) {

    public LimitConfig {
        Objects.requireNonNull(rate, "rate");
        Objects.requireNonNull(algorithm, "algorithm");
    }

    /**
     * @param rate units per window, counted in a sliding window
     * @return the limit
     */
    public static LimitConfig slidingWindow(Rate rate) {
        return new LimitConfig(rate, LimitAlgorithm.SLIDING_WINDOW);
    }
}
