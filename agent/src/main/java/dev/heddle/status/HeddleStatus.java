package dev.heddle.status;

import dev.heddle.bootstrap.AgentLog;
import dev.heddle.cache.CacheCounters;
import dev.heddle.cost.UsageCounters;
import dev.heddle.pipeline.Registry;
import dev.heddle.pipeline.WovenMethod;
import dev.heddle.quota.QuotaCounters;
import dev.heddle.resilience.ResilienceCounters;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.management.JMException;
import javax.management.ObjectName;

/** The {@code dev.heddle:type=Heddle} MBean, read from the {@link Registry}. */
public final class HeddleStatus implements HeddleStatusMXBean {

    /** The MBean's name. */
    public static final String OBJECT_NAME = "dev.heddle:type=Heddle";

    private final Registry registry;

    /**
     * @param registry what to report
     */
    public HeddleStatus(Registry registry) {
        this.registry = registry;
    }

    /**
     * Registers the MBean with the platform MBean server; a failure is logged, never thrown.
     *
     * @param registry what to report
     */
    public static void register(Registry registry) {
        try {
            ManagementFactory.getPlatformMBeanServer().registerMBean(new HeddleStatus(registry), new ObjectName(OBJECT_NAME));
        } catch (JMException | RuntimeException e) {
            AgentLog.warn("the JMX MBean " + OBJECT_NAME + " could not be registered: " + e);
        }
    }

    @Override
    public String getConfigSource() {
        return registry.config().source();
    }

    @Override
    public List<String> getWovenMethods() {
        return registry.methods().stream()
                .map(method -> method.signature() + " -> " + method.policy().owner())
                .sorted()
                .toList();
    }

    @Override
    public List<RuleStatus> getRules() {
        Set<String> owners = new TreeSet<>();
        for (WovenMethod method : registry.methods()) {
            owners.add(method.policy().owner());
        }
        owners.remove("<none>");
        return owners.stream().map(this::status).toList();
    }

    @Override
    public List<UpstreamLimitStatus> getUpstreamLimits() {
        return registry.upstreamLimits().entrySet().stream()
                .map(entry -> new UpstreamLimitStatus(entry.getKey(), entry.getValue().limit(), entry.getValue().inFlight()))
                .sorted(java.util.Comparator.comparing(UpstreamLimitStatus::getName))
                .toList();
    }

    private RuleStatus status(String owner) {
        CacheCounters cache = registry.cacheCounters(owner);
        UsageCounters usage = registry.usageCounters(owner);
        ResilienceCounters resilience = registry.resilienceCounters(owner);
        QuotaCounters quota = registry.quotaCounters(owner);
        return new RuleStatus(owner, cache.hits(), cache.misses(), cache.uncacheable(), usage.calls(), usage.inputTokens(),
                usage.outputTokens(), usage.costUsd(), usage.savedInputTokens(), usage.savedOutputTokens(),
                usage.savedCostUsd(), resilience.attempts(), resilience.retries(), resilience.circuitOpened(),
                resilience.circuitRejections(), resilience.timeouts(), resilience.bulkheadRejections(),
                resilience.circuitHalfOpened(), resilience.circuitClosed(), resilience.slowCalls(), resilience.fallbacks(),
                quota.admitted(), quota.refused(), quota.waited());
    }
}
