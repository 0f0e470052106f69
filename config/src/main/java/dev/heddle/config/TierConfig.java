package dev.heddle.config;

import java.util.Optional;

/**
 * The limits of one quota tier: {@code pro: { requests: 10000/1h, tokens: 2000000/1d }}, or
 * {@code unlimited}.
 *
 * @param requests the request limit, empty for none
 * @param tokens the LLM token limit, empty for none
 */
public record TierConfig(Optional<Rate> requests, Optional<Rate> tokens) {

    /** A tier without limits. */
    public static final TierConfig UNLIMITED = new TierConfig(Optional.empty(), Optional.empty());
}
