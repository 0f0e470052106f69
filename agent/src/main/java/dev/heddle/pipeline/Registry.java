package dev.heddle.pipeline;

import dev.heddle.bootstrap.AgentLog;
import dev.heddle.cache.CacheCounters;
import dev.heddle.cache.CacheKeyPrefix;
import dev.heddle.cache.ResponseCache;
import dev.heddle.config.CacheConfig;
import dev.heddle.config.HeddleConfig;
import dev.heddle.config.RuleConfig;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one piece of mutable state the pipeline reads: the current configuration, the woven methods
 * and the policy of each, and the caches and counters that outlive a configuration change.
 *
 * <p>Woven code finds its method by signature; the policy it reads is an immutable snapshot that
 * {@link #apply} replaces atomically for every method.
 */
public final class Registry {

    private final Map<String, WovenMethod> methods = new ConcurrentHashMap<>();
    private final Map<String, ResponseCache> caches = new ConcurrentHashMap<>();
    private final Map<String, CacheCounters> counters = new ConcurrentHashMap<>();
    private volatile HeddleConfig config;

    /**
     * @param config the configuration to start with
     */
    public Registry(HeddleConfig config) {
        this.config = config;
    }

    /** @return the configuration in force */
    public HeddleConfig config() {
        return config;
    }

    /**
     * @param signature {@code binary.type.Name:method(descriptor)}
     * @return the woven method, or null when Heddle did not weave it
     */
    public WovenMethod method(String signature) {
        return methods.get(signature);
    }

    /** @return every woven method */
    public Collection<WovenMethod> methods() {
        return methods.values();
    }

    /**
     * Records a method as woven and gives it its policy under the current configuration.
     *
     * @param method the method; replaces an earlier one of the same signature (a class woven again)
     */
    public synchronized void register(WovenMethod method) {
        method.policy(resolve(method, config));
        methods.put(method.signature(), method);
    }

    /**
     * Replaces the configuration; every woven method gets its new policy at once.
     *
     * @param next the new configuration
     */
    public synchronized void apply(HeddleConfig next) {
        config = next;
        for (WovenMethod method : methods.values()) {
            method.policy(resolve(method, next));
        }
    }

    /**
     * @param owner a rule name, or {@code @Cached type#method}
     * @return its cache counters, created on first use
     */
    public CacheCounters cacheCounters(String owner) {
        return counters.computeIfAbsent(owner, ignored -> new CacheCounters());
    }

    /** The first enabled rule that matched the method wins; without one, its annotations apply. */
    private MethodPolicy resolve(WovenMethod method, HeddleConfig current) {
        if (current.enabled()) {
            for (String ruleName : method.ruleNames()) {
                Optional<RuleConfig> rule = current.rules().stream()
                        .filter(candidate -> candidate.name().equals(ruleName) && candidate.enabled())
                        .findFirst();
                if (rule.isPresent()) return fromRule(method, rule.get());
            }
        }
        return method.annotationCache().map(cache -> fromAnnotation(method, cache)).orElse(MethodPolicy.NONE);
    }

    private MethodPolicy fromRule(WovenMethod method, RuleConfig rule) {
        if (rule.cache().isEmpty()) return new MethodPolicy(rule.name(), null, null, null);
        CacheConfig settings = rule.cache().get();
        return cached(method, rule.name(), settings, settings.namespace().orElse("rule:" + rule.name()));
    }

    private MethodPolicy fromAnnotation(WovenMethod method, CacheConfig settings) {
        String owner = "@Cached " + method.signature();
        return cached(method, owner, settings, settings.namespace().orElse("method:" + method.signature()));
    }

    private MethodPolicy cached(WovenMethod method, String owner, CacheConfig settings, String namespace) {
        boolean shared = settings.namespace().isPresent();
        ResponseCache cache = caches.computeIfAbsent(namespace, name -> new ResponseCache(name, settings));
        if (!cache.hasSettings(settings)) {
            AgentLog.warnOnce("namespace-settings:" + namespace + ":" + owner, owner + " asks for ttl "
                    + settings.ttl() + " and maxEntries " + settings.maxEntries() + " in cache namespace '" + namespace
                    + "', which already exists as " + cache + "; the existing settings apply");
        }
        String prefix = shared ? CacheKeyPrefix.sharedNamespace(method.signature())
                : CacheKeyPrefix.ownNamespace(method.signature());
        return new MethodPolicy(owner, cache, prefix, cacheCounters(owner));
    }

    /** @return the rule names of the current configuration, enabled or not */
    public List<String> ruleNames() {
        return config.rules().stream().map(RuleConfig::name).toList();
    }
}
