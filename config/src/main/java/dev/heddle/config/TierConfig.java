package dev.heddle.config;

import java.util.List;
import java.util.Optional;

/**
 * The limits of one quota tier, every one of which applies:
 * {@code pro: { requests: [20/1m, 1000/1d], tokens: 2000000/1d, cost: 50/1d }}, or {@code unlimited}.
 *
 * @param requests limits on calls
 * @param tokens limits on LLM tokens, input and output together
 * @param cost limits on dollars spent
 */
public record TierConfig(List<LimitConfig> requests, List<LimitConfig> tokens, List<CostLimitConfig> cost) {

    /** A tier without limits. */
    public static final TierConfig UNLIMITED = new TierConfig(List.of(), List.of(), List.of());

    public TierConfig {
        requests = List.copyOf(requests);
        tokens = List.copyOf(tokens);
        cost = List.copyOf(cost);
    }

    /**
     * A tier with at most one request and one token limit, each a sliding window.
     *
     * @param requests the request limit, empty for none
     * @param tokens the token limit, empty for none
     */
    public TierConfig(Optional<Rate> requests, Optional<Rate> tokens) {
        this(requests.map(LimitConfig::slidingWindow).stream().toList(), tokens.map(LimitConfig::slidingWindow).stream().toList(),
                List.of());
    }

    /** @return true when the tier limits nothing */
    public boolean isUnlimited() {
        return requests.isEmpty() && tokens.isEmpty() && cost.isEmpty();
    }
}
