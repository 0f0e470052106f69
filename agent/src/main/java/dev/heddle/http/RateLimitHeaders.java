package dev.heddle.http;

import dev.heddle.api.QuotaState;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * The rate-limit headers of a route with a quota, from the state of the user's tightest limit after
 * the request was charged: {@code X-RateLimit-Limit} (units per window), {@code X-RateLimit-Remaining}
 * and {@code X-RateLimit-Reset} (seconds until the limit is full again, as the IETF RateLimit draft
 * counts it); and the {@code 429} of a refused request, with {@code Retry-After} in seconds and a JSON
 * body {@code {"error":"rate_limited","retry_after":<seconds>}}.
 */
final class RateLimitHeaders {

    static final String LIMIT = "X-RateLimit-Limit";
    static final String REMAINING = "X-RateLimit-Remaining";
    static final String RESET = "X-RateLimit-Reset";
    static final String RETRY_AFTER = "Retry-After";
    static final int TOO_MANY_REQUESTS = 429;

    private RateLimitHeaders() {
    }

    /**
     * Adds the headers of an admitted request; none when the user's tier has no limit.
     *
     * @param api the response's servlet API
     * @param response the response
     * @param state the tightest limit after the charge
     */
    static void admitted(ServletApi api, Object response, QuotaState state) {
        if (state.limitAmount() < 0) return;
        api.setHeader(response, LIMIT, Long.toString(state.limitAmount()));
        api.setHeader(response, REMAINING, Long.toString(Math.max(0, state.remaining())));
        api.setHeader(response, RESET, Long.toString(secondsUntil(state.resetAt())));
    }

    /**
     * Answers a refused request: the servlet does not run.
     *
     * @param api the response's servlet API
     * @param response the response
     * @param state the limit that refused it
     * @throws java.io.IOException when the client is gone
     */
    static void refused(ServletApi api, Object response, QuotaState state) throws java.io.IOException {
        long retryAfter = retryAfterSeconds(state);
        api.status(response, TOO_MANY_REQUESTS);
        api.setHeader(response, RETRY_AFTER, Long.toString(retryAfter));
        if (state.limitAmount() >= 0) {
            api.setHeader(response, LIMIT, Long.toString(state.limitAmount()));
            api.setHeader(response, REMAINING, "0");
            api.setHeader(response, RESET, Long.toString(secondsUntil(state.resetAt())));
        }
        byte[] body = ("{\"error\":\"rate_limited\",\"retry_after\":" + retryAfter + "}").getBytes(StandardCharsets.UTF_8);
        api.contentType(response, "application/json");
        api.contentLength(response, body.length);
        ServletApi.write(api.outputStream(response), body);
    }

    /**
     * Whole seconds, rounded up and at least one: a client that waits that long is admitted (unless
     * the limit is spent for longer, when the reset tells).
     */
    static long retryAfterSeconds(QuotaState state) {
        Duration wait = state.retryAfter();
        if (wait.isZero() || wait.isNegative()) return Math.max(1, secondsUntil(state.resetAt()));
        return Math.max(1, ceilSeconds(wait));
    }

    static long secondsUntil(Instant moment) {
        Duration left = Duration.between(Instant.now(), moment);
        return left.isNegative() ? 0 : ceilSeconds(left);
    }

    private static long ceilSeconds(Duration duration) {
        long seconds = duration.getSeconds();
        return duration.getNano() > 0 ? seconds + 1 : seconds;
    }
}
