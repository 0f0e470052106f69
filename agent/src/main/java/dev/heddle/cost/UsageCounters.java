package dev.heddle.cost;

import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the calls of one rule used and what its cache saved: tokens as the vendor reported them and
 * dollars by the {@link PriceTable}. A call answered from the cache saves the tokens and the cost of
 * the call that produced the answer.
 */
public final class UsageCounters {

    private final LongAdder calls = new LongAdder();
    private final LongAdder inputTokens = new LongAdder();
    private final LongAdder outputTokens = new LongAdder();
    private final DoubleAdder costUsd = new DoubleAdder();
    private final LongAdder savedCalls = new LongAdder();
    private final LongAdder savedInputTokens = new LongAdder();
    private final LongAdder savedOutputTokens = new LongAdder();
    private final DoubleAdder savedCostUsd = new DoubleAdder();

    /**
     * A call that reached the model.
     *
     * @param input its input tokens
     * @param output its output tokens
     * @param cost its cost in dollars, 0 when the model's price is unknown
     */
    public void recordCall(long input, long output, double cost) {
        calls.increment();
        inputTokens.add(input);
        outputTokens.add(output);
        costUsd.add(cost);
    }

    /**
     * A call answered without the model.
     *
     * @param input the input tokens of the call that produced the answer
     * @param output its output tokens
     * @param cost its cost in dollars
     */
    public void recordSaved(long input, long output, double cost) {
        savedCalls.increment();
        savedInputTokens.add(input);
        savedOutputTokens.add(output);
        savedCostUsd.add(cost);
    }

    /** @return calls that reached the model and reported usage */
    public long calls() {
        return calls.sum();
    }

    /** @return input tokens of the calls that reached the model */
    public long inputTokens() {
        return inputTokens.sum();
    }

    /** @return output tokens of the calls that reached the model */
    public long outputTokens() {
        return outputTokens.sum();
    }

    /** @return dollars spent */
    public double costUsd() {
        return costUsd.sum();
    }

    /** @return calls answered from the cache */
    public long savedCalls() {
        return savedCalls.sum();
    }

    /** @return input tokens not sent thanks to the cache */
    public long savedInputTokens() {
        return savedInputTokens.sum();
    }

    /** @return output tokens not generated thanks to the cache */
    public long savedOutputTokens() {
        return savedOutputTokens.sum();
    }

    /** @return dollars saved */
    public double savedCostUsd() {
        return savedCostUsd.sum();
    }
}
