package dev.heddle.quota;

import java.util.function.DoubleSupplier;

/**
 * Tightens per-user limits while the vendor is busy, so that a few heavy users cannot take all of
 * the capacity that is left: above 75% load each per-user limit is cut to 75% of its amount, above
 * 90% to half (never below 1).
 *
 * <p>The load signal is the in-flight calls over the {@link AdaptiveConcurrencyLimit}'s current
 * limit ({@link AdaptiveConcurrencyLimit#load()}). Why that one: the adaptive limit is what the
 * vendor takes right now, learned from its own overload answers, so in-flight over limit says how
 * close the next calls are to being queued or refused; it is instantaneous, needs no clock or
 * baseline, and falls as soon as the vendor recovers and the limit grows. CPU or heap measure this
 * JVM, not the vendor; latency is too noisy for LLM calls, whose duration varies a hundredfold with
 * the answer's length.
 */
public final class LoadShrink {

    private final DoubleSupplier load;

    /**
     * @param loadSignal the current load, 0 idle and 1 at capacity
     */
    public LoadShrink(DoubleSupplier loadSignal) {
        this.load = loadSignal;
    }

    /**
     * @param limit the adaptive limit whose load drives the shrink
     * @return a shrink driven by {@link AdaptiveConcurrencyLimit#load()}
     */
    public static LoadShrink of(AdaptiveConcurrencyLimit limit) {
        return new LoadShrink(limit::load);
    }

    /**
     * The rule, as a pure function.
     *
     * @param load 0 idle, 1 at capacity (may exceed 1)
     * @return the factor for per-user limits: 1, 0.75 above 0.75, 0.5 above 0.9
     */
    public static double factor(double load) {
        if (load > 0.90) return 0.50;
        if (load > 0.75) return 0.75;
        return 1.0;
    }

    /**
     * @param perUserLimit a per-user limit as configured
     * @return the limit to check now: the same instance when the load is low
     */
    public Limit apply(Limit perUserLimit) {
        double factor = factor(load.getAsDouble());
        if (factor == 1.0) return perUserLimit;
        return perUserLimit.withAmount(Math.max(1, (long) Math.floor(perUserLimit.amount() * factor)));
    }
}
