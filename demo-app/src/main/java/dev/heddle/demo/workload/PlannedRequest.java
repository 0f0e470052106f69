package dev.heddle.demo.workload;

import java.util.Objects;

/**
 * One request of a workload: who sends which question to which feature, and when.
 *
 * @param index its position in the workload, from 0
 * @param atMillis when it is sent, in milliseconds from the start of the run
 * @param user who asks, such as {@code user-007}
 * @param tier the user's plan: {@code free}, {@code pro} or {@code enterprise}
 * @param feature the feature asked, such as {@code support}
 * @param systemPrompt the feature's system prompt
 * @param model the feature's model, such as {@code gpt-4o-mini}
 * @param question the user's message
 * @param family the question's paraphrase family in the pool, -1 for a unique question
 * @param kind what the request is to those before it
 */
public record PlannedRequest(int index, long atMillis, String user, String tier, String feature, String systemPrompt,
        String model, String question, int family, RequestKind kind) {

    /** Checks the fields: a repeat or a paraphrase belongs to a family. */
    public PlannedRequest {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(feature, "feature");
        Objects.requireNonNull(systemPrompt, "systemPrompt");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(question, "question");
        Objects.requireNonNull(kind, "kind");
        if (index < 0 || atMillis < 0) {
            throw new IllegalArgumentException("index and atMillis must be 0 or more, got " + index + " and " + atMillis);
        }
        if (family < -1 || (family == -1 && kind != RequestKind.UNIQUE)) {
            throw new IllegalArgumentException("a " + kind + " needs a family of 0 or more, got " + family);
        }
    }
}
