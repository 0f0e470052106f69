package dev.heddle.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Limits how often the annotated method may be called, per user.
 *
 * <p>Either names a quota defined in YAML ({@link #quota()}) or gives an inline limit
 * ({@link #limit()}), such as {@code "100/1h"}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface RateLimited {

    /** The name of a quota in the {@code quotas:} section of the YAML configuration. */
    String quota() default "";

    /** An inline request limit, {@code count/window}, such as {@code "100/1h"} or {@code "5/1s"}. */
    String limit() default "";
}
