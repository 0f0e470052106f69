/**
 * Connections to Redis, shared by the response cache and the quota store: a
 * {@link dev.heddle.redis.RedisEndpoint} read from {@code redis://} or {@code rediss://} (TLS, user,
 * password, database), and the one builder of pooled clients, {@link dev.heddle.redis.RedisClients};
 * and the seal of every cache entry stored there, {@link dev.heddle.redis.EntrySeal}, with the count
 * of entries whose seal did not open, {@link dev.heddle.redis.RejectedEntries}.
 */
package dev.heddle.redis;
