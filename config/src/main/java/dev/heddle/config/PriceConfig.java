package dev.heddle.config;

/**
 * The price of one model, in US dollars per million tokens: {@code prices: { gpt-4o-mini: { input: 0.15, output: 0.60 } }}.
 *
 * @param input dollars per million input (prompt) tokens, not negative
 * @param output dollars per million output (completion) tokens, not negative
 */
public record PriceConfig(double input, double output) {
}
