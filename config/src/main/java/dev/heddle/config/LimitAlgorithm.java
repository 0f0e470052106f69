package dev.heddle.config;

import java.util.Locale;
import java.util.Optional;

/** How a quota limit counts: {@code requests: { rate: 20/1m, algorithm: token-bucket }}. */
public enum LimitAlgorithm {

    /** An exact sliding window: at most the rate's count in any window-long span, no burst at window edges (the default). */
    SLIDING_WINDOW,
    /** A token bucket: bursts up to the count, refilled smoothly at count per window. */
    TOKEN_BUCKET;

    /** @return the name written in YAML, such as {@code sliding-window} */
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * @param text what YAML says
     * @return the algorithm of that name
     */
    static Optional<LimitAlgorithm> named(String text) {
        for (LimitAlgorithm algorithm : values()) {
            if (algorithm.yamlName().equals(text)) return Optional.of(algorithm);
        }
        return Optional.empty();
    }
}
