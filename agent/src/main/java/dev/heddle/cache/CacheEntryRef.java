package dev.heddle.cache;

/**
 * One cache entry, as an app's feedback or an operator's eviction names it.
 *
 * @param key the entry's key as Redis names it ({@code heddle:c:{namespace}:<preset>@v1:<sha-256>},
 *     or {@code heddle:s:{namespace}:v1:<uuid>} for a semantic one); also for entries kept in process
 *     only ({@code local} in place of the preset, or {@code local:<id>} in place of the version and uuid)
 * @param evict removes the entry, here and, when shared, in Redis
 */
public record CacheEntryRef(String key, Runnable evict) {
}
