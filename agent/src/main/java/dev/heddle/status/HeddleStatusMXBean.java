package dev.heddle.status;

import java.util.List;

/**
 * What Heddle is doing, as the JMX MBean {@code dev.heddle:type=Heddle} shows it (JConsole, VisualVM,
 * or any JMX client; an app can read it from its own platform MBean server).
 */
public interface HeddleStatusMXBean {

    /** @return where the configuration was read from, or {@code <none>} */
    String getConfigSource();

    /** @return every woven method, as {@code binary.type.Name:method(descriptor)} and the policy owner */
    List<String> getWovenMethods();

    /** @return the counters of every rule and {@code @Cached} method that has been called */
    List<RuleStatus> getRules();

    /** @return every adaptive concurrency limit of a quota's upstream calls, by quota and upstream key */
    List<UpstreamLimitStatus> getUpstreamLimits();

    /** @return the version of the configuration in force: 1 at start-up, one more for each change applied */
    long getConfigVersion();

    /**
     * @return what the last attempt to load the configuration did, such as
     *     {@code applied version 3 at 2026-11-25T00:41:07Z} or
     *     {@code rejected at 2026-11-25T00:41:07Z with 2 problem(s); version 3 keeps running}
     */
    String getLastReload();

    /** @return the problems of the last configuration file rejected, as {@code file:line:column: message}; empty when it was applied */
    List<String> getLastReloadProblems();

    /**
     * @return internal errors Heddle survived since the JVM started: each time a stage failed and the
     *     call went on as without Heddle (logged once per kind, counted every time); 0 is healthy
     */
    long getInternalErrors();

    /**
     * @return where quotas count: {@code none}, {@code unused (...)}, {@code connected},
     *     {@code unreachable (counting in process)}, {@code unreachable (refusing quota-limited calls: failClosed)}
     *     or {@code unusable (...)}; see {@code docs/operations-status.md}
     */
    String getRedisState();

    /**
     * @return cache entries read from Redis (exact answers, semantic entries, embeddings) whose seal did
     *     not open: changed, planted, copied from another key, or signed with another key; each was a
     *     miss, never served; see {@code docs/reliability/integrity.md}
     */
    long getRedisEntriesRejected();

    /** @return analytics events handed to their store since the writer started; 0 without {@code analytics:} */
    long getAnalyticsEventsWritten();

    /** @return analytics events dropped because the writer's queue was full; 0 without {@code analytics:} */
    long getAnalyticsEventsDropped();

    /** @return the cache namespaces in use, such as {@code rule:support-bot} or {@code method:...} */
    List<String> getCacheNamespaces();

    /**
     * An operator's eviction: every entry of one cache namespace, exact and semantic, in this JVM.
     * Entries shared through Redis expire with their ttl; {@code Heddle.rejectLastAnswer()} removes
     * one answer everywhere.
     *
     * @param namespace a namespace from {@link #getCacheNamespaces()}, or {@code *} for every one
     * @return the number of entries evicted, approximately
     */
    long evictCache(String namespace);

    /**
     * An operator's eviction of one entry, exact or semantic, by its key ({@code CachedAnswer.key()}
     * in the app, or a key seen in Redis); a shared entry is removed from Redis too, and so from
     * every JVM.
     *
     * @param key such as {@code heddle:c:{rule:support}:openai-java@v2:3f2a...}
     * @return whether this JVM held it
     */
    boolean evictCacheKey(String key);
}
