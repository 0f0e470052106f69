package dev.heddle.resilience;

/**
 * A successful attempt that took longer than the circuit's slow-call threshold: the circuit counts it
 * as a failure, the retry does not, and the caller receives the value inside.
 *
 * @param value what the attempt returned
 */
record SlowAnswer(Object value) {

    /** @return the value of a slow answer, or the result itself */
    static Object unwrap(Object result) {
        return result instanceof SlowAnswer slow ? slow.value() : result;
    }
}
