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
import java.util.Map;

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
 * @param track the app event of each call ({@code @Tracked} or the rule's {@code track:}), or null
 * @param identity who a call is made for, for tracking and experiments, or null when neither applies
 * @param variants the policy of each experiment variant that changes the rule's options, keyed by
 *     {@link #variantKey}; empty when none does
 */
public record MethodPolicy(String owner, ResponseCache cache, String cacheKeyPrefix, CacheCounters cacheCounters,
        Preset preset, UsageCounters usage, PriceTable prices, Resilience resilience, FallbackChain fallback,
        QuotaPolicy quota, UserResolver user, SemanticPolicy semantic, TrackPlan track, UserResolver identity,
        Map<String, MethodPolicy> variants) {

    public MethodPolicy {
        variants = variants == null ? Map.of() : Map.copyOf(variants);
    }

    /** A policy without tracking; the parameters are those of the canonical constructor. */
    public MethodPolicy(String owner, ResponseCache cache, String cacheKeyPrefix, CacheCounters cacheCounters,
            Preset preset, UsageCounters usage, PriceTable prices, Resilience resilience, FallbackChain fallback,
            QuotaPolicy quota, UserResolver user, SemanticPolicy semantic) {
        this(owner, cache, cacheKeyPrefix, cacheCounters, preset, usage, prices, resilience, fallback, quota, user, semantic,
                null, null, Map.of());
    }

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
        return cache == null && preset == null && resilience == null && fallback == null && quota == null && track == null
                && identity == null;
    }

    /**
     * @param experiment an experiment's name
     * @param variant one of its variants' names
     * @return the key of that variant's policy in {@link #variants}
     */
    public static String variantKey(String experiment, String variant) {
        return experiment + '\0' + variant;
    }

    /**
     * @param tracking the tracking policy
     * @param identity who a call is made for
     * @param variants the variants' policies
     * @return this policy, with tracking
     */
    MethodPolicy tracked(TrackPlan tracking, UserResolver identity, Map<String, MethodPolicy> variants) {
        return new MethodPolicy(owner, cache, cacheKeyPrefix, cacheCounters, preset, usage, prices, resilience, fallback, quota,
                user, semantic, tracking, identity, variants);
    }

    /** @return true when the pipeline runs the attempts itself: under resilience policies, or with a fallback */
    public boolean runsAttempts() {
        return resilience != null || fallback != null;
    }
}
