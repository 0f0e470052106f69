package dev.heddle.benchmarks;

import dev.heddle.annotations.Cached;

/**
 * Copies of one cheap "model call", so that only Heddle's weaving differs between them: one Heddle
 * never weaves, one a YAML rule weaves with no policy (the bare cost of the advice and the registry
 * look-up), one {@code @Cached}, and two that YAML rules give resilience policies (retry and
 * circuit breaker, and the same with a timeout).
 */
final class Assistants {

    private Assistants() {
    }

    /** Not matched by any rule: the baseline. */
    static class Unwoven {
        String answer(String prompt) {
            return "answer to " + prompt;
        }
    }

    /** Woven by the rule {@code pass-through} of {@link BenchmarkMain#CONFIG}, which has no policy. */
    static class PassThrough {
        String answer(String prompt) {
            return "answer to " + prompt;
        }
    }

    /** Woven because of {@code @Cached}; the default {@code maxEntries} (10,000) bounds the cache. */
    static class Cached {
        @dev.heddle.annotations.Cached(ttl = "1h")
        String answer(String prompt) {
            return "answer to " + prompt;
        }
    }

    /** Woven by the rule {@code retry-breaker} of {@link BenchmarkMain#CONFIG}: retry and circuit breaker. */
    static class RetryBreaker {
        String answer(String prompt) {
            return "answer to " + prompt;
        }
    }

    /** Woven by the rule {@code retry-breaker-timeout} of {@link BenchmarkMain#CONFIG}: retry, circuit breaker and timeout. */
    static class RetryBreakerTimeout {
        String answer(String prompt) {
            return "answer to " + prompt;
        }
    }
}
