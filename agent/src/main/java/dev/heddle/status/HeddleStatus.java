package dev.heddle.status;

import dev.heddle.bootstrap.AgentLog;
import dev.heddle.pipeline.MethodPolicy;
import dev.heddle.pipeline.Registry;
import dev.heddle.pipeline.WovenMethod;
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
        owners.remove(MethodPolicy.NONE.owner());
        return owners.stream().map(owner -> StatusReport.counters(registry, owner)).toList();
    }

    @Override
    public List<UpstreamLimitStatus> getUpstreamLimits() {
        return StatusReport.upstreamLimits(registry);
    }

    @Override
    public long getConfigVersion() {
        return registry.configVersion();
    }

    @Override
    public String getLastReload() {
        return registry.lastReload().summary();
    }

    @Override
    public List<String> getLastReloadProblems() {
        return registry.lastReload().problems();
    }

    @Override
    public long getRedisEntriesRejected() {
        return registry.redisEntriesRejected();
    }

    @Override
    public String getRedisState() {
        return RedisState.of(registry.config(), registry.quotaStoreInUse()).summary();
    }

    @Override
    public long getAnalyticsEventsWritten() {
        return registry.analyticsEventsWritten();
    }

    @Override
    public long getInternalErrors() {
        return AgentLog.internalErrors();
    }

    @Override
    public long getAnalyticsEventsDropped() {
        return registry.analyticsEventsDropped();
    }

    @Override
    public List<String> getCacheNamespaces() {
        return registry.cacheNamespaces();
    }

    @Override
    public long evictCache(String namespace) {
        if (namespace == null || namespace.isBlank()) throw new IllegalArgumentException("name a cache namespace, or * for all");
        long evicted = registry.evictCaches(namespace.strip());
        AgentLog.info("evicted " + evicted + " cache entries of " + (namespace.strip().equals("*") ? "every namespace"
                : "namespace '" + namespace.strip() + "'") + " (operator request over JMX)");
        return evicted;
    }

    @Override
    public boolean evictCacheKey(String key) {
        if (key == null || key.isBlank()) throw new IllegalArgumentException("name a cache entry's key");
        boolean held = registry.evictCacheKey(key.strip());
        AgentLog.info("evicted cache entry " + key.strip() + (held ? "" : " (not held by this JVM)")
                + " (operator request over JMX)");
        return held;
    }
}
