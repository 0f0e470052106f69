package dev.heddle.status;

import dev.heddle.cache.CacheCounters;
import dev.heddle.cost.UsageCounters;
import dev.heddle.bootstrap.AgentLog;
import dev.heddle.pipeline.MethodPolicy;
import dev.heddle.pipeline.Registry;
import dev.heddle.pipeline.WovenMethod;
import dev.heddle.quota.QuotaCounters;
import dev.heddle.reload.ReloadResult;
import dev.heddle.resilience.ResilienceCounters;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Everything the status endpoint shows, read from the {@link Registry} at one moment. Counters are
 * read one after another while calls go on, so two counters may be a call apart.
 *
 * <p><b>Calls</b> of a rule are counted at its first step that counts every call: with a cache,
 * cache hits + misses + uncacheable calls; else with a quota, admitted + refused calls; else with
 * retry, circuit breaker, timeout or bulkhead, first attempts (attempts − retries; calls refused by
 * an open circuit or a full bulkhead before any attempt are in {@code circuitRejections} and
 * {@code bulkheadRejections} instead); else, with a preset, calls that reached the model. A rule
 * with none of these (a fallback alone) counts no calls.
 *
 * @param at when it was read
 * @param configSource where the configuration in force was read from, or {@code <none>}
 * @param configVersion the version in force: 1 at start-up, one more per change applied
 * @param lastReload what the last attempt to load the configuration did
 * @param rules every rule and annotated method that governs a woven method, YAML rules first, each sorted by name
 * @param passThroughMethods woven methods that nothing governs now (their rule was switched off), sorted
 * @param upstreamLimits the adaptive concurrency limits of quotas' upstream calls, sorted by name
 * @param redis where the quotas count
 * @param redisEntriesRejected cache entries read from Redis whose seal did not open (changed, planted,
 *     copied, or signed with another key), never served
 * @param internalErrors internal errors Heddle survived (each call went on as without it)
 */
public record StatusReport(Instant at, String configSource, long configVersion, ReloadResult lastReload,
        List<RuleReport> rules, List<String> passThroughMethods, List<UpstreamLimitStatus> upstreamLimits, RedisState redis,
        long redisEntriesRejected, long internalErrors) {

    private static final String NO_OWNER = MethodPolicy.NONE.owner();
    private static final List<String> CIRCUIT_STATES_WORST_FIRST = List.of("open", "half-open", "closed");

    public StatusReport {
        rules = List.copyOf(rules);
        passThroughMethods = List.copyOf(passThroughMethods);
        upstreamLimits = List.copyOf(upstreamLimits);
    }

    /**
     * @param registry what to report
     * @param at the time to report it under
     * @return the report
     */
    public static StatusReport of(Registry registry, Instant at) {
        Map<String, List<WovenMethod>> byOwner = new TreeMap<>();
        for (WovenMethod method : registry.methods()) {
            byOwner.computeIfAbsent(method.policy().owner(), ignored -> new ArrayList<>()).add(method);
        }
        List<String> passThrough = signatures(byOwner.getOrDefault(NO_OWNER, List.of()));
        byOwner.remove(NO_OWNER);
        List<RuleReport> rules = new ArrayList<>();
        byOwner.forEach((owner, methods) -> rules.add(rule(registry, owner, methods)));
        rules.sort(Comparator.comparing(RuleReport::annotation).thenComparing(RuleReport::name));
        return new StatusReport(at, registry.config().source(), registry.configVersion(), registry.lastReload(), rules,
                passThrough, upstreamLimits(registry), RedisState.of(registry.config(), registry.quotaStoreInUse()),
                registry.redisEntriesRejected(), AgentLog.internalErrors());
    }

    /**
     * @param registry where the counters are
     * @param owner a rule name, or the owner of an annotated method
     * @return the owner's counters now
     */
    static RuleStatus counters(Registry registry, String owner) {
        CacheCounters cache = registry.cacheCounters(owner);
        UsageCounters usage = registry.usageCounters(owner);
        ResilienceCounters resilience = registry.resilienceCounters(owner);
        QuotaCounters quota = registry.quotaCounters(owner);
        return new RuleStatus(owner, cache.hits(), cache.misses(), cache.uncacheable(), usage.calls(), usage.inputTokens(),
                usage.outputTokens(), usage.costUsd(), usage.savedInputTokens(), usage.savedOutputTokens(),
                usage.savedCostUsd(), resilience.attempts(), resilience.retries(), resilience.circuitOpened(),
                resilience.circuitRejections(), resilience.timeouts(), resilience.bulkheadRejections(),
                resilience.circuitHalfOpened(), resilience.circuitClosed(), resilience.slowCalls(), resilience.fallbacks(),
                quota.admitted(), quota.refused(), quota.waited(), cache.joined(), cache.redisHits(),
                cache.semanticHits());
    }

    /**
     * @param registry where the limits are
     * @return every adaptive concurrency limit now, sorted by name
     */
    static List<UpstreamLimitStatus> upstreamLimits(Registry registry) {
        return registry.upstreamLimits().entrySet().stream()
                .map(entry -> new UpstreamLimitStatus(entry.getKey(), entry.getValue().limit(), entry.getValue().inFlight()))
                .sorted(Comparator.comparing(UpstreamLimitStatus::getName))
                .toList();
    }

    private static RuleReport rule(Registry registry, String owner, List<WovenMethod> methods) {
        RuleStatus counters = counters(registry, owner);
        // every method of one owner gets its policy from the same settings, so any of them says which stages run
        MethodPolicy policy = methods.get(0).policy();
        Optional<Map<String, String>> circuits = registry.circuitStates(owner);
        Optional<String> circuitState = circuits.map(states -> worst(states.values()));
        return new RuleReport(counters, owner.startsWith("@"), signatures(methods), calls(policy, counters), circuitState,
                circuits.orElse(Map.of()));
    }

    private static long calls(MethodPolicy policy, RuleStatus counters) {
        if (policy.cache() != null) return counters.getCacheHits() + counters.getCacheMisses() + counters.getUncacheable();
        if (policy.quota() != null) return counters.getQuotaAdmitted() + counters.getQuotaRefused();
        if (policy.resilience() != null) return counters.getAttempts() - counters.getRetries();
        return counters.getModelCalls();
    }

    /** A circuit not created yet lets calls through, so no circuit at all reads as closed. */
    private static String worst(java.util.Collection<String> states) {
        return CIRCUIT_STATES_WORST_FIRST.stream().filter(states::contains).findFirst().orElse("closed");
    }

    private static List<String> signatures(List<WovenMethod> methods) {
        return methods.stream().map(WovenMethod::signature).sorted().toList();
    }
}
