package dev.heddle.demo.mock;

import java.util.Locale;

/** The ways in which the mock LLM server can misbehave on purpose. */
public enum FaultKind {
    /** HTTP 429 with a {@code Retry-After} header and the vendor's rate-limit error body. */
    RATE_LIMIT(429),
    /** HTTP 500 with the vendor's server-error body. */
    SERVER_ERROR(500),
    /** HTTP 503 with the vendor's error body. */
    UNAVAILABLE(503),
    /** Waits the plan's extra delay, then answers normally. */
    SLOW(200),
    /** Closes the connection without sending any response; the client sees an I/O error. */
    DROP(0),
    /**
     * Answers 200 and then breaks the answer off half way: a stream stops after half of its events
     * (never before the first text), a plain answer after half of its body, and the connection is
     * closed with the body unfinished; the client sees an I/O error mid-answer.
     */
    CUT(200);

    private final int status;

    FaultKind(int status) {
        this.status = status;
    }

    /**
     * The HTTP status that this fault answers with: 200 for {@link #SLOW} (which answers normally),
     * 0 for {@link #DROP} (which answers nothing).
     *
     * @return the status code
     */
    public int status() {
        return status;
    }

    /**
     * Reads a kind the way a person types it: {@code rate_limit}, {@code RATE-LIMIT} and
     * {@code rateLimit} are all {@link #RATE_LIMIT}.
     *
     * @param text the name
     * @return the kind
     * @throws IllegalArgumentException if no kind has that name
     */
    public static FaultKind parse(String text) {
        String normal = text.trim().replaceAll("([a-z])([A-Z])", "$1_$2").replace('-', '_')
                .toUpperCase(Locale.ROOT);
        for (FaultKind kind : values()) {
            if (kind.name().equals(normal)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown fault kind '" + text + "'; known: "
                + java.util.Arrays.toString(values()));
    }
}
