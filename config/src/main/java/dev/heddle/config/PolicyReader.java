package dev.heddle.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/** Reads a rule's {@code retry:}, {@code circuitBreaker:} and {@code track:}; a key left out keeps its default. */
final class PolicyReader {

    private static final List<String> RETRY_KEYS = List.of("maxAttempts", "delay", "maxDelay");
    private static final List<String> CIRCUIT_BREAKER_KEYS = List.of("failureThreshold", "openFor");
    private static final List<String> TRACK_KEYS = List.of("event");
    private static final String EXPECTED_RETRY = "a mapping such as { maxAttempts: 3, delay: 200ms, maxDelay: 5s }";
    private static final String EXPECTED_CIRCUIT_BREAKER = "a mapping such as { failureThreshold: 5, openFor: 30s }";
    private static final String EXPECTED_TRACK = "true, false or a mapping such as { event: support_question }";

    private final Problems problems;
    private final Scalars scalars;

    PolicyReader(Problems problems, Scalars scalars) {
        this.problems = problems;
        this.scalars = scalars;
    }

    Optional<RetryConfig> retry(Node node, String path) {
        return YamlMapping.read(node, path, EXPECTED_RETRY, problems).map(retry -> {
            retry.allowOnly(RETRY_KEYS, problems);
            RetryConfig defaults = RetryConfig.DEFAULTS;
            int maxAttempts = retry.get("maxAttempts")
                    .flatMap(attempts -> scalars.positiveInt(attempts, retry.pathOf("maxAttempts")))
                    .orElse(defaults.maxAttempts());
            Duration delay = retry.get("delay").flatMap(delayNode -> scalars.duration(delayNode, retry.pathOf("delay")))
                    .orElse(defaults.delay());
            // a long delay alone must not clash with the default ceiling, which the user never wrote
            Duration maxDelay = retry.get("maxDelay").map(maxNode -> maxDelay(maxNode, retry.pathOf("maxDelay"), delay))
                    .orElseGet(() -> max(defaults.maxDelay(), delay));
            return new RetryConfig(maxAttempts, delay, maxDelay);
        });
    }

    private Duration maxDelay(Node node, String path, Duration delay) {
        Optional<Duration> maxDelay = scalars.duration(node, path);
        if (maxDelay.isPresent() && maxDelay.get().compareTo(delay) < 0) {
            problems.report(node, path, "expected at least the delay, " + Durations.format(delay) + ", but found "
                    + Durations.format(maxDelay.get()));
        }
        return maxDelay.orElse(delay);
    }

    Optional<CircuitBreakerConfig> circuitBreaker(Node node, String path) {
        return YamlMapping.read(node, path, EXPECTED_CIRCUIT_BREAKER, problems).map(breaker -> {
            breaker.allowOnly(CIRCUIT_BREAKER_KEYS, problems);
            CircuitBreakerConfig defaults = CircuitBreakerConfig.DEFAULTS;
            int failureThreshold = breaker.get("failureThreshold")
                    .flatMap(threshold -> scalars.positiveInt(threshold, breaker.pathOf("failureThreshold")))
                    .orElse(defaults.failureThreshold());
            Duration openFor = breaker.get("openFor")
                    .flatMap(openForNode -> scalars.positiveDuration(openForNode, breaker.pathOf("openFor")))
                    .orElse(defaults.openFor());
            return new CircuitBreakerConfig(failureThreshold, openFor);
        });
    }

    /** @return tracking; empty for {@code track: false} and for tracking with problems, which are reported */
    Optional<TrackConfig> track(Node node, String path) {
        if (node instanceof ScalarNode && !Nodes.isNull(node)) {
            return scalars.bool(node, path, EXPECTED_TRACK).filter(enabled -> enabled)
                    .map(enabled -> new TrackConfig(Optional.empty()));
        }
        return YamlMapping.read(node, path, EXPECTED_TRACK, problems).map(track -> {
            track.allowOnly(TRACK_KEYS, problems);
            return new TrackConfig(track.get("event").flatMap(event -> scalars.name(event, track.pathOf("event"), "an event name")));
        });
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
