package dev.heddle.api;

/**
 * Heddle refused a call because its rule's bulkhead was full: as many calls as the rule allows were
 * already running, and no place came free within the rule's {@code maxWait}. The model was not
 * called.
 */
public class BulkheadFullException extends HeddleException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message which bulkhead and its limit
     * @param cause the underlying refusal
     */
    public BulkheadFullException(String message, Throwable cause) {
        super(message, cause);
    }
}
