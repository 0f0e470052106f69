package dev.heddle.preset;

/**
 * Heddle's one estimate of tokens from text, for when the vendor has not reported them (yet): a
 * token per four characters, the usual rule of thumb for English. The quotas reserve with it before
 * a call; a stream that stops before its usage chunk is charged with it.
 */
public final class TokenEstimate {

    private static final int CHARS_PER_TOKEN = 4;

    private TokenEstimate() {
    }

    /**
     * @param canonicalRequest a request's canonical text (its cache key)
     * @return its input tokens, at least 1
     */
    public static long ofRequest(String canonicalRequest) {
        return Math.max(1, canonicalRequest.length() / CHARS_PER_TOKEN);
    }

    /**
     * @param produced the text a model produced
     * @return its output tokens, rounded up, 0 for no text
     */
    public static long ofOutput(String produced) {
        return (produced.length() + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN;
    }
}
