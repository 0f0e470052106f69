package dev.heddle.it.app;

/**
 * A checked exception of the app's own, which a caller catches by its type.
 */
public class ModelUnavailableException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened
     */
    public ModelUnavailableException(String message) {
        super(message);
    }
}
