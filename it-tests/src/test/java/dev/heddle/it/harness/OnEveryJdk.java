package dev.heddle.it.harness;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs a test once per JDK of {@link Jdks#all()}; the test method takes the {@link Jdk} as its
 * first parameter, and the JDK is named in the display name.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@ParameterizedTest(name = "on {0}")
@MethodSource("dev.heddle.it.harness.Jdks#all")
public @interface OnEveryJdk {
}
