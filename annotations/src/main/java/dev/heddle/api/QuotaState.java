package dev.heddle.api;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the quota decided about the last call on this thread of a quota-limited method: the numbers
 * a web layer needs for {@code X-RateLimit-Limit}, {@code X-RateLimit-Remaining},
 * {@code X-RateLimit-Reset} and, on a refusal, {@code Retry-After}. Read it with
 * {@link Heddle#lastQuota()}.
 *
 * @param quota the quota's name
 * @param tier the user's tier
 * @param user the user the call was counted for
 * @param admitted whether the call was let through
 * @param limit the tightest limit, such as {@code requests 100/1h}
 * @param limitAmount the units that limit allows per window
 * @param remaining the units that limit has left after this call (before it, on a refusal)
 * @param resetAt when that limit is back to full
 * @param retryAfter on a refusal, how long until the same call would be admitted; zero otherwise
 */
public record QuotaState(String quota, String tier, String user, boolean admitted, String limit, long limitAmount,
        long remaining, Instant resetAt, Duration retryAfter) {

    private static final ThreadLocal<QuotaState> LAST = new ThreadLocal<>();

    public QuotaState {
        Objects.requireNonNull(quota, "quota");
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(limit, "limit");
        Objects.requireNonNull(resetAt, "resetAt");
        Objects.requireNonNull(retryAfter, "retryAfter");
    }

    /**
     * Called by the agent, not by applications: records the quota decision of the current call on
     * this thread.
     *
     * @param state the decision
     */
    public static void recordForThisThread(QuotaState state) {
        LAST.set(Objects.requireNonNull(state, "state"));
    }

    static Optional<QuotaState> lastOnThisThread() {
        return Optional.ofNullable(LAST.get());
    }
}
