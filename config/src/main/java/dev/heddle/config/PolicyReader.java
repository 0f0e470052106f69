package dev.heddle.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/** Reads a rule's {@code retry:}, {@code circuitBreaker:}, {@code bulkhead:}, {@code fallback:} and {@code track:}; a key left out keeps its default. */
final class PolicyReader {

    private static final List<String> RETRY_KEYS = List.of("maxAttempts", "delay", "maxDelay", "maxDuration", "retryOn", "budget");
    private static final List<String> CIRCUIT_BREAKER_KEYS = List.of("failureThreshold", "ofCalls", "failureRate", "minimumCalls",
            "window", "slowCall", "openFor", "halfOpenCalls", "maxHalfOpenWait", "per");
    private static final List<String> FALLBACK_KEYS = List.of("staleFor", "model", "method", "value");
    private static final String EXPECTED_FALLBACK = "a mapping such as { staleFor: 1d, value: \"Please try again later.\" }";
    private static final String EXPECTED_FAILURE_RATE = "a percentage from 1% to 100%, such as 50%";
    private static final Pattern PERCENT = Pattern.compile("(\\d{1,3})\\s*%");
    private static final List<String> BULKHEAD_KEYS = List.of("maxConcurrent", "maxWait");
    private static final String EXPECTED_BULKHEAD = "a mapping such as { maxConcurrent: 10, maxWait: 1s }";
    private static final String EXPECTED_RETRY_ON = "a list of exception class names such as [java.io.IOException]";
    private static final List<String> TRACK_KEYS = List.of("event", "properties");
    private static final Pattern RETURN_VALUE = Pattern.compile("return(\\." + JavaNames.IDENTIFIER + ")*");
    private static final String EXPECTED_PROPERTIES = "a mapping of property names to values, such as { question: arg0, length: return.length }";
    private static final String EXPECTED_PROPERTY = "an argument path such as arg0 or arg0.customer.id, or the return value, return or return.text";
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
                if (JavaNames.CLASS_NAME.matcher(name).matches()) {
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
        return YamlMapping.read(node, path, EXPECTED_CIRCUIT_BREAKER, problems).flatMap(breaker -> {
            breaker.allowOnly(CIRCUIT_BREAKER_KEYS, problems);
            CircuitBreakerConfig defaults = CircuitBreakerConfig.DEFAULTS;
            int failureThreshold = breaker.get("failureThreshold")
                    .flatMap(threshold -> scalars.positiveInt(threshold, breaker.pathOf("failureThreshold")))
                    .orElse(defaults.failureThreshold());
            int ofCalls = breaker.get("ofCalls").flatMap(calls -> ofCalls(calls, breaker.pathOf("ofCalls"), failureThreshold))
                    .orElse(failureThreshold);
            Optional<CircuitBreakerConfig.FailureRate> failureRate = failureRate(breaker);
            Optional<Duration> slowCall = breaker.get("slowCall")
                    .flatMap(slow -> scalars.positiveDuration(slow, breaker.pathOf("slowCall")));
            Duration openFor = breaker.get("openFor")
                    .flatMap(openForNode -> scalars.positiveDuration(openForNode, breaker.pathOf("openFor")))
                    .orElse(defaults.openFor());
            int halfOpenCalls = breaker.get("halfOpenCalls")
                    .flatMap(calls -> scalars.positiveInt(calls, breaker.pathOf("halfOpenCalls")))
                    .orElse(defaults.halfOpenCalls());
            Duration maxHalfOpenWait = breaker.get("maxHalfOpenWait")
                    .flatMap(wait -> scalars.positiveDuration(wait, breaker.pathOf("maxHalfOpenWait")))
                    .orElse(CircuitBreakerConfig.DEFAULT_MAX_HALF_OPEN_WAIT);
            CircuitScope per = breaker.get("per").flatMap(scope -> scope(scope, breaker.pathOf("per"))).orElse(CircuitScope.RULE);
            return Optional.of(new CircuitBreakerConfig(failureThreshold, ofCalls, failureRate, slowCall, openFor,
                    halfOpenCalls, maxHalfOpenWait, per));
        });
    }

    private Optional<Integer> ofCalls(Node node, String path, int failureThreshold) {
        return scalars.positiveInt(node, path).filter(calls -> {
            if (calls >= failureThreshold) return true;
            problems.report(node, path, "expected at least failureThreshold, " + failureThreshold + ", but found " + calls);
            return false;
        });
    }

    /** The time-based criterion; failureThreshold and failureRate exclude each other, since each alone decides. */
    private Optional<CircuitBreakerConfig.FailureRate> failureRate(YamlMapping breaker) {
        Optional<Node> rateNode = breaker.get("failureRate");
        for (String key : List.of("minimumCalls", "window")) {
            breaker.get(key).filter(ignored -> rateNode.isEmpty()).ifPresent(node -> problems.report(node, breaker.pathOf(key),
                    "'" + key + "' belongs to 'failureRate'; add failureRate: 50% or remove it"));
        }
        if (rateNode.isEmpty()) return Optional.empty();
        for (String key : List.of("failureThreshold", "ofCalls")) {
            breaker.get(key).ifPresent(node -> problems.report(node, breaker.pathOf(key),
                    "'" + key + "' and 'failureRate' exclude each other: the breaker opens on a count of failures or on a rate"));
        }
        Optional<Integer> percent = scalars.text(rateNode.get(), breaker.pathOf("failureRate"), EXPECTED_FAILURE_RATE)
                .flatMap(text -> percent(rateNode.get(), breaker.pathOf("failureRate"), text));
        int minimumCalls = breaker.get("minimumCalls")
                .flatMap(calls -> scalars.positiveInt(calls, breaker.pathOf("minimumCalls")))
                .orElse(CircuitBreakerConfig.FailureRate.DEFAULT_MINIMUM_CALLS);
        Duration window = breaker.get("window").flatMap(windowNode -> scalars.positiveDuration(windowNode, breaker.pathOf("window")))
                .orElse(CircuitBreakerConfig.FailureRate.DEFAULT_WINDOW);
        return percent.map(rate -> new CircuitBreakerConfig.FailureRate(rate, minimumCalls, window));
    }

