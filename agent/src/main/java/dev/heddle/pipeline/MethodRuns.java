package dev.heddle.pipeline;

import dev.failsafe.function.CheckedSupplier;
import dev.heddle.api.HeddleException;

/**
 * The runs of the original method within one blocking call's attempts, and how the last one ended.
 * It tells the method's own failure and Heddle's refusals apart from an internal error of the
 * resilience policies around the method, so that such an error never reaches the app and never
 * makes the method run again after it answered.
 */
final class MethodRuns {

    private volatile int runs;
    private volatile boolean answered;
    private volatile Object lastValue;
    private volatile Throwable lastFailure;

    /**
     * @param method one run of the original method
     * @return the same run, recorded here
     */
    CheckedSupplier<Object> recording(CheckedSupplier<Object> method) {
        return () -> {
            runs++;
            try {
                Object value = method.get();
                lastValue = value;
                lastFailure = null;
                answered = true;
                return value;
            } catch (Throwable failure) {
                lastFailure = failure;
                answered = false;
                throw failure;
            }
        };
    }

    /** @return whether the method ran at least once */
    boolean ran() {
        return runs > 0;
    }

    /** @return whether the last run returned normally */
    boolean answered() {
        return answered;
    }

    /** @return what the last run returned */
    Object lastValue() {
        return lastValue;
    }

    /** @return what the last run threw, or null */
    Throwable lastFailure() {
        return lastFailure;
    }

    /**
     * @param failure what the policies around the method threw
     * @return whether it is what the caller may see: the method's own failure (or one of its causes,
     *     which the policies unwrap), or Heddle's own refusal (circuit open, bulkhead full, timeout)
     */
    boolean isTheMethodsOrHeddles(Throwable failure) {
        if (failure instanceof HeddleException) return true;
        for (Throwable own = lastFailure; own != null; own = own.getCause() == own ? null : own.getCause()) {
            if (own == failure) return true;
        }
        return false;
    }
}
