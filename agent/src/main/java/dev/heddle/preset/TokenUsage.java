package dev.heddle.preset;

/**
 * The tokens one LLM call used, as the vendor reported them.
 *
 * @param inputTokens prompt tokens
 * @param outputTokens completion tokens
 */
public record TokenUsage(long inputTokens, long outputTokens) {
}
