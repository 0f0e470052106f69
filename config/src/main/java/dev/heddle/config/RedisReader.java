package dev.heddle.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * Reads {@code redis:}: a URI, or {@code { url, instances, failClosed, timeout }}. An empty URI means
 * no Redis, so that {@code redis: ${REDIS_URL:}} can leave it out.
 */
final class RedisReader {

    private static final List<String> KEYS = List.of("url", "instances", "failClosed", "timeout");
    private static final Set<String> SCHEMES = Set.of("redis", "rediss");
    private static final String EXPECTED_URI = "a Redis URI such as redis://localhost:6379";
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
            return url.flatMap(value -> uri(value, redis.pathOf("url")))
                    .map(uri -> new RedisConfig(uri, instances, failClosed, timeout));
        });
    }

    private Optional<String> uri(Node node, String path) {
        if (Nodes.isNull(node)) return Optional.empty();
        return scalars.text(node, path, EXPECTED_URI).map(String::strip).filter(uri -> !uri.isEmpty()).filter(uri -> {
            if (isRedisUri(uri)) return true;
            problems.report(node, path, "expected " + EXPECTED_URI + " or rediss://host:port, but found '" + uri + "'");
            return false;
        });
    }

    private static boolean isRedisUri(String text) {
        try {
            URI uri = new URI(text);
            return uri.getScheme() != null && SCHEMES.contains(uri.getScheme()) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
