package dev.heddle.api;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Heddle refused a call because a quota limit of the user's tier has no room left; the model was
 * not called. It carries what a web layer needs to answer {@code 429 Too Many Requests} with a
 * {@code Retry-After} header.
 */
public class QuotaExceededException extends HeddleException {

    private static final long serialVersionUID = 1L;

    private final transient QuotaState state;

    /**
     * @param message which limit refused and when to try again
     * @param state the quota's decision
     */
    public QuotaExceededException(String message, QuotaState state) {
        super(message);
        this.state = Objects.requireNonNull(state, "state");
    }

    /** @return the quota's name */
    public String quota() {
        return state.quota();
    }

    /** @return the user's tier */
    public String tier() {
        return state.tier();
    }

    /** @return the limit that refused, such as {@code requests 100/1h} */
    public String limit() {
        return state.limit();
    }

    /** @return the units that limit has left */
    public long remaining() {
        return state.remaining();
    }

    /** @return when that limit is back to full */
    public Instant resetAt() {
        return state.resetAt();
    }

    /** @return how long until the same call would be admitted */
    public Duration retryAfter() {
        return state.retryAfter();
    }

    /** @return the whole decision */
    public QuotaState state() {
        return state;
    }
}
