package dev.heddle.demo;

import java.util.Map;
import java.util.Optional;

/**
 * The vendor's list prices of the models the demo uses, in US dollars per million tokens, to turn the
 * tokens the vendor counted into dollars. No discounts, no cached-input pricing, no batch pricing.
 */
public final class ListPrices {

    /**
     * The price of one model.
     *
     * @param inputPerMillion dollars per million prompt (input) tokens
     * @param outputPerMillion dollars per million completion (output) tokens
     */
    public record Price(double inputPerMillion, double outputPerMillion) {

        /**
         * @param promptTokens prompt tokens
         * @param completionTokens completion tokens
         * @return what they cost, dollars
         */
        public double cost(long promptTokens, long completionTokens) {
            return (promptTokens * inputPerMillion + completionTokens * outputPerMillion) / 1_000_000.0;
        }
    }

    private static final Map<String, Price> PRICES = Map.of(
            "gpt-4o", new Price(2.50, 10.00), // the workload demo's docs feature
            "gpt-4o-mini", new Price(0.15, 0.60),
            "gpt-4.1-mini", new Price(0.40, 1.60),
            "gpt-4.1-nano", new Price(0.10, 0.40)); // the model of the answer-style experiment's concise variant

    private ListPrices() {
    }

    /**
     * The list price of a model.
     *
     * @param model the model name as the vendor counts it
     * @return its price, empty for a model this table does not know
     */
    public static Optional<Price> of(String model) {
        return Optional.ofNullable(PRICES.get(model));
    }
}
