package dev.heddle.embed;

/**
 * A text could not be embedded. The message says why and, where the operator can fix it, how. The
 * semantic cache treats it as a miss: the call goes on to the model.
 */
public final class EmbeddingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message what went wrong, and how to fix it where that is known */
    public EmbeddingException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong, and how to fix it where that is known
     * @param cause the failure underneath
     */
    public EmbeddingException(String message, Throwable cause) {
        super(message, cause);
    }
}
