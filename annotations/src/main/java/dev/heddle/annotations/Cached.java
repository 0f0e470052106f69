package dev.heddle.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Caches the return value of the annotated method: a later call with equal arguments returns the
 * stored answer without running the method.
 *
 * <p>The key is derived from the method and its arguments (see {@code docs/caching.md}). A call
 * whose arguments cannot be keyed safely runs uncached. Null results and thrown exceptions are never
 * stored. A YAML rule that matches the same method overrides these settings.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Cached {

    /** How long an answer stays fresh, as a duration such as {@code "30s"}, {@code "10m"}, {@code "1h"}. */
    String ttl() default "1h";

    /** Whether a semantically similar (not only equal) request may be answered from the cache. */
    boolean semantic() default false;

    /** The cosine similarity a semantic hit must reach, between 0 and 1. */
    double threshold() default 0.945;

    /** The cache partition; methods sharing a namespace share entries. Empty means the method's own. */
    String namespace() default "";
}