    private Optional<Integer> percent(Node node, String path, String text) {
        java.util.regex.Matcher matcher = PERCENT.matcher(text.strip());
        if (matcher.matches()) {
            int percent = Integer.parseInt(matcher.group(1));
            if (percent >= 1 && percent <= 100) return Optional.of(percent);
        }
        problems.report(node, path, "expected " + EXPECTED_FAILURE_RATE + ", but found '" + text + "'");
        return Optional.empty();
    }

    private Optional<CircuitScope> scope(Node node, String path) {
        List<String> names = java.util.Arrays.stream(CircuitScope.values()).map(CircuitScope::yamlName).toList();
        return scalars.name(node, path, "one of " + String.join(", ", names)).flatMap(name -> {
            Optional<CircuitScope> scope = CircuitScope.named(name);
            if (scope.isEmpty()) problems.report(node, path, "unknown circuit scope '" + name + "'; " + Suggestions.hint(name, names));
            return scope;
        });
    }

    /**
     * @param cached whether the rule has a cache, which {@code staleFor} needs
     * @param preset whether the rule has a preset, which {@code model} needs
     */
    Optional<FallbackConfig> fallback(Node node, String path, boolean cached, boolean preset) {
        return YamlMapping.read(node, path, EXPECTED_FALLBACK, problems).flatMap(fallback -> {
            fallback.allowOnly(FALLBACK_KEYS, problems);
            Optional<Duration> staleFor = fallback.get("staleFor")
                    .flatMap(stale -> scalars.positiveDuration(stale, fallback.pathOf("staleFor")));
            fallback.get("staleFor").filter(ignored -> !cached).ifPresent(stale -> problems.report(stale, fallback.pathOf("staleFor"),
                    "'staleFor' answers from the rule's cache, but the rule has none; add cache: { ttl: 1h }"));
            Optional<String> model = fallback.get("model")
                    .flatMap(modelNode -> scalars.name(modelNode, fallback.pathOf("model"), "a model name such as gpt-4o-mini"));
            fallback.get("model").filter(ignored -> !preset).ifPresent(modelNode -> problems.report(modelNode,
                    fallback.pathOf("model"), "'model' asks a preset to change the request's model, but the rule has no preset"));
            Optional<String> method = fallback.get("method")
                    .flatMap(methodNode -> scalars.name(methodNode, fallback.pathOf("method"), "a method name"))
                    .filter(name -> javaIdentifier(fallback, name));
            Optional<String> value = fallback.get("value")
                    .flatMap(valueNode -> scalars.text(valueNode, fallback.pathOf("value"), "a text answer"));
            FallbackConfig config = new FallbackConfig(staleFor, model, method, value);
            if (config.isEmpty() && fallback.get("staleFor").isEmpty() && fallback.get("model").isEmpty()
                    && fallback.get("method").isEmpty() && fallback.get("value").isEmpty()) {
                problems.report(node, path, "a fallback needs at least one of: " + String.join(", ", FALLBACK_KEYS));
            }
            return config.isEmpty() ? Optional.empty() : Optional.of(config);
        });
    }

    private boolean javaIdentifier(YamlMapping fallback, String name) {
        if (JavaNames.CLASS_NAME.matcher(name).matches() && !name.contains(".")) return true;
        problems.report(fallback.get("method").orElseThrow(), fallback.pathOf("method"),
                "expected the name of a method of the same class, such as cannedAnswer, but found '" + name + "'");
        return false;
    }

    /** @return tracking; empty for {@code track: false} and for tracking with problems, which are reported */
    Optional<TrackConfig> track(Node node, String path) {
        if (node instanceof ScalarNode && !Nodes.isNull(node)) {
            return scalars.bool(node, path, EXPECTED_TRACK).filter(enabled -> enabled)
                    .map(enabled -> new TrackConfig(Optional.empty()));
        }
        return YamlMapping.read(node, path, EXPECTED_TRACK, problems).map(track -> {
            track.allowOnly(TRACK_KEYS, problems);
            Optional<String> event = track.get("event").flatMap(value -> scalars.name(value, track.pathOf("event"), "an event name"));
            Map<String, String> properties = track.get("properties")
                    .flatMap(value -> YamlMapping.read(value, track.pathOf("properties"), EXPECTED_PROPERTIES, problems))
                    .map(this::properties).orElse(Map.of());
            return new TrackConfig(event, properties);
        });
    }

    /** @return each property's name and where its value comes from, in file order; properties with problems are left out */
    private Map<String, String> properties(YamlMapping properties) {
        Map<String, String> read = new LinkedHashMap<>();
        for (YamlMapping.Entry property : properties.entries()) {
            String path = properties.pathOf(property.key());
            scalars.name(property.value(), path, EXPECTED_PROPERTY).filter(source -> {
                // the same argument paths as user: { argument: ... }, so that one path syntax serves both
                if (UserReader.ARGUMENT.matcher(source).matches() || RETURN_VALUE.matcher(source).matches()) return true;
                problems.report(property.value(), path, "expected " + EXPECTED_PROPERTY + " (arg0 is the first argument), but found '"
                        + source + "'");
                return false;
            }).ifPresent(source -> read.put(property.key(), source));
        }
        return read;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
