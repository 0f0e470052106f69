package dev.heddle.api;

import java.util.Objects;
import java.util.Optional;

/**
 * A fallback answered a call whose attempts all failed: the app never gets a fallback answer
 * silently. Read it with {@link Heddle#lastFallback()} right after the call returned.
 *
 * @param rule the rule (or annotated method) whose fallback answered
 * @param kind which fallback: {@code stale-cache}, {@code model}, {@code method} or {@code value}
 * @param failure the failure it answered for, as {@code ExceptionType: message}
 */
public record FallbackAnswer(String rule, String kind, String failure) {

    private static final ThreadLocal<FallbackAnswer> LAST = new ThreadLocal<>();

    public FallbackAnswer {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(failure, "failure");
    }

    /**
     * Called by the agent, not by applications: records how the current call on this thread was
     * answered.
     *
     * @param answer the fallback that answered, or null when the method itself did
     */
    public static void recordForThisThread(FallbackAnswer answer) {
        if (answer == null) {
            LAST.remove();
        } else {
            LAST.set(answer);
        }
    }

    static Optional<FallbackAnswer> lastOnThisThread() {
        return Optional.ofNullable(LAST.get());
    }
}
