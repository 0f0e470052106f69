package dev.heddle.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The response cache of a rule: {@code cache: { ttl: 1h, maxEntries: 10000, semantic: { threshold: 0.92 } }}.
 *
 * @param ttl how long an answer stays fresh, positive
 * @param maxEntries the most entries kept in process, at least 1
 * @param namespace the cache partition; empty means the rule's own
 * @param semantic semantic caching, when configured
 * @param singleFlight whether concurrent identical calls that miss make one call to the model, the
 *     others waiting for its answer
 * @param toolCalls whether an answer that asks the app to call tools may be cached; off by default,
 *     since what the tools return usually changes
 */
public record CacheConfig(Duration ttl, long maxEntries, Optional<String> namespace, Optional<SemanticConfig> semantic,
        boolean singleFlight, boolean toolCalls) {

    /** The ttl when none is given. */
    public static final Duration DEFAULT_TTL = Duration.ofHours(1);
    /** The in-process capacity when none is given. */
    public static final long DEFAULT_MAX_ENTRIES = 10_000;

    public CacheConfig {
        Objects.requireNonNull(ttl, "ttl");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(semantic, "semantic");
    }

    /**
     * A cache that does not keep answers asking for tools.
     *
     * @param ttl how long an answer stays fresh, positive
     * @param maxEntries the most entries kept in process, at least 1
     * @param namespace the cache partition; empty means the rule's own
     * @param semantic semantic caching, when configured
     * @param singleFlight whether concurrent identical calls that miss make one call to the model
     */
    public CacheConfig(Duration ttl, long maxEntries, Optional<String> namespace, Optional<SemanticConfig> semantic,
            boolean singleFlight) {
        this(ttl, maxEntries, namespace, semantic, singleFlight, false);
    }

    /**
     * A cache with single-flight on.
     *
     * @param ttl how long an answer stays fresh, positive
     * @param maxEntries the most entries kept in process, at least 1
     * @param namespace the cache partition; empty means the rule's own
     * @param semantic semantic caching, when configured
     */
    public CacheConfig(Duration ttl, long maxEntries, Optional<String> namespace, Optional<SemanticConfig> semantic) {
        this(ttl, maxEntries, namespace, semantic, true);
    }
}
