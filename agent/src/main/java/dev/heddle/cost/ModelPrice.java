package dev.heddle.cost;

/**
 * What a model costs, in US dollars per million tokens.
 *
 * @param input per million input (prompt) tokens
 * @param output per million output (completion) tokens
 */
public record ModelPrice(double input, double output) {

    /**
     * @param inputTokens prompt tokens
     * @param outputTokens completion tokens
     * @return the dollars they cost
     */
    public double cost(long inputTokens, long outputTokens) {
        return (inputTokens * input + outputTokens * output) / 1_000_000.0;
    }
}
