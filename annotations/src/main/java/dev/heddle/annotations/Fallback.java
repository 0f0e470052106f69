package dev.heddle.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Answers a call of the annotated method whose attempts all failed, in this order of preference: an
 * expired entry of its {@code @Cached} cache, then another method of the same class; when neither
 * can, the caller gets the original exception. {@code Heddle.lastFallback()} tells the caller that a
 * fallback answered.
 *
 * <pre>{@code
 * @Cached(ttl = "1h")
 * @Retry(maxAttempts = 3)
 * @Fallback(staleFor = "1d", method = "cannedAnswer")
 * public String answer(String question) { ... }
 *
 * String cannedAnswer(String question) { return "The assistant is busy; please try again soon."; }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Fallback {

    /**
     * @return the name of a method of the same class with the same parameters and a compatible
     *     return type; empty for none
     */
    String method() default "";

    /**
     * @return how long past its ttl a {@code @Cached} answer is kept to answer during an outage, such
     *     as {@code "1d"}; empty for none
     */
    String staleFor() default "";
}
