package dev.heddle.resilience;

/**
 * Marks a failure whose vendor asked to wait longer than what is left of the retry's time budget:
 * the retry gives up at once instead of waiting past its budget. Never reaches the app; the caller
 * receives the cause.
 */
final class RetryAfterBeyondBudget extends RuntimeException {

    RetryAfterBeyondBudget(Throwable cause) {
        super(null, cause, false, false);
    }

    /** @return the failure a marker wraps, or the failure itself */
    static Throwable unwrap(Throwable failure) {
        return failure instanceof RetryAfterBeyondBudget beyond ? beyond.getCause() : failure;
    }
}
