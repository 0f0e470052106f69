package dev.heddle.pipeline;

import dev.heddle.analytics.AnalyticsEvent;
import dev.heddle.bootstrap.AgentLog;
import dev.heddle.cache.CacheCounters;
import dev.heddle.cache.CacheKeyPrefix;
import dev.heddle.cache.RedisResponseStore;
import dev.heddle.cache.ResponseCache;
import dev.heddle.cache.semantic.FalseHitGuard;
import dev.heddle.cache.semantic.RedisSemanticStore;
import dev.heddle.cache.semantic.SemanticCache;
import dev.heddle.config.AdaptiveConfig;
import dev.heddle.config.CacheConfig;
import dev.heddle.config.CircuitBreakerConfig;
import dev.heddle.config.ExperimentConfig;
import dev.heddle.config.FallbackConfig;
import dev.heddle.config.HeddleConfig;
import dev.heddle.config.QuotaConfig;
import dev.heddle.config.RedisConfig;
import dev.heddle.config.RetryConfig;
import dev.heddle.config.RuleConfig;
import dev.heddle.config.SemanticConfig;
import dev.heddle.config.TelemetryConfig;
import dev.heddle.config.TrackConfig;
import dev.heddle.config.UserConfig;
import dev.heddle.cost.ModelPrice;
import dev.heddle.cost.PriceTable;
import dev.heddle.cost.UsageCounters;
import dev.heddle.embed.Embedder;
import dev.heddle.embed.Embedders;
import dev.heddle.embed.RedisEmbeddingStore;
import dev.heddle.identity.PropertyPath;
import dev.heddle.identity.UserResolver;
import dev.heddle.preset.Preset;
import dev.heddle.preset.Presets;
import dev.heddle.quota.AdaptiveConcurrencyLimit;
import dev.heddle.quota.LocalQuotaStore;
import dev.heddle.quota.QuotaCounters;
import dev.heddle.quota.QuotaPolicy;
import dev.heddle.quota.QuotaStore;
import dev.heddle.quota.RedisQuotaStore;
import dev.heddle.redis.EntrySeal;
import dev.heddle.redis.NamespaceTag;
import dev.heddle.redis.RedisClients;
import dev.heddle.redis.RedisEndpoint;
import dev.heddle.redis.RejectedEntries;
import dev.heddle.reload.ReloadResult;
import dev.heddle.resilience.Circuit;
import dev.heddle.resilience.ConcurrencyLimit;
import dev.heddle.resilience.ExceptionTypes;
import dev.heddle.resilience.FallbackChain;
import dev.heddle.resilience.Resilience;
import dev.heddle.resilience.ResilienceCounters;
import dev.heddle.resilience.ResilienceSettings;
import dev.heddle.resilience.RetryBudget;
import dev.heddle.telemetry.Telemetry;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The one piece of mutable state the pipeline reads: the current configuration, the woven methods
 * and the policy of each, and the caches and counters that outlive a configuration change.
 *
 * <p>Woven code finds its method by signature; the policy it reads is an immutable snapshot that
 * {@link #apply} replaces atomically for every method.
 */
public final class Registry {

    /** The return types a fixed text answer fits. */
    private static final Set<String> TEXT_TYPES = Set.of("Ljava/lang/String;", "Ljava/lang/CharSequence;", "Ljava/lang/Object;");
    /** The most circuits kept; a rule's circuit per model must not grow without bound. */
    private static final int MAX_CIRCUITS = 1_000;
    /** Connections to Redis for quota checks; a check is one short round trip. */
    private static final int REDIS_POOL_SIZE = 16;

    private final Map<String, WovenMethod> methods = new ConcurrentHashMap<>();
    private final Map<String, ResponseCache> caches = new ConcurrentHashMap<>();
    private final Map<String, SemanticCache> semanticCaches = new ConcurrentHashMap<>();
    /** The embedding cache's shared tier, like {@link #sharedCache}. */
    private Optional<RedisEmbeddingStore> sharedEmbeddings;
    /** The semantic caches' shared tier, like {@link #sharedCache}. */
    private Optional<RedisSemanticStore> sharedSemantic;
    private final Map<String, CacheCounters> counters = new ConcurrentHashMap<>();
    private final Map<String, UsageCounters> usage = new ConcurrentHashMap<>();
    private final Map<String, ResilienceCounters> resilience = new ConcurrentHashMap<>();
    private final Map<String, Circuit> circuits = new ConcurrentHashMap<>();
    private final Map<String, ConcurrencyLimit> bulkheads = new ConcurrentHashMap<>();
    private final Map<String, RetryBudget> budgets = new ConcurrentHashMap<>();
    private final Map<String, QuotaCounters> quotaCounters = new ConcurrentHashMap<>();
    private final Map<String, UpstreamLimit> upstreamLimits = new ConcurrentHashMap<>();
    private volatile QuotaStore quotaStore;
    /**
     * The shared tier of the response caches, when {@code redis:} is set and usable; created with
     * the first cache (it connects on first use) and kept across configuration changes (a change of
     * {@code redis:} needs a restart); null until the first cache, empty without Redis. Read and
     * written only while a policy is resolved, under this registry's lock.
     */
    private Optional<RedisResponseStore> sharedCache;
    /** Seals the entries of the shared tiers; made once, from the first {@code redis:} section. */
    private volatile EntrySeal seal;
    /** The rejected-entry counts of every shared tier made so far, for the status. */
    private final List<RejectedEntries> rejectedEntries = new CopyOnWriteArrayList<>();
    private volatile PriceTable prices;
    /** Spans, events and experiments of the configuration in force; replaced only when their sections change. */
    private volatile Tracking tracking;
    private final Function<TelemetryConfig, Telemetry> telemetryStarter;
    private volatile HeddleConfig config;
    private volatile long configVersion = 1;
    private volatile ReloadResult lastReload;

    /**
     * @param config the configuration to start with
     */
    public Registry(HeddleConfig config) {
        this(config, Telemetry::start);
    }

    /**
     * @param config the configuration to start with
     * @param telemetryStarter starts the OpenTelemetry SDK of a {@code telemetry:} section; another
     *     than {@link Telemetry#start} only in tests, to export in memory
     */
    public Registry(HeddleConfig config, Function<TelemetryConfig, Telemetry> telemetryStarter) {
        this.telemetryStarter = telemetryStarter;
        this.config = config;
        this.prices = prices(config);
        this.tracking = Tracking.of(config, telemetryStarter, this::registerMetrics);
        this.lastReload = new ReloadResult(Instant.now(), true, 1, List.of());
        // at start, so that the warning about a missing signing key comes before any entry is stored
        config.redis().ifPresent(this::seal);
    }

    /** @return the seal of the shared tiers' entries, from the YAML's key, the environment's, or the public one */
    private EntrySeal seal(RedisConfig redis) {
        EntrySeal made = seal;
        if (made == null) {
            made = EntrySeal.forRedis(redis, System::getenv);
            seal = made;
        }
        return made;
    }

    /** @return the entries read from Redis by the shared tiers (exact, semantic, embeddings) and rejected: never served */
    public long redisEntriesRejected() {
        long total = 0;
        for (RejectedEntries rejected : rejectedEntries) total += rejected.total();
        return total;
    }

    private static PriceTable prices(HeddleConfig config) {
        Map<String, ModelPrice> overrides = new HashMap<>();
        config.prices().forEach((model, price) -> overrides.put(model, new ModelPrice(price.input(), price.output())));
        return PriceTable.defaults().with(overrides);
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
    public void apply(HeddleConfig next) {
        apply(next, () -> { });
    }

    /**
     * Replaces the configuration, then runs {@code weaveAgain} (the classes whose rules changed are
     * woven again under it), and only then shows the new version: whoever waits for the version (the
     * status, the JMX MBean) finds the configuration applied in full, its weaving included.
     *
     * @param next the new configuration
     * @param weaveAgain weaves again what the change needs; run outside this registry's lock
     */
    public void apply(HeddleConfig next, Runnable weaveAgain) {
        replace(next);
        try {
            weaveAgain.run();
        } finally {
            synchronized (this) {
                configVersion++;
                lastReload = new ReloadResult(Instant.now(), true, configVersion, List.of());
            }
        }
    }

    private synchronized void replace(HeddleConfig next) {
        if (tracking.differsFrom(next)) {
            Tracking previous = tracking;
            tracking = Tracking.of(next, telemetryStarter, this::registerMetrics);
            // its exporters and writer flush while the app goes on
            Thread closing = new Thread(previous::close, "heddle-tracking-close");
            closing.setDaemon(true);
            closing.start();
        }
        config = next;
        prices = prices(next);
        for (WovenMethod method : methods.values()) {
            method.policy(resolve(method, next));
        }
    }

    /**
     * Records a configuration file that could not be applied; the configuration in force stays.
     *
     * @param problems one line per problem
     */
    public void rejected(List<String> problems) {
        lastReload = new ReloadResult(Instant.now(), false, configVersion, problems);
    }

    /** @return the version of the configuration in force: 1 at start-up, one more for each change applied */
    public long configVersion() {
        return configVersion;
    }

    /** @return what the last attempt to load the configuration did */
    public ReloadResult lastReload() {
        return lastReload;
    }

    /**
     * Forgets the woven methods of a class about to be woven again under a new configuration; its
     * methods that are still woven register again as they are transformed.
     *
     * @param typeName the class's binary name
     */
    public void forgetMethodsOf(String typeName) {
        methods.keySet().removeIf(signature -> signature.startsWith(typeName + ":"));
    }

    /**
     * @param owner a rule name, or {@code @Cached type#method}
     * @return its cache counters, created on first use
     */
    public CacheCounters cacheCounters(String owner) {
        return counters.computeIfAbsent(owner, ignored -> new CacheCounters());
    }

    private void registerMetrics(Telemetry telemetry) {
        RuleMetrics.register(telemetry.meter(), counters, usage, quotaCounters, resilience);
    }

    /** @return the tracking of the configuration in force */
    Tracking tracking() {
        return tracking;
    }

    /** @return Heddle's OpenTelemetry SDK of the configuration in force, started on first use; null without {@code telemetry:} */
    public Telemetry telemetryInUse() {
        return tracking.telemetry();
    }

    /**
     * Writes an app event, with the user's experiment variants, when {@code analytics:} is on (the
     * HTTP edge's page events).
     *
     * @param event the event's name
     * @param user the user, or null
     * @param session the session, or null
     * @param properties the event's properties
     */
    public void emitAppEvent(String event, String user, String session, Map<String, Object> properties) {
        Tracking current = tracking;
        if (!current.writesEvents()) return;
        Map<String, String> variants = user == null ? Map.of() : current.experiments().variantsOf(user, current::tierOf);
        current.emit(AnalyticsEvent.app(Instant.now(), event, user, session, variants, properties));
    }

    /**
     * The quota of a route of the HTTP edge, over the same counters as the LLM calls' quotas.
     *
     * @param route the route's path pattern, which names its counters in the status
     * @param quota the quota the route names
     * @return the policy
     */
    public QuotaPolicy edgeQuota(String route, QuotaConfig quota) {
        String owner = "http " + route;
        return QuotaPolicy.atEdge(owner, quota, quotaStore(), quotaCounters(owner));
    }

    /** @return analytics events written by the writer of the tracking in force */
    public long analyticsEventsWritten() {
        return tracking.eventsWritten();
    }

    /** @return analytics events dropped by the writer of the tracking in force, its queue full */
    public long analyticsEventsDropped() {
        return tracking.droppedEvents();
    }

    /** Writes the pending analytics events and telemetry now; for tests and the JVM's shutdown. */
    public void flushTracking() {
        tracking.flush();
    }

    /** Writes what is pending and stops tracking; called once, as the JVM shuts down. */
    public void closeTracking() {
        tracking.close();
    }

    /** The first enabled rule that matched the method wins; without one, its annotations apply. */
    private MethodPolicy resolve(WovenMethod method, HeddleConfig current) {
        if (current.enabled()) {
            for (String ruleName : method.ruleNames()) {
                Optional<RuleConfig> rule = current.rules().stream()
                        .filter(candidate -> candidate.name().equals(ruleName) && candidate.enabled())
                        .findFirst();
                if (rule.isPresent()) return tracked(method, fromRule(method, rule.get()), rule.get(), variants(method, rule.get(), current));
            }
        }
        MethodPolicy annotations = fromAnnotations(method);
        if (annotations == MethodPolicy.NONE && method.annotationTrack().isPresent() && tracking.isActive()) {
            // woven only for its @Tracked event: a policy of its own, which tracking completes
            annotations = new MethodPolicy("@Tracked " + method.signature(), null, null, null, null, null, null, null, null, null,
                    null);
        }
        return tracked(method, annotations, null, Map.of());
    }

    /**
     * The policy with tracking, when tracking is on: who calls (for spans, events and experiments),
     * the rule's app event, and the policies of the experiment variants that change the rule.
     */
    private MethodPolicy tracked(WovenMethod method, MethodPolicy base, RuleConfig rule, Map<String, MethodPolicy> variants) {
        if (base == MethodPolicy.NONE || !tracking.isActive()) return base;
        TrackPlan plan = rule == null ? method.annotationTrack().map(track -> plan(track, WovenMethod.nameOf(method.signature()))).orElse(null)
                : rule.track().map(track -> plan(track, rule.name())).orElse(null);
        Optional<UserConfig> user = rule == null ? Optional.empty() : rule.user();
        return base.tracked(plan, new UserResolver(method.userIdParameter(), user, base.preset()), variants);
    }

    /** The policies of the variants of running experiments that write over some of this rule's options. */
    private Map<String, MethodPolicy> variants(WovenMethod method, RuleConfig rule, HeddleConfig current) {
        if (!tracking.isActive()) return Map.of();
        Map<String, MethodPolicy> variants = new HashMap<>();
        for (ExperimentConfig experiment : current.experiments()) {
            if (!experiment.enabled() || !experiment.appliesTo(rule.name())) continue;
            for (ExperimentConfig.VariantConfig variant : experiment.variants()) {
                RuleConfig changed = variant.ruleOverrides().get(rule.name());
                if (changed == null && variant.quotaTier().isEmpty()) continue;
                RuleConfig used = changed == null ? rule : changed;
                variants.put(MethodPolicy.variantKey(experiment.name(), variant.name()),
                        tracked(method, fromRule(method, used, variant.quotaTier()), used, Map.of()));
            }
        }
        return variants;
    }

    /** The quota with every user in one tier, for an experiment variant that gives its users that tier. */
    private static QuotaConfig everyoneIn(QuotaConfig quota, String tier) {
        return new QuotaConfig(quota.name(), quota.tiers(), Map.of(), tier, Optional.empty(), quota.onRefusal(), quota.maxWait(),
                quota.adaptive());
    }

    private static TrackPlan plan(TrackConfig track, String defaultEvent) {
        Map<String, PropertyPath> properties = new HashMap<>();
        track.properties().forEach((name, path) -> properties.put(name, PropertyPath.parse(path)));
        return new TrackPlan(track.event().orElse(defaultEvent), properties);
    }


    private MethodPolicy fromRule(WovenMethod method, RuleConfig rule) {
        return fromRule(method, rule, Optional.empty());
    }

    /**
     * @param quotaTier the tier every user of the rule's quota gets instead of their own (an
     *     experiment variant's {@code quotaTier}); empty for the quota's own tiers
     */
    private MethodPolicy fromRule(WovenMethod method, RuleConfig rule, Optional<String> quotaTier) {
        Preset preset = rule.preset().flatMap(Presets::named).map(named -> named.forMethod(method.signature())).orElse(null);
        UsageCounters usage = preset == null ? null : usageCounters(rule.name());
        PriceTable priceTable = preset == null ? null : prices;
        ResilienceSettings settings = new ResilienceSettings(rule.retry(), rule.circuitBreaker(), rule.timeout(), rule.bulkhead(),
                rule.fallback());
        Resilience resilience = resilience(rule.name(), settings, preset);
        FallbackChain fallback = fallback(rule.name(), method, settings, preset);
        QuotaPolicy quota = rule.quota().map(name -> config.quotas().get(name))
                .map(quotaSettings -> quotaTier.filter(quotaSettings.tiers()::containsKey)
                        .map(tier -> everyoneIn(quotaSettings, tier)).orElse(quotaSettings))
                .map(quotaSettings -> new QuotaPolicy(rule.name(), quotaSettings, quotaStore(), preset, quotaCounters(rule.name()),
                        upstreamLimits(quotaSettings), priceTable))
                .orElse(null);
        UserResolver user = quota == null ? null : new UserResolver(method.userIdParameter(), rule.user(), preset);
        if (rule.cache().isEmpty()) {
            return new MethodPolicy(rule.name(), null, null, null, preset, usage, priceTable, resilience, fallback, quota, user);
        }
        CacheConfig cacheSettings = rule.cache().get();
        String namespace = cacheSettings.namespace().orElse("rule:" + rule.name());
        ResponseCache cache = cache(rule.name(), cacheSettings, namespace, staleFor(settings));
        String prefix = preset != null ? CacheKeyPrefix.preset(preset.name(), method.signature())
                : cacheSettings.namespace().isPresent() ? CacheKeyPrefix.sharedNamespace(method.signature())
                : CacheKeyPrefix.ownNamespace(method.signature());
        SemanticPolicy semantic = cacheSettings.semantic()
                .map(semanticSettings -> semanticOrNone(rule.name(), cacheSettings, semanticSettings, namespace, prefix,
                        new UserResolver(method.userIdParameter(), rule.user(), preset)))
                .orElse(null);
        return new MethodPolicy(rule.name(), cache, prefix, cacheCounters(rule.name()), preset, usage, priceTable, resilience,
                fallback, quota, user, semantic);
    }

    /** A method's own annotations; its owner is {@code @Cached <signature>} or, without a cache, {@code @<signature>}. */
    private MethodPolicy fromAnnotations(WovenMethod method) {
        Optional<CacheConfig> cached = method.annotationCache();
        ResilienceSettings settings = method.annotationResilience();
        if (cached.isEmpty() && settings.isEmpty()) return MethodPolicy.NONE;
        String owner = (cached.isPresent() ? "@Cached " : "@") + method.signature();
        Resilience resilience = resilience(owner, settings, null);
        FallbackChain fallback = fallback(owner, method, settings, null);
        if (cached.isEmpty()) return new MethodPolicy(owner, null, null, null, null, null, null, resilience, fallback, null, null);
        CacheConfig cache = cached.get();
        String namespace = cache.namespace().orElse("method:" + method.signature());
        String prefix = cache.namespace().isPresent() ? CacheKeyPrefix.sharedNamespace(method.signature())
                : CacheKeyPrefix.ownNamespace(method.signature());
        SemanticPolicy semantic = cache.semantic()
                .map(semanticSettings -> semantic(owner, cache, semanticSettings, namespace, prefix,
                        new UserResolver(method.userIdParameter(), Optional.empty(), null)))
                .orElse(null);
        return new MethodPolicy(owner, cache(owner, cache, namespace, staleFor(settings)), prefix, cacheCounters(owner), null,
                null, null, resilience, fallback, null, null, semantic);
    }

    private static Duration staleFor(ResilienceSettings settings) {
        return settings.fallback().flatMap(FallbackConfig::staleFor).orElse(Duration.ZERO);
    }

    /** Failures of the vendor: the preset's classification, or any exception without one. */
    private static Predicate<Throwable> vendorTrouble(Preset preset) {
        return preset == null ? failure -> failure instanceof Exception : preset::isRetryable;
    }

    private FallbackChain fallback(String owner, WovenMethod method, ResilienceSettings settings, Preset preset) {
        if (settings.fallback().isEmpty()) return null;
        String returnType = method.signature().substring(method.signature().lastIndexOf(')') + 1);
        FallbackChain chain = new FallbackChain(owner, settings.fallback().get(), TEXT_TYPES.contains(returnType),
                vendorTrouble(preset), resilienceCounters(owner));
        return chain.isEmpty() ? null : chain;
    }

    /**
     * The owner's policies, failures classified by the preset (any exception without one); its
     * circuits are kept across configuration changes that leave their settings alone.
     */
    private Resilience resilience(String owner, ResilienceSettings settings, Preset preset) {
        if (!settings.hasAttemptPolicies()) return null;
        Predicate<Throwable> vendorTrouble = vendorTrouble(preset);
        Predicate<Throwable> retryable = settings.retry().filter(retry -> !retry.retryOn().isEmpty())
                .<Predicate<Throwable>>map(retry -> failure -> ExceptionTypes.isAnyOf(failure, retry.retryOn()))
                .orElse(vendorTrouble);
        Function<Throwable, Optional<Duration>> retryAfter = preset == null ? failure -> Optional.empty() : preset::retryAfter;
        ResilienceCounters counters = resilienceCounters(owner);
        Function<String, Circuit> circuitOf = settings.circuitBreaker()
                .<Function<String, Circuit>>map(breakerSettings -> {
                    String prefix = owner + "|" + breakerSettings + "|";
                    return key -> circuit(prefix, owner, breakerSettings, key, vendorTrouble, counters);
                })
                .orElse(null);
        ConcurrencyLimit bulkhead = settings.bulkhead()
                .map(bulkheadSettings -> bulkheads.computeIfAbsent(owner + "|" + bulkheadSettings,
                        ignored -> new ConcurrencyLimit(owner, bulkheadSettings)))
                .orElse(null);
        RetryBudget budget = settings.retry().flatMap(RetryConfig::budget)
                .map(ratio -> budgets.computeIfAbsent(owner + "|" + ratio, ignored -> new RetryBudget(ratio)))
                .orElse(null);
        return new Resilience(owner, settings, circuitOf, bulkhead, budget, retryable, retryAfter, counters);
    }

    /**
     * The circuit of one key (a model, a method, or the rule's one circuit). The number of circuits
     * is bounded: past {@link #MAX_CIRCUITS}, new keys share one overflow circuit per rule.
     */
    private Circuit circuit(String prefix, String owner, CircuitBreakerConfig settings, String key, Predicate<Throwable> counts,
            ResilienceCounters counters) {
        String id = prefix + key;
        Circuit existing = circuits.get(id);
        if (existing != null) return existing;
        if (circuits.size() >= MAX_CIRCUITS) {
            AgentLog.warnOnce("circuits-overflow:" + owner, owner + ": more than " + MAX_CIRCUITS + " circuits; calls with"
                    + " new keys share one circuit");
            id = prefix + "<overflow>";
        }
        return circuits.computeIfAbsent(id, ignored -> new Circuit(settings, counts, counters));
    }

    /**
     * @param owner a rule name, or the owner of an annotated method
     * @return its resilience counters, created on first use
     */
    public ResilienceCounters resilienceCounters(String owner) {
        return resilience.computeIfAbsent(owner, ignored -> new ResilienceCounters());
    }

    /**
     * The cache of a namespace, created on first use; with {@code redis:}, its preset calls share
     * their answers through Redis (see {@link ResponseCache}).
     */
    private ResponseCache cache(String owner, CacheConfig settings, String namespace, Duration staleFor) {
        if (sharedCache == null) sharedCache = config.redis().map(this::sharedCache);
        RedisResponseStore shared = sharedCache.orElse(null);
        ResponseCache cache = caches.computeIfAbsent(namespace, name -> new ResponseCache(name, settings, staleFor, shared));
        if (!cache.hasSettings(settings, staleFor)) {
            AgentLog.warnOnce("namespace-settings:" + namespace + ":" + owner, owner + " asks for ttl "
                    + settings.ttl() + ", maxEntries " + settings.maxEntries() + " and staleFor " + staleFor
                    + " in cache namespace '" + namespace
                    + "', which already exists as " + cache + "; the existing settings apply");
        }
        return cache;
    }

    /**
     * The semantic tier, or none when it cannot be built: the method is still woven, with its exact
     * cache and every other policy of the rule.
     */
    private SemanticPolicy semanticOrNone(String owner, CacheConfig cacheSettings, SemanticConfig settings, String namespace,
            String prefix, UserResolver users) {
        try {
            return semantic(owner, cacheSettings, settings, namespace, prefix, users);
        } catch (RuntimeException | LinkageError unusable) {
            AgentLog.warnOnce("semantic-off:" + owner, "rule '" + owner + "': cache.semantic is off, the exact cache still"
                    + " works: " + unusable.getMessage());
            return null;
        }
    }

    /**
     * The semantic tier of a namespace, created on first use with the first settings asked for; its
     * embedder is shared by every namespace that names the same one.
     */
    private SemanticPolicy semantic(String owner, CacheConfig cacheSettings, SemanticConfig settings, String namespace,
            String prefix, UserResolver users) {
        if (sharedEmbeddings == null) sharedEmbeddings = config.redis().map(this::sharedEmbeddings);
        Embedder embedder = Embedders.shared(settings.embedder(), sharedEmbeddings.orElse(null));
        if (sharedSemantic == null) sharedSemantic = config.redis().map(this::sharedSemantic);
        RedisSemanticStore semanticStore = sharedSemantic.orElse(null);
        SemanticCache cache = semanticCaches.computeIfAbsent(namespace, name -> new SemanticCache(name, embedder,
                settings.threshold(), settings.guard() ? new FalseHitGuard() : null, cacheSettings.ttl(), cacheSettings.maxEntries(),
                semanticStore));
        if (!cache.hasSettings(embedder, settings.threshold(), settings.guard(), cacheSettings.ttl(), cacheSettings.maxEntries())) {
            AgentLog.warnOnce("semantic-settings:" + namespace + ":" + owner, owner + " asks for other semantic settings in"
                    + " cache namespace '" + namespace + "', which already exists as " + cache + "; the existing settings apply");
        }
        UserResolver scopeResolver = switch (settings.scope()) {
            case GLOBAL -> null;
            case USER -> users;
            case TENANT -> UserResolver.tenants(settings.tenant().orElseThrow());
        };
        return new SemanticPolicy(cache, prefix, settings.scope(), scopeResolver);
    }

    private RedisEmbeddingStore sharedEmbeddings(RedisConfig redis) {
        try {
            RedisEndpoint endpoint = RedisEndpoint.parse(redis.uri());
            RedisEmbeddingStore store = new RedisEmbeddingStore(RedisClients.pooled(endpoint, redis.timeout(), redis.timeout(),
                    REDIS_POOL_SIZE), endpoint.toString(), RedisEmbeddingStore.DEFAULT_TTL, seal(redis));
            rejectedEntries.add(store.rejected());
            return store;
        } catch (RuntimeException unusable) {
            AgentLog.warn("redis " + RedisEndpoint.redact(redis.uri()) + " cannot be used for embeddings (" + unusable
                    + "); they are cached in this process only");
            return null;
        }
    }

    /**
     * Evicts the entries of one cache namespace, or of all, exact and semantic, in this process.
     *
     * @param namespace a namespace (such as {@code rule:support-bot}), or {@code *} for every one
     * @return the entries there were, approximately
     */
    public long evictCaches(String namespace) {
        long evicted = 0;
        for (Map.Entry<String, ResponseCache> cache : caches.entrySet()) {
            if (!namespace.equals("*") && !namespace.equals(cache.getKey())) continue;
            evicted += cache.getValue().size();
            cache.getValue().clear();
        }
        for (Map.Entry<String, SemanticCache> cache : semanticCaches.entrySet()) {
            if (!namespace.equals("*") && !namespace.equals(cache.getKey())) continue;
            evicted += cache.getValue().size();
            cache.getValue().clear();
        }
        return evicted;
    }

    /**
     * Evicts one entry, exact or semantic, named by its key ({@code Heddle.lastCachedAnswer().key()},
     * or a key seen in Redis): in this process, and in Redis (and so every JVM) when it is shared.
     *
     * @param entryKey {@code heddle:c:{namespace}:...} or {@code heddle:s:{namespace}:...}
     * @return whether this process held it
     * @throws IllegalArgumentException when the key names no cache of this process
     */
    public boolean evictCacheKey(String entryKey) {
        String namespace = NamespaceTag.namespaceIn(entryKey)
                .orElseThrow(() -> new IllegalArgumentException("not a Heddle cache key: " + entryKey));
        if (entryKey.startsWith(RedisResponseStore.KEY_PREFIX) && caches.containsKey(namespace)) {
            return caches.get(namespace).evict(entryKey);
        }
        if (entryKey.startsWith(RedisSemanticStore.KEY_PREFIX) && semanticCaches.containsKey(namespace)) {
            return semanticCaches.get(namespace).evict(entryKey);
        }
        throw new IllegalArgumentException("no cache namespace '" + namespace + "' in this process for key " + entryKey);
    }

    /** @return the cache namespaces in use, sorted */
    public List<String> cacheNamespaces() {
        return caches.keySet().stream().sorted().toList();
    }

    /** The shared tier of the semantic caches: a preset's entries, loaded by every JVM on the same Redis. */
    private RedisSemanticStore sharedSemantic(RedisConfig redis) {
        try {
            RedisSemanticStore store = new RedisSemanticStore(RedisEndpoint.parse(redis.uri()), redis.timeout(), seal(redis));
            rejectedEntries.add(store.rejected());
            return store;
        } catch (RuntimeException unusable) {
            AgentLog.warn("redis " + RedisEndpoint.redact(redis.uri()) + " cannot be used for semantic caches (" + unusable
                    + "); their entries stay in this process only");
            return null;
        }
    }

    private RedisResponseStore sharedCache(RedisConfig redis) {
        try {
            RedisResponseStore store = new RedisResponseStore(RedisEndpoint.parse(redis.uri()), redis.timeout(), REDIS_POOL_SIZE,
                    seal(redis));
            rejectedEntries.add(store.rejected());
            return store;
        } catch (RuntimeException unusable) {
            AgentLog.warn("redis " + RedisEndpoint.redact(redis.uri()) + " cannot be used for response caches (" + unusable
                    + "); answers are cached in this process only");
            return null;
        }
    }

    /**
     * @param owner a rule name
     * @return its quota counters, created on first use
     */
    public QuotaCounters quotaCounters(String owner) {
        return quotaCounters.computeIfAbsent(owner, ignored -> new QuotaCounters());
    }

    /**
     * The adaptive concurrency limits of a quota's upstream calls, one per upstream key (a preset and
     * a model), shared by every rule of the quota and kept across configuration changes that leave
     * the settings alone; null without {@code adaptive}. Bounded like the circuits.
     */
    private Function<String, AdaptiveConcurrencyLimit> upstreamLimits(QuotaConfig quota) {
        return quota.adaptive().<Function<String, AdaptiveConcurrencyLimit>>map(settings -> key -> {
            String id = quota.name() + " " + (upstreamLimits.size() < MAX_CIRCUITS ? key : "<overflow>");
            UpstreamLimit known = upstreamLimits.get(id);
            if (known != null && known.settings().equals(settings)) return known.limit();
            return upstreamLimits.compute(id, (ignored, existing) -> existing != null && existing.settings().equals(settings)
                    ? existing : new UpstreamLimit(settings, new AdaptiveConcurrencyLimit(settings.initial(), settings.min(),
                            settings.max(), AdaptiveConcurrencyLimit.DEFAULT_BACKOFF_RATIO, settings.reservedShare(),
                            Set.copyOf(settings.reservedFor())))).limit();
        }).orElse(null);
    }

    /** An adaptive limit with the settings it was built from, so that changed settings build a new one. */
    private record UpstreamLimit(AdaptiveConfig settings, AdaptiveConcurrencyLimit limit) {
    }

    /** @return the adaptive limits by quota and upstream key, such as {@code per-user openai-java:gpt-4o-mini} */
    public Map<String, AdaptiveConcurrencyLimit> upstreamLimits() {
        Map<String, AdaptiveConcurrencyLimit> limits = new java.util.TreeMap<>();
        upstreamLimits.forEach((name, upstream) -> limits.put(name, upstream.limit()));
        return limits;
    }

    /**
     * The store of every quota's counters, created when a rule first needs it, in Redis when
     * {@code redis:} is set; kept across configuration changes (a change of {@code redis:} needs a
     * restart).
     */
    private QuotaStore quotaStore() {
        QuotaStore store = quotaStore;
        if (store == null) {
            store = config.redis().map(Registry::redisStore).orElseGet(LocalQuotaStore::new);
            quotaStore = store;
        }
        return store;
    }

    private static QuotaStore redisStore(RedisConfig redis) {
        try {
            return new RedisQuotaStore(RedisEndpoint.parse(redis.uri()), redis.timeout(), redis.timeout(), REDIS_POOL_SIZE,
                    redis.instances(), redis.failClosed(), RedisQuotaStore.DEFAULT_KEY_PREFIX);
        } catch (RuntimeException unusable) {
            AgentLog.warn("redis " + RedisEndpoint.redact(redis.uri()) + " cannot be used for quotas (" + unusable
                    + "); quotas count in this process");
            return new LocalQuotaStore();
        }
    }

    /**
     * @param owner a rule name
     * @return its token and cost counters, created on first use
     */
    public UsageCounters usageCounters(String owner) {
        return usage.computeIfAbsent(owner, ignored -> new UsageCounters());
    }

    /**
     * The state of a rule's circuits, for status pages; circuits are created by the first call of
     * each key, and kept by a configuration change that leaves the breaker's settings alone.
     *
     * @param owner a rule name, or the owner of an annotated method
     * @return empty when the owner has no circuit breaker now; else {@code closed}, {@code open} or
     *     {@code half-open} by circuit key ({@code ""} for the rule's one circuit, else a method, a
     *     model or {@code <overflow>}), an empty map before the first call
     */
    public Optional<Map<String, String>> circuitStates(String owner) {
        Optional<CircuitBreakerConfig> breaker = breakerInForce(owner);
        if (breaker.isEmpty()) return Optional.empty();
        // circuits built under earlier settings stay in the map; only those of the settings in force are live
        String prefix = owner + "|" + breaker.get() + "|";
        Map<String, String> states = new java.util.TreeMap<>();
        circuits.forEach((id, circuit) -> {
            if (id.startsWith(prefix)) states.put(id.substring(prefix.length()), circuit.state());
        });
        return Optional.of(states);
    }

    /** The breaker settings the owner's policy is built from now: its enabled rule's, else its method's annotations'. */
    private Optional<CircuitBreakerConfig> breakerInForce(String owner) {
        HeddleConfig current = config;
        if (current.enabled()) {
            for (RuleConfig rule : current.rules()) {
                if (rule.name().equals(owner) && rule.enabled()) return rule.circuitBreaker();
            }
        }
        for (WovenMethod method : methods.values()) {
            if (method.policy().owner().equals(owner)) return method.annotationResilience().circuitBreaker();
        }
        return Optional.empty();
    }

    /** @return the store of the quotas' counters, once a rule with a quota has needed it; a Redis store when {@code redis:} is set and usable */
    public Optional<QuotaStore> quotaStoreInUse() {
        return Optional.ofNullable(quotaStore);
    }
}
