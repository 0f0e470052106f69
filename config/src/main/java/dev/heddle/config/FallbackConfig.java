package dev.heddle.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What answers a call whose attempts all failed, tried in this order of preference:
 * {@code fallback: { staleFor: 1d, model: gpt-4o-mini, method: cannedAnswer, value: "Try again later." }}.
 * When none of them can answer, the caller gets the original exception.
 *
 * @param staleFor how long past its ttl a cache entry is kept to answer during an outage; needs the
 *     rule's {@code cache}
 * @param model the same request, once, with this model instead (a preset's rule)
 * @param method a method of the same class with the same parameters, called with the same arguments
 * @param value a fixed answer, for a method that returns {@code String}
 */
public record FallbackConfig(Optional<Duration> staleFor, Optional<String> model, Optional<String> method,
        Optional<String> value) {

    /** No fallback at all. */
    public static final FallbackConfig NONE = new FallbackConfig(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty());

    public FallbackConfig {
        Objects.requireNonNull(staleFor, "staleFor");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(value, "value");
    }

    /** @return true when nothing is configured */
    public boolean isEmpty() {
        return staleFor.isEmpty() && model.isEmpty() && method.isEmpty() && value.isEmpty();
    }
}
