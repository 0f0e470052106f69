/**
 * Connections to Redis, shared by the response cache and the quota store: a
 * {@link dev.heddle.redis.RedisEndpoint} read from {@code redis://} or {@code rediss://} (TLS, user,
 * password, database), and the one builder of pooled clients, {@link dev.heddle.redis.RedisClients}.
 */
package dev.heddle.redis;
