package dev.heddle.api;

/**
 * Heddle refused a call because the circuit breaker of its rule is open: the model failed too often
 * in a row, and calls fail fast until the breaker lets a trial call through. The model was not
 * called.
 */
public class CircuitOpenException extends HeddleException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message which circuit is open and for how long
     * @param cause the underlying refusal
     */
    public CircuitOpenException(String message, Throwable cause) {
        super(message, cause);
    }
}
