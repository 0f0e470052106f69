package dev.heddle.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/** Reads a rule's {@code retry:}, {@code circuitBreaker:}, {@code bulkhead:} and {@code track:}; a key left out keeps its default. */
final class PolicyReader {

    private static final List<String> RETRY_KEYS = List.of("maxAttempts", "delay", "maxDelay", "maxDuration", "retryOn", "budget");
    private static final List<String> CIRCUIT_BREAKER_KEYS = List.of("failureThreshold", "openFor", "halfOpenCalls");
    private static final List<String> BULKHEAD_KEYS = List.of("maxConcurrent", "maxWait");
    private static final String EXPECTED_BULKHEAD = "a mapping such as { maxConcurrent: 10, maxWait: 1s }";
    private static final String EXPECTED_RETRY_ON = "a list of exception class names such as [java.io.IOException]";
    private static final Pattern CLASS_NAME = Pattern.compile("[\\p{L}_$][\\p{L}\\p{N}_$]*(\\.[\\p{L}_$][\\p{L}\\p{N}_$]*)*");
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
            Optional<Duration> maxDuration = retry.get("maxDuration")
                    .flatMap(budget -> scalars.positiveDuration(budget, retry.pathOf("maxDuration")));
            List<String> retryOn = retry.get("retryOn").map(list -> classNames(list, retry.pathOf("retryOn"))).orElse(List.of());
            Optional<Double> budget = retry.get("budget").flatMap(ratio -> scalars.threshold(ratio, retry.pathOf("budget")));
            return new RetryConfig(maxAttempts, delay, maxDelay, maxDuration, retryOn, budget);
        });
    }

    private List<String> classNames(Node node, String path) {
        if (!(node instanceof SequenceNode sequence)) {
            problems.report(node, path, "expected " + EXPECTED_RETRY_ON);
            return List.of();
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < sequence.getValue().size(); i++) {
            Node element = sequence.getValue().get(i);
            String elementPath = path + "[" + i + "]";
            scalars.name(element, elementPath, "an exception class name such as java.io.IOException").ifPresent(name -> {
                if (CLASS_NAME.matcher(name).matches()) {
                    names.add(name);
                } else {
                    problems.report(element, elementPath, "expected an exception class name such as java.io.IOException, but found '"
                            + name + "'");
                }
            });
        }
        return names;
    }

    Optional<BulkheadConfig> bulkhead(Node node, String path) {
        return YamlMapping.read(node, path, EXPECTED_BULKHEAD, problems).flatMap(bulkhead -> {
            bulkhead.allowOnly(BULKHEAD_KEYS, problems);
            Optional<Node> maxConcurrentNode = bulkhead.get("maxConcurrent");
            if (maxConcurrentNode.isEmpty()) {
                problems.report(bulkhead.node(), path, "missing maxConcurrent: how many calls of the rule may run at once");
                return Optional.empty();
            }
            Optional<Integer> maxConcurrent = scalars.positiveInt(maxConcurrentNode.get(), bulkhead.pathOf("maxConcurrent"));
            Duration maxWait = bulkhead.get("maxWait").flatMap(wait -> scalars.duration(wait, bulkhead.pathOf("maxWait")))
                    .orElse(BulkheadConfig.DEFAULT_MAX_WAIT);
            return maxConcurrent.map(limit -> new BulkheadConfig(limit, maxWait));
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
            int halfOpenCalls = breaker.get("halfOpenCalls")
                    .flatMap(calls -> scalars.positiveInt(calls, breaker.pathOf("halfOpenCalls")))
                    .orElse(defaults.halfOpenCalls());
            return new CircuitBreakerConfig(failureThreshold, openFor, halfOpenCalls);
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
