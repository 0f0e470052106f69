package dev.heddle.benchmarks.macro;

import dev.heddle.cost.PriceTable;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the vendor (the mock LLM server) counted in one run: its own numbers, not the app's.
 *
 * @param requests chat completion requests that reached it, answered or failed
 * @param answered requests it answered
 * @param faulted requests it failed on purpose (the fault schedule)
 * @param promptTokens prompt tokens of answered requests, by model
 * @param completionTokens completion tokens of answered requests, by model
 */
public record Upstream(long requests, long answered, long faulted, Map<String, Long> promptTokens,
        Map<String, Long> completionTokens) {

    /** Copies the maps. */
    public Upstream {
        promptTokens = Map.copyOf(promptTokens);
        completionTokens = Map.copyOf(completionTokens);
    }

    /** @return prompt and completion tokens of every model */
    public long tokens() {
        return promptTokens.values().stream().mapToLong(Long::longValue).sum()
                + completionTokens.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * @param prices the price table
     * @return what the answered requests cost at list price, US dollars; a model without a price costs 0
     */
    public double costUsd(PriceTable prices) {
        Map<String, Long> models = new TreeMap<>(promptTokens);
        completionTokens.keySet().forEach(model -> models.putIfAbsent(model, 0L));
        double cost = 0;
        for (String model : models.keySet()) {
            long prompt = promptTokens.getOrDefault(model, 0L);
            long completion = completionTokens.getOrDefault(model, 0L);
            cost += prices.priceOf(model).map(price -> price.cost(prompt, completion)).orElse(0.0);
        }
        return cost;
    }
}
