package dev.heddle.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * Reads {@code redis:}: a URI, or {@code { url, instances, failClosed, timeout, signingKey }}. An empty URI means
 * no Redis, so that {@code redis: ${REDIS_URL:}} can leave it out. A password comes from the
 * environment inside the URI, {@code rediss://:${REDIS_PASSWORD}@host:6380}, and is never repeated
 * in a problem's message; nor is the signing key, which usually comes from the environment as
 * {@code signingKey: ${HEDDLE_REDIS_SIGNING_KEY}} (an empty one, {@code ${HEDDLE_REDIS_SIGNING_KEY:}}
 * unset, means none).
 */
final class RedisReader {

    private static final List<String> KEYS = List.of("url", "instances", "failClosed", "timeout", "signingKey");
    private static final Set<String> SCHEMES = Set.of("redis", "rediss");
    private static final Pattern DATABASE_PATH = Pattern.compile("/[0-9]{0,9}");
    private static final String EXPECTED_URI = "a Redis URI such as redis://localhost:6379";
    private static final String EXPECTED_SIGNING_KEY = "a secret of at least " + RedisConfig.MIN_SIGNING_KEY_LENGTH
            + " characters, such as ${HEDDLE_REDIS_SIGNING_KEY}";
    private static final String EXPECTED_REDIS = EXPECTED_URI + " or a mapping such as { url: redis://localhost:6379, instances: 4 }";

    private final Problems problems;
    private final Scalars scalars;

    RedisReader(Problems problems, Scalars scalars) {
        this.problems = problems;
        this.scalars = scalars;
    }

    /** @return Redis; empty for no Redis and for Redis with problems, which are reported */
    Optional<RedisConfig> read(Node node, String path) {
        if (Nodes.isNull(node)) return Optional.empty();
        if (node instanceof ScalarNode) return uri(node, path).map(RedisConfig::of);
        return YamlMapping.read(node, path, EXPECTED_REDIS, problems).flatMap(redis -> {
            redis.allowOnly(KEYS, problems);
            Optional<Node> url = redis.get("url");
            if (url.isEmpty()) problems.report(node, path, "'url' is required: " + EXPECTED_URI);
            int instances = redis.get("instances").flatMap(value -> scalars.positiveInt(value, redis.pathOf("instances"))).orElse(1);
            boolean failClosed = redis.get("failClosed").flatMap(value -> scalars.bool(value, redis.pathOf("failClosed"))).orElse(false);
            Duration timeout = redis.get("timeout").flatMap(value -> scalars.positiveDuration(value, redis.pathOf("timeout")))
                    .orElse(RedisConfig.DEFAULT_TIMEOUT);
            Optional<String> signingKey = redis.get("signingKey").flatMap(value -> signingKey(value, redis.pathOf("signingKey")));
            return url.flatMap(value -> uri(value, redis.pathOf("url")))
                    .map(uri -> new RedisConfig(uri, instances, failClosed, timeout, signingKey));
        });
    }

    /** @return the key; empty for none (null or empty) and for a key too short, which is reported without the key */
    private Optional<String> signingKey(Node node, String path) {
        if (Nodes.isNull(node)) return Optional.empty();
        return scalars.text(node, path, EXPECTED_SIGNING_KEY).filter(key -> !key.isEmpty()).filter(key -> {
            if (key.length() >= RedisConfig.MIN_SIGNING_KEY_LENGTH) return true;
            problems.report(node, path, "the signing key has " + key.length() + " characters, but needs at least "
                    + RedisConfig.MIN_SIGNING_KEY_LENGTH + "; use a random one, such as the output of 'openssl rand -base64 32'");
            return false;
        });
    }

    private Optional<String> uri(Node node, String path) {
        if (Nodes.isNull(node)) return Optional.empty();
        return scalars.text(node, path, EXPECTED_URI).map(String::strip).filter(uri -> !uri.isEmpty()).filter(uri -> {
            Optional<String> problem = problemOf(uri);
            if (problem.isEmpty()) return true;
            // the user and password may come from the environment: never in a message
            problems.report(node, path, "expected " + EXPECTED_URI + " or rediss://host:port, but found '"
                    + RedisConfig.redacted(uri) + "'" + problem.get());
            return false;
        });
    }

    /** @return empty for a usable URI, else what follows the message: empty text, or a reason in parentheses */
    private static Optional<String> problemOf(String text) {
        String encodeHint = text.indexOf('@') < 0 ? ""
                : " (characters such as / # ? @ : % in a password must be percent-encoded: %2F %23 %3F %40 %3A %25)";
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            return Optional.of(encodeHint);
        }
        if (uri.getScheme() == null || !SCHEMES.contains(uri.getScheme().toLowerCase(Locale.ROOT)) || uri.getHost() == null) {
            return Optional.of(encodeHint);
        }
        if (uri.getPort() == 0 || uri.getPort() > 65_535) return Optional.of(" (the port must be between 1 and 65535)");
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            return Optional.of(encodeHint.isEmpty() ? " (a query ?... or fragment #... is not read)" : encodeHint);
        }
        String path = uri.getRawPath();
        if (path != null && !path.isEmpty() && !DATABASE_PATH.matcher(path).matches()) {
            return Optional.of(" (the path is the database number, such as /2)");
        }
        return Optional.empty();
    }
}
