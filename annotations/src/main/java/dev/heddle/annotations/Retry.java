package dev.heddle.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Retries the annotated method on retryable failures, with exponential backoff and jitter. */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Retry {

    /** Total attempts, the first call included. */
    int maxAttempts() default 3;

    /** The delay before the first retry, as a duration such as {@code "200ms"}. */
    String delay() default "200ms";

    /** The upper bound of the backoff delay. */
    String maxDelay() default "5s";
}
