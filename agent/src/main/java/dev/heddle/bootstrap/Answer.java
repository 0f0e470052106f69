package dev.heddle.bootstrap;

/** A value the pipeline answers with instead of running the woven method, such as a cache hit. */
public final class Answer {

    private final Object value;

    /**
     * @param value what the caller receives; never null
     */
    public Answer(Object value) {
        this.value = value;
    }

    /** @return what the caller receives */
    public Object value() {
        return value;
    }
}
