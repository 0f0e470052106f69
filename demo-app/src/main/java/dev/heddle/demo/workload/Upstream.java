package dev.heddle.demo.workload;

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

    /** List prices: what a model's tokens cost; the agent's price table in the benchmark, the demo's own list in the demo. */
    @FunctionalInterface
    public interface Prices {

        /**
         * @param model a model, as the vendor counts it
         * @param promptTokens its prompt tokens
         * @param completionTokens its completion tokens
         * @return what they cost, US dollars; 0 for a model without a price
         */
        double cost(String model, long promptTokens, long completionTokens);
    }

    /** @return prompt and completion tokens of every model */
    public long tokens() {
        return promptTokens.values().stream().mapToLong(Long::longValue).sum()
                + completionTokens.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * @param prices the list prices
     * @return what the answered requests cost at list price, US dollars; a model without a price costs 0
     */
    public double costUsd(Prices prices) {
        Map<String, Long> models = new TreeMap<>(promptTokens);
        completionTokens.keySet().forEach(model -> models.putIfAbsent(model, 0L));
        double cost = 0;
        for (String model : models.keySet()) {
            long prompt = promptTokens.getOrDefault(model, 0L);
            long completion = completionTokens.getOrDefault(model, 0L);
            cost += prices.cost(model, prompt, completion);
        }
        return cost;
    }
}
