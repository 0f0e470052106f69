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
    private final long attempts;
    private final long retries;
    private final long circuitOpened;
    private final long circuitRejections;
    private final long timeouts;
    private final long bulkheadRejections;
    private final long circuitHalfOpened;
    private final long circuitClosed;
    private final long slowCalls;
    private final long fallbacks;
    private final long quotaAdmitted;
    private final long quotaRefused;
    private final long quotaWaited;
    private final long singleFlightJoined;
    private final long redisHits;
    private final long semanticHits;

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
     * @param attempts attempts made under the rule's resilience policies
     * @param retries attempts after the first
     * @param circuitOpened times the circuit breaker opened
     * @param circuitRejections calls refused by an open circuit
     * @param timeouts attempts cut off by the timeout
     * @param bulkheadRejections calls refused by a full bulkhead
     * @param circuitHalfOpened times the circuit let trial calls through
     * @param circuitClosed times the circuit closed again after trial calls succeeded
     * @param slowCalls successful attempts slower than the circuit's slow-call threshold
     * @param fallbacks failed calls that a fallback answered
     * @param quotaAdmitted calls the quota let through
     * @param quotaRefused calls the quota refused
     * @param quotaWaited times a call waited for a quota permit
     * @param singleFlightJoined cache hits that waited for an identical call on its way to the model
     * @param redisHits cache hits answered from the entries shared through Redis
     * @param semanticHits cache hits answered by a similar earlier request
     */
    @ConstructorProperties({"name", "cacheHits", "cacheMisses", "uncacheable", "modelCalls", "inputTokens",
            "outputTokens", "costUsd", "savedInputTokens", "savedOutputTokens", "savedCostUsd", "attempts", "retries",
            "circuitOpened", "circuitRejections", "timeouts", "bulkheadRejections", "circuitHalfOpened", "circuitClosed", "slowCalls",
            "fallbacks", "quotaAdmitted", "quotaRefused", "quotaWaited", "singleFlightJoined", "redisHits",
            "semanticHits"})
    public RuleStatus(String name, long cacheHits, long cacheMisses, long uncacheable, long modelCalls, long inputTokens,
            long outputTokens, double costUsd, long savedInputTokens, long savedOutputTokens, double savedCostUsd,
            long attempts, long retries, long circuitOpened, long circuitRejections, long timeouts, long bulkheadRejections,
            long circuitHalfOpened, long circuitClosed, long slowCalls, long fallbacks, long quotaAdmitted, long quotaRefused,
            long quotaWaited, long singleFlightJoined, long redisHits, long semanticHits) {
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
        this.attempts = attempts;
        this.retries = retries;
        this.circuitOpened = circuitOpened;
        this.circuitRejections = circuitRejections;
        this.timeouts = timeouts;
        this.bulkheadRejections = bulkheadRejections;
        this.circuitHalfOpened = circuitHalfOpened;
        this.circuitClosed = circuitClosed;
        this.slowCalls = slowCalls;
        this.fallbacks = fallbacks;
        this.quotaAdmitted = quotaAdmitted;
        this.quotaRefused = quotaRefused;
        this.quotaWaited = quotaWaited;
        this.singleFlightJoined = singleFlightJoined;
        this.redisHits = redisHits;
        this.semanticHits = semanticHits;
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

    /** @return attempts made under the rule's resilience policies */
    public long getAttempts() {
        return attempts;
    }

    /** @return attempts after the first */
    public long getRetries() {
        return retries;
    }

    /** @return times the circuit breaker opened */
    public long getCircuitOpened() {
        return circuitOpened;
    }

    /** @return calls refused by an open circuit */
    public long getCircuitRejections() {
        return circuitRejections;
    }

    /** @return attempts cut off by the timeout */
    public long getTimeouts() {
        return timeouts;
    }

    /** @return calls refused by a full bulkhead */
    public long getBulkheadRejections() {
        return bulkheadRejections;
    }

    /** @return times the circuit let trial calls through */
    public long getCircuitHalfOpened() {
        return circuitHalfOpened;
    }

    /** @return times the circuit closed again after trial calls succeeded */
    public long getCircuitClosed() {
        return circuitClosed;
    }

    /** @return successful attempts slower than the circuit's slow-call threshold */
    public long getSlowCalls() {
        return slowCalls;
    }

    /** @return failed calls that a fallback answered */
    public long getFallbacks() {
        return fallbacks;
    }

    /** @return calls the quota let through */
    public long getQuotaAdmitted() {
        return quotaAdmitted;
    }

    /** @return calls the quota refused */
    public long getQuotaRefused() {
        return quotaRefused;
    }

    /** @return times a call waited for a quota permit */
    public long getQuotaWaited() {
        return quotaWaited;
    }

    /** @return cache hits that waited for an identical call on its way to the model (single-flight) */
    public long getSingleFlightJoined() {
        return singleFlightJoined;
    }

    /** @return cache hits answered from the entries shared through Redis */
    public long getRedisHits() {
        return redisHits;
    }

    /** @return cache hits answered by a similar earlier request (the semantic tier), included in the cache hits */
    public long getSemanticHits() {
        return semanticHits;
    }
}
