package dev.heddle.api;

/**
 * Heddle gave up on a call that took longer than its rule's {@code timeout}. The call may still be
 * running in the background; its answer is discarded.
 */
public class HeddleTimeoutException extends HeddleException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message which call and which limit
     * @param cause the underlying timeout
     */
    public HeddleTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
