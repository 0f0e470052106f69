package dev.heddle.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One rule: which methods to weave ({@code match} or {@code preset}) and the policies around them.
 * A policy the rule does not configure is empty and costs nothing at run time.
 *
 * @param name the rule's unique name
 * @param enabled false switches the rule off without removing it
 * @param match the methods to weave, when given
 * @param preset the name of a built-in LLM SDK preset, when given
 * @param cache the response cache
 * @param quota the name of a quota in the {@code quotas:} section
 * @param user where the calls find their user, besides the sources every rule has
 * @param retry retry settings
 * @param circuitBreaker circuit breaker settings
 * @param timeout the longest a call may take
 * @param bulkhead the limit of concurrent calls
 * @param fallback what answers a call whose attempts all failed
 * @param track tracking settings
 * @param location where the rule starts in its file
 */
public record RuleConfig(
        String name,
        boolean enabled,
        Optional<MatchConfig> match,
        Optional<String> preset,
        Optional<CacheConfig> cache,
        Optional<String> quota,
        Optional<UserConfig> user,
        Optional<RetryConfig> retry,
        Optional<CircuitBreakerConfig> circuitBreaker,
        Optional<Duration> timeout,
        Optional<BulkheadConfig> bulkhead,
        Optional<FallbackConfig> fallback,
        Optional<TrackConfig> track,
        Location location) {

    public RuleConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(match, "match");
        Objects.requireNonNull(preset, "preset");
        Objects.requireNonNull(cache, "cache");
        Objects.requireNonNull(quota, "quota");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(circuitBreaker, "circuitBreaker");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(bulkhead, "bulkhead");
        Objects.requireNonNull(fallback, "fallback");
        Objects.requireNonNull(track, "track");
        Objects.requireNonNull(location, "location");
    }

    /**
     * A rule without a bulkhead or a fallback.
     *
     * @param name the rule's unique name
     * @param enabled false switches the rule off without removing it
     * @param match the methods to weave, when given
     * @param preset the name of a built-in LLM SDK preset, when given
     * @param cache the response cache
     * @param quota the name of a quota in the {@code quotas:} section
     * @param retry retry settings
     * @param circuitBreaker circuit breaker settings
     * @param timeout the longest a call may take
     * @param track tracking settings
     * @param location where the rule starts in its file
     */
    public RuleConfig(String name, boolean enabled, Optional<MatchConfig> match, Optional<String> preset,
            Optional<CacheConfig> cache, Optional<String> quota, Optional<RetryConfig> retry,
            Optional<CircuitBreakerConfig> circuitBreaker, Optional<Duration> timeout, Optional<TrackConfig> track,
            Location location) {
        this(name, enabled, match, preset, cache, quota, Optional.empty(), retry, circuitBreaker, timeout, Optional.empty(),
                Optional.empty(), track, location);
    }
}
