package dev.heddle.it.app;

/**
 * A record argument: two equal questions are different instances with equal components.
 *
 * @param text the question
 * @param level how detailed the answer should be
 */
public record Question(String text, int level) {
}
