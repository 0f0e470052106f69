package dev.heddle.weave;

import dev.heddle.bootstrap.AgentLog;
import dev.heddle.config.CircuitBreakerConfig;
import dev.heddle.config.CircuitScope;
import dev.heddle.config.FallbackConfig;
import dev.heddle.config.Durations;
import dev.heddle.config.RetryConfig;
import dev.heddle.resilience.ResilienceSettings;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import net.bytebuddy.description.method.MethodDescription;

/**
 * Reads {@code @Retry}, {@code @CircuitBreaker}, {@code @Timeout} and {@code @Fallback} from a method's class file, by
 * name. An invalid value is reported once and leaves that policy out.
 */
final class ResilienceAnnotations {

    static final String RETRY = "dev.heddle.annotations.Retry";
    static final String CIRCUIT_BREAKER = "dev.heddle.annotations.CircuitBreaker";
    static final String TIMEOUT = "dev.heddle.annotations.Timeout";
    static final String FALLBACK = "dev.heddle.annotations.Fallback";

    /** The annotation names whose presence in a class file means it may need weaving. */
    static final List<String> NAMES = List.of(RETRY, CIRCUIT_BREAKER, TIMEOUT, FALLBACK);

    private ResilienceAnnotations() {
    }

    /**
     * @param method a method
     * @return the policies its annotations ask for; empty settings when it has none
     */
    static ResilienceSettings of(MethodDescription method) {
        String where = method.getDeclaringType().getTypeName() + "#" + method.getName();
        Optional<RetryConfig> retry = AnnotationValues.find(method, RETRY).flatMap(annotation -> {
            int maxAttempts = AnnotationValues.value(annotation, "maxAttempts", Integer.class, RetryConfig.DEFAULTS.maxAttempts());
            Optional<Duration> delay = duration(where, "@Retry.delay", AnnotationValues.value(annotation, "delay", String.class, "200ms"));
            Optional<Duration> maxDelay = duration(where, "@Retry.maxDelay", AnnotationValues.value(annotation, "maxDelay", String.class, "5s"));
            if (maxAttempts < 1) return invalid(where, "@Retry.maxAttempts must be at least 1, but is " + maxAttempts);
            if (delay.isEmpty() || maxDelay.isEmpty()) return Optional.empty();
            return Optional.of(new RetryConfig(maxAttempts, delay.get(), maxDelay.get().compareTo(delay.get()) < 0 ? delay.get() : maxDelay.get()));
        });
        Optional<CircuitBreakerConfig> breaker = AnnotationValues.find(method, CIRCUIT_BREAKER).flatMap(annotation -> {
            int threshold = AnnotationValues.value(annotation, "failureThreshold", Integer.class,
                    CircuitBreakerConfig.DEFAULTS.failureThreshold());
            if (threshold < 1) return invalid(where, "@CircuitBreaker.failureThreshold must be at least 1, but is " + threshold);
            String slowCallText = AnnotationValues.value(annotation, "slowCall", String.class, "");
            Optional<Duration> slowCall = slowCallText.isEmpty() ? Optional.empty()
                    : duration(where, "@CircuitBreaker.slowCall", slowCallText).filter(slow -> !slow.isZero());
            return duration(where, "@CircuitBreaker.openFor", AnnotationValues.value(annotation, "openFor", String.class, "30s"))
                    .filter(openFor -> !openFor.isZero())
                    .map(openFor -> new CircuitBreakerConfig(threshold, threshold, Optional.empty(), slowCall, openFor, 1,
                            CircuitBreakerConfig.DEFAULT_MAX_HALF_OPEN_WAIT, CircuitScope.RULE));
        });
        Optional<Duration> timeout = AnnotationValues.find(method, TIMEOUT)
                .flatMap(annotation -> duration(where, "@Timeout", AnnotationValues.value(annotation, "value", String.class, "")))
                .filter(limit -> !limit.isZero());
        Optional<FallbackConfig> fallback = AnnotationValues.find(method, FALLBACK).flatMap(annotation -> {
            String otherMethod = AnnotationValues.value(annotation, "method", String.class, "");
            String staleForText = AnnotationValues.value(annotation, "staleFor", String.class, "");
            Optional<Duration> staleFor = staleForText.isEmpty() ? Optional.empty()
                    : duration(where, "@Fallback.staleFor", staleForText).filter(stale -> !stale.isZero());
            if (staleFor.isPresent() && !AnnotationValues.find(method, CachedAnnotation.TYPE_NAME).isPresent()) {
                return invalid(where, "@Fallback.staleFor answers from the method's @Cached cache, but it has no @Cached");
            }
            FallbackConfig config = new FallbackConfig(staleFor, Optional.empty(),
                    otherMethod.isBlank() ? Optional.empty() : Optional.of(otherMethod.strip()), Optional.empty());
            return config.isEmpty() ? invalid(where, "@Fallback names neither a method nor staleFor") : Optional.of(config);
        });
        return new ResilienceSettings(retry, breaker, timeout, Optional.empty(), fallback);
    }

    private static Optional<Duration> duration(String where, String what, String text) {
        try {
            return Optional.of(Durations.parse(text));
        } catch (IllegalArgumentException e) {
            return invalid(where, what + ": " + e.getMessage());
        }
    }

    private static <T> Optional<T> invalid(String where, String problem) {
        AgentLog.warnOnce("annotation:" + where + ":" + problem, where + ": " + problem + "; that policy is left out");
        return Optional.empty();
    }
}
