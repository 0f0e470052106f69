package dev.heddle.status;

import java.beans.ConstructorProperties;

/**
 * The counters of one rule (or {@code @Cached} method) at one moment; an MXBean composite value.
 */
public final class RuleStatus {

    private final String name;
    private final long cacheHits;
    private final long cacheMisses;
    private final long uncacheable;
    private final long modelCalls;
    private final long inputTokens;
    private final long outputTokens;
    private final double costUsd;
    private final long savedInputTokens;
    private final long savedOutputTokens;
    private final double savedCostUsd;

    /**
     * @param name the rule name, or {@code @Cached type:method(descriptor)}
     * @param cacheHits calls answered from the cache
     * @param cacheMisses calls that found no entry
     * @param uncacheable calls that could not be keyed
     * @param modelCalls calls that reached the model and reported usage
     * @param inputTokens their input tokens
     * @param outputTokens their output tokens
     * @param costUsd their cost
     * @param savedInputTokens input tokens the cache saved
     * @param savedOutputTokens output tokens the cache saved
     * @param savedCostUsd dollars the cache saved
     */
    @ConstructorProperties({"name", "cacheHits", "cacheMisses", "uncacheable", "modelCalls", "inputTokens",
            "outputTokens", "costUsd", "savedInputTokens", "savedOutputTokens", "savedCostUsd"})
    public RuleStatus(String name, long cacheHits, long cacheMisses, long uncacheable, long modelCalls, long inputTokens,
            long outputTokens, double costUsd, long savedInputTokens, long savedOutputTokens, double savedCostUsd) {
        this.name = name;
        this.cacheHits = cacheHits;
        this.cacheMisses = cacheMisses;
        this.uncacheable = uncacheable;
        this.modelCalls = modelCalls;
        this.inputTokens = inputTokens;
        this.outputTokens = outputTokens;
        this.costUsd = costUsd;
        this.savedInputTokens = savedInputTokens;
        this.savedOutputTokens = savedOutputTokens;
        this.savedCostUsd = savedCostUsd;
    }

    /** @return the rule name, or {@code @Cached type:method(descriptor)} */
    public String getName() {
        return name;
    }

    /** @return calls answered from the cache */
    public long getCacheHits() {
        return cacheHits;
    }

    /** @return calls that found no entry */
    public long getCacheMisses() {
        return cacheMisses;
    }

    /** @return calls that could not be keyed and ran uncached */
    public long getUncacheable() {
        return uncacheable;
    }

    /** @return calls that reached the model and reported usage */
    public long getModelCalls() {
        return modelCalls;
    }

    /** @return input tokens of calls that reached the model */
    public long getInputTokens() {
        return inputTokens;
    }

    /** @return output tokens of calls that reached the model */
    public long getOutputTokens() {
        return outputTokens;
    }

    /** @return dollars spent */
    public double getCostUsd() {
        return costUsd;
    }

    /** @return input tokens the cache saved */
    public long getSavedInputTokens() {
        return savedInputTokens;
    }

    /** @return output tokens the cache saved */
    public long getSavedOutputTokens() {
        return savedOutputTokens;
    }

    /** @return dollars the cache saved */
    public double getSavedCostUsd() {
        return savedCostUsd;
    }
}
