package dev.heddle.cache;

import java.util.function.Supplier;

/**
 * One cache entry, as an app's feedback or an operator's eviction names it. The key is made only
 * when asked for: it costs a SHA-256 of the request, more than a whole cache hit.
 *
 * @param key makes the entry's key, as Redis names it ({@code heddle:c:{namespace}:<preset>@v1:<sha-256>},
 *     or {@code heddle:s:{namespace}:v1:<uuid>} for a semantic one); also for entries kept in process
 *     only ({@code local} in place of the preset, or {@code local:<id>} in place of the version and uuid)
 * @param evict removes the entry, here and, when shared, in Redis
 */
public record CacheEntryRef(Supplier<String> key, Runnable evict) {
}
