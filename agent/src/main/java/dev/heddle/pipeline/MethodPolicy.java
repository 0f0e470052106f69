package dev.heddle.pipeline;

import dev.heddle.cache.CacheCounters;
import dev.heddle.cache.ResponseCache;

/**
 * What the pipeline does around one woven method under the current configuration. Immutable; a
 * stage that the rule does not configure is null and costs nothing.
 *
 * @param owner the rule name, or {@code @Cached type#method} for an annotation
 * @param cache the response cache, or null
 * @param cacheKeyPrefix the start of every cache key of this method
 * @param cacheCounters the owner's cache counters, or null without a cache
 */
public record MethodPolicy(String owner, ResponseCache cache, String cacheKeyPrefix, CacheCounters cacheCounters) {

    /** Weaving stays, nothing happens: the method's rule was removed or switched off. */
    public static final MethodPolicy NONE = new MethodPolicy("<none>", null, null, null);
}
