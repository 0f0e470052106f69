package dev.heddle.demo.workload;

import java.util.Locale;
import java.util.Objects;

/**
 * What one replayed request got, as {@link WorkloadReplay} writes it: one tab-separated line per
 * request, read back by the macro benchmark's report.
 *
 * @param index the request's index in the workload
 * @param atMillis when it was planned, milliseconds after the start of the replay
 * @param user who asked
 * @param tier the user's tier
 * @param model the model asked
 * @param kind a repeat, a paraphrase or a unique question
 * @param family the question's paraphrase family, -1 for a unique question
 * @param lagMillis how much later than planned the request started (a busy worker pool delays it), 0 or more
 * @param latencyMicros how long the app's call took, from just before the SDK call to its answer or failure
 * @param outcome how the call ended
 * @param cache what the response cache said of it ({@code Heddle.lastCachedAnswer()})
 * @param similarity the cosine similarity of a semantic hit; 1 for an exact hit or a stored answer, 0 without cache
 * @param answerCheck whether the answer's quoted question is of the asked family
 * @param detail for an error or a fallback, what failed or answered (an exception's simple name, a fallback's kind);
 *     {@code -} otherwise
 */
public record ReplayResult(int index, long atMillis, String user, String tier, String model, RequestKind kind, int family,
        long lagMillis, long latencyMicros, Outcome outcome, CacheResult cache, double similarity, AnswerCheck answerCheck,
        String detail) {

    /** How a call ended, as the app saw it. */
    public enum Outcome {
        /** Answered by the model or, fresh, by the cache. */
        OK,
        /** Answered by an expired cache entry, because the model could not answer ({@code stale-cache} fallback). */
        STALE,
        /** Answered by another fallback (another model, a method, a fixed text): not the answer the app asked for. */
        FALLBACK,
        /** Refused by Heddle's quota ({@code QuotaExceededException}). */
        QUOTA_REJECTED,
        /** Failed: the app caught an exception. */
        ERROR;

        /** @return whether the app got the answer it asked for: from the model, or from the cache */
        public boolean answeredByModelOrCache() {
            return this == OK || this == STALE;
        }

        /** @return whether the app got any answer, a fallback's included */
        public boolean answered() {
            return answeredByModelOrCache() || this == FALLBACK;
        }
    }

    /** What {@code Heddle.lastCachedAnswer()} said after the call. */
    public enum CacheResult {
        /** Nothing: no agent, no cache on the call, or a call that joined an identical one in flight. */
        NONE,
        /** A miss whose answer the cache stored. */
        STORED,
        /** An exact hit. */
        EXACT,
        /** A semantic hit: a similar request's answer. */
        SEMANTIC;

        /** @return whether the cache answered */
        public boolean hit() {
            return this == EXACT || this == SEMANTIC;
        }
    }

    /** Whether an answer quotes a question of the family that was asked (see {@link AnswerFamilies}). */
    public enum AnswerCheck {
        /** The answer quotes a question of the asked family. */
        SAME,
        /** The answer quotes another question: a wrong answer. */
        OTHER,
        /** Not checked: the call got no answer. */
        UNCHECKED
    }

    private static final String SEPARATOR = "\t";
    private static final int FIELDS = 14;

    /** Checks the fields. */
    public ReplayResult {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(cache, "cache");
        Objects.requireNonNull(answerCheck, "answerCheck");
        Objects.requireNonNull(detail, "detail");
        if (detail.isEmpty() || detail.contains(SEPARATOR) || detail.contains("\n")) {
            throw new IllegalArgumentException("detail must be one non-empty word, got '" + detail + "'");
        }
    }

    /** @return the latency in milliseconds */
    public double latencyMillis() {
        return latencyMicros / 1000.0;
    }

    /** @return the result as one tab-separated line, without a line end */
    public String toLine() {
        return String.join(SEPARATOR, Integer.toString(index), Long.toString(atMillis), user, tier, model, kind.name(),
                Integer.toString(family), Long.toString(lagMillis), Long.toString(latencyMicros), outcome.name(), cache.name(),
                String.format(Locale.ROOT, "%.4f", similarity), answerCheck.name(), detail);
    }

    /**
     * @param line a line that {@link #toLine()} wrote
     * @return the result
     * @throws IllegalArgumentException when the line is not one
     */
    public static ReplayResult parse(String line) {
        String[] fields = line.split(SEPARATOR, -1);
        if (fields.length != FIELDS) {
            throw new IllegalArgumentException("expected " + FIELDS + " tab-separated fields, got " + fields.length + ": " + line);
        }
        try {
            return new ReplayResult(Integer.parseInt(fields[0]), Long.parseLong(fields[1]), fields[2], fields[3], fields[4],
                    RequestKind.valueOf(fields[5]), Integer.parseInt(fields[6]), Long.parseLong(fields[7]),
                    Long.parseLong(fields[8]), Outcome.valueOf(fields[9]), CacheResult.valueOf(fields[10]),
                    Double.parseDouble(fields[11]), AnswerCheck.valueOf(fields[12]), fields[13]);
        } catch (RuntimeException malformed) {
            throw new IllegalArgumentException("not a replay result line (" + malformed.getMessage() + "): " + line, malformed);
        }
    }
}
