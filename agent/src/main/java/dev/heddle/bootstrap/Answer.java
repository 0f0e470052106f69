package dev.heddle.bootstrap;

/**
 * How the pipeline ended a call instead of running the woven method's body: with a value (a cache
 * hit, or the result of attempts the pipeline made itself), or with a throwable for the caller (the
 * method's own exception after the last retry, or Heddle's refusal).
 */
public final class Answer {

    private final Object value;
    private final Throwable failure;

    /**
     * @param value what the caller receives; null only when the method itself returned null
     */
    public Answer(Object value) {
        this(value, null);
    }

    private Answer(Object value, Throwable failure) {
        this.value = value;
        this.failure = failure;
    }

    /**
     * @param failure what the caller receives instead of a value
     * @return an answer that throws
     */
    public static Answer failed(Throwable failure) {
        return new Answer(null, failure);
    }

    /** @return what the caller receives, null when the answer is a failure */
    public Object value() {
        return value;
    }

    /** @return what the caller receives instead of a value, or null */
    public Throwable failure() {
        return failure;
    }
}
