package dev.heddle.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Stops calling the annotated method for a while after repeated failures. */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface CircuitBreaker {

    /** Consecutive failures that open the breaker. */
    int failureThreshold() default 5;

    /** How long the breaker stays open before it lets trial calls through, such as {@code "30s"}. */
    String openFor() default "30s";

    /**
     * @return a successful call slower than this, such as {@code "10s"}, counts as a failure; empty
     *     for no slow-call threshold
     */
    String slowCall() default "";
}
