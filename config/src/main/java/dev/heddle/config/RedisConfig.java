package dev.heddle.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The Redis that makes caches and quotas shared across JVMs: {@code redis: redis://host:6379}, or
 * {@code redis: { url: redis://host:6379, instances: 4, failClosed: false, timeout: 200ms,
 * signingKey: ${HEDDLE_REDIS_SIGNING_KEY} }}.
 *
 * @param uri {@code redis://} or {@code rediss://} URI, with the user and password, percent-encoded, and
 *     the database as usual: {@code rediss://user:password@host:6380/2}; {@link #toString()} hides the
 *     user and password
 * @param instances how many JVMs share the quotas; while Redis is unreachable each admits this share
 *     of a limit, at least 1
 * @param failClosed true refuses quota-limited calls while Redis is unreachable, instead of the share
 * @param timeout the longest one Redis command may take, positive
 * @param signingKey the secret that signs every cache entry Heddle stores in Redis, at least
 *     {@value #MIN_SIGNING_KEY_LENGTH} characters; empty when the YAML gives none (the agent then reads
 *     {@code HEDDLE_REDIS_SIGNING_KEY}); {@link #toString()} never shows it
 */
public record RedisConfig(String uri, int instances, boolean failClosed, Duration timeout, Optional<String> signingKey) {

    /** The command timeout when none is given. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(200);

    /** The shortest signing key accepted. */
    public static final int MIN_SIGNING_KEY_LENGTH = 16;

    public RedisConfig {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(signingKey, "signingKey");
        if (instances < 1) throw new IllegalArgumentException("instances must be at least 1");
    }

    /**
     * Redis without a signing key in the YAML.
     *
     * @param uri the Redis URI
     * @param instances how many JVMs share the quotas
     * @param failClosed whether quota-limited calls are refused while Redis is unreachable
     * @param timeout the longest one Redis command may take
     */
    public RedisConfig(String uri, int instances, boolean failClosed, Duration timeout) {
        this(uri, instances, failClosed, timeout, Optional.empty());
    }

    /**
     * @param uri the Redis URI
     * @return Redis with one instance, failing open, and the default timeout
     */
    public static RedisConfig of(String uri) {
        return new RedisConfig(uri, 1, false, DEFAULT_TIMEOUT);
    }

    /** @return the fields, with the URI's user and password shown as {@code ****}, and the signing key never */
    @Override
    public String toString() {
        return "RedisConfig[uri=" + redacted(uri) + ", instances=" + instances + ", failClosed=" + failClosed
                + ", timeout=" + timeout + ", signingKey=" + (signingKey.isPresent() ? "****" : "<none>") + "]";
    }

    /** @return {@code uri} with everything between {@code ://} and the last {@code @} replaced by {@code ****} */
    static String redacted(String uri) {
        int start = uri.indexOf("://");
        start = start < 0 ? 0 : start + 3;
        int at = uri.lastIndexOf('@');
        return at < start ? uri : uri.substring(0, start) + "****" + uri.substring(at);
    }
}
