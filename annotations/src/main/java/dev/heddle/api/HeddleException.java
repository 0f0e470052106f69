package dev.heddle.api;

/**
 * The root of every exception that Heddle itself raises into an application, such as a refused
 * quota or an open circuit. Exceptions thrown by the application's own methods are never wrapped:
 * they reach the caller unchanged.
 *
 * <p>The agent places this type on the bootstrap class path, so an application that never
 * compiles against Heddle can still catch it by name or by {@link RuntimeException}.
 */
public class HeddleException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what happened and what the caller can do about it
     */
    public HeddleException(String message) {
        super(message);
    }

    /**
     * @param message what happened and what the caller can do about it
     * @param cause the underlying failure
     */
    public HeddleException(String message, Throwable cause) {
        super(message, cause);
    }
}
