package dev.heddle.pipeline;

import dev.heddle.cache.CacheCounters;
import dev.heddle.cache.ResponseCache;
import dev.heddle.cost.PriceTable;
import dev.heddle.cost.UsageCounters;
import dev.heddle.identity.UserResolver;
import dev.heddle.preset.Preset;
import dev.heddle.quota.QuotaPolicy;
import dev.heddle.resilience.FallbackChain;
import dev.heddle.resilience.Resilience;

/**
 * What the pipeline does around one woven method under the current configuration. Immutable; a
 * stage that the rule does not configure is null and costs nothing.
 *
 * @param owner the rule name, or {@code @Cached type#method} for an annotation
 * @param cache the response cache, or null
 * @param cacheKeyPrefix the start of every cache key of this method
 * @param cacheCounters the owner's cache counters, or null without a cache
 * @param preset the LLM SDK preset that reads requests and responses, or null
 * @param usage the owner's token and cost counters, or null without a preset
 * @param prices the price table, or null without a preset
 * @param resilience retry, circuit breaker, bulkhead and timeout, or null without any
 * @param fallback what answers a call whose attempts all failed, or null without one
 * @param quota the rule's quota, or null without one
 * @param user who a call is made for, or null without a quota
 * @param semantic the semantic tier of the cache, or null without one
 */
public record MethodPolicy(String owner, ResponseCache cache, String cacheKeyPrefix, CacheCounters cacheCounters,
        Preset preset, UsageCounters usage, PriceTable prices, Resilience resilience, FallbackChain fallback,
        QuotaPolicy quota, UserResolver user, SemanticPolicy semantic) {

    /** A policy without a semantic cache; the parameters are those of the canonical constructor. */
    public MethodPolicy(String owner, ResponseCache cache, String cacheKeyPrefix, CacheCounters cacheCounters,
            Preset preset, UsageCounters usage, PriceTable prices, Resilience resilience, FallbackChain fallback,
            QuotaPolicy quota, UserResolver user) {
        this(owner, cache, cacheKeyPrefix, cacheCounters, preset, usage, prices, resilience, fallback, quota, user, null);
    }

    /** Weaving stays, nothing happens: the method's rule was removed or switched off. */
    public static final MethodPolicy NONE = new MethodPolicy("<none>", null, null, null, null, null, null, null, null, null, null);

    /** @return true when no stage applies and the call runs untouched */
    public boolean passesThrough() {
        return cache == null && preset == null && resilience == null && fallback == null && quota == null;
    }

    /** @return true when the pipeline runs the attempts itself: under resilience policies, or with a fallback */
    public boolean runsAttempts() {
        return resilience != null || fallback != null;
    }
}
