package dev.heddle.benchmarks;

import dev.heddle.annotations.Cached;

/**
 * Three copies of one cheap "model call", so that only Heddle's weaving differs between them: one
 * Heddle never weaves, one a YAML rule weaves with no policy (the bare cost of the advice and the
 * registry look-up), and one {@code @Cached}.
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
}
