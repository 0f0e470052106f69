package dev.heddle.pipeline;

import dev.heddle.cost.ModelPrice;
import dev.heddle.preset.TokenUsage;
import java.util.Optional;

/**
 * Counts the tokens and the cost of one call of a preset's method: what it used when it reached
 * the model, or what it saved when the cache answered it (the usage recorded in the cached response).
 */
final class Accounting {

    private final MethodPolicy policy;
    private final Object self;
    private final Object[] arguments;

    Accounting(MethodPolicy policy, Object self, Object[] arguments) {
        this.policy = policy;
        this.self = self;
        this.arguments = arguments;
    }

    void reachedTheModel(Object response) {
        FaultInjection.at("accounting");
        policy.preset().usage(response).ifPresent(usage ->
                policy.usage().recordCall(usage.inputTokens(), usage.outputTokens(), cost(usage)));
    }

    /** @return the dollars the cached response saved, at list price; zero when unknown */
    double saved(Object cachedResponse) {
        FaultInjection.at("accounting");
        Optional<TokenUsage> usage = policy.preset().usage(cachedResponse);
        if (usage.isEmpty()) return 0;
        double cost = cost(usage.get());
        policy.usage().recordSaved(usage.get().inputTokens(), usage.get().outputTokens(), cost);
        return cost;
    }

    /** @return what the usage costs at list price for the request's model; zero when its price is unknown */
    double cost(TokenUsage usage) {
        Optional<ModelPrice> price = policy.preset().model(self, arguments).flatMap(policy.prices()::priceOf);
        return price.map(known -> known.cost(usage.inputTokens(), usage.outputTokens())).orElse(0.0);
    }
}
