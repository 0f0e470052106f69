package dev.heddle.config;

import java.time.Duration;
import java.util.Objects;

/**
 * A spending limit of a tier, in US dollars per window: {@code cost: 5.00/1d}. Counted in
 * micro-dollars, priced by the price table from each call's token usage.
 *
 * @param microUsd the dollars the window allows, in millionths, at least 1
 * @param window the window length, positive
 */
public record CostLimitConfig(long microUsd, Duration window) {

    public CostLimitConfig {
        Objects.requireNonNull(window, "window");
        if (microUsd < 1) throw new IllegalArgumentException("a cost limit must allow more than 0 dollars");
        if (window.isZero() || window.isNegative()) throw new IllegalArgumentException("a cost limit's window must be positive");
    }
}
