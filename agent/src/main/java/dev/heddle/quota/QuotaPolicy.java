package dev.heddle.quota;

import dev.heddle.api.HeddleTimeoutException;
import dev.heddle.api.QuotaExceededException;
import dev.heddle.api.QuotaState;
import dev.heddle.api.TierResolver;
import dev.heddle.bootstrap.AgentLog;
import dev.heddle.config.Durations;
import dev.heddle.cost.ModelPrice;
import dev.heddle.cost.PriceTable;
import dev.heddle.config.LimitAlgorithm;
import dev.heddle.config.LimitConfig;
import dev.heddle.config.QuotaConfig;
import dev.heddle.config.RefusalAction;
import dev.heddle.config.TierConfig;
import dev.heddle.pipeline.FaultInjection;
import dev.heddle.preset.Preset;
import dev.heddle.preset.TokenEstimate;
import dev.heddle.preset.TokenUsage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * One rule's quota: finds the user's tier, checks and charges every limit of the tier in one
 * {@link QuotaStore#acquire} (requests exactly; tokens as an estimate reserved before the call;
 * dollars as an estimate in a check of their own, made first), settles the estimates with the
 * real usage and its price after the call, and on a refusal throws, waits
 * or hands the call to the fallback, as the quota says. Counters are per user: the key of a
 * counter is the user and the unit, in the quota's scope.
 */
public final class QuotaPolicy {

    /** Tokens reserved for the answer when the request does not say its limit. */
    static final long ANSWER_TOKENS_ESTIMATE = 256;

    private final String rule;
    private final QuotaConfig settings;
    private final QuotaStore store;
    private final Preset preset;
    private final QuotaCounters counters;
    private final Map<String, List<TierLimit>> limitsByTier = new ConcurrentHashMap<>();
    private final ClassValue<Optional<TierResolver>> resolvers;
    private final Function<String, AdaptiveConcurrencyLimit> upstreamLimits;
    private final PriceTable prices;
    /** Whether this is a route's quota at the HTTP edge, which counts requests and only reads the other units. */
    private final boolean edge;

    /** A limit of a tier, ready for a check. */
    private record TierLimit(String unit, Limit limit, String description) {
    }

    /**
     * @param rule the rule, for messages
     * @param settings the quota
     * @param store where the counters live
     * @param preset the rule's preset, which reads token usage; null for a method without one
     * @param counters the rule's quota counters
     * @param upstreamLimits the adaptive concurrency limit of an upstream key (a preset and model),
     *     kept by the registry; null when the quota has no {@code adaptive}
     * @param prices what models cost, for cost limits; null without a preset
     */
    public QuotaPolicy(String rule, QuotaConfig settings, QuotaStore store, Preset preset, QuotaCounters counters,
            Function<String, AdaptiveConcurrencyLimit> upstreamLimits, PriceTable prices) {
        this(rule, settings, store, preset, counters, upstreamLimits, prices, false);
    }

    /**
     * The quota of a route of the HTTP edge: each request is charged one request, and is refused
     * while any limit of the user's tier (tokens and cost that LLM calls charged included) is spent.
     *
     * @param route the route, for messages
     * @param settings the quota
     * @param store where the counters live, the same as the LLM calls' so that they share them
     * @param counters the route's quota counters
     * @return the policy; use {@link #admitRequest}
     */
    public static QuotaPolicy atEdge(String route, QuotaConfig settings, QuotaStore store, QuotaCounters counters) {
        return new QuotaPolicy(route, settings, store, null, counters, null, null, true);
    }

    private QuotaPolicy(String rule, QuotaConfig settings, QuotaStore store, Preset preset, QuotaCounters counters,
            Function<String, AdaptiveConcurrencyLimit> upstreamLimits, PriceTable prices, boolean edge) {
        this.edge = edge;
        this.rule = rule;
        this.prices = prices;
        this.upstreamLimits = upstreamLimits;
        this.settings = settings;
        this.store = store;
        this.preset = preset;
        this.counters = counters;
        this.resolvers = new ClassValue<>() {
            @Override
            protected Optional<TierResolver> computeValue(Class<?> type) {
                return settings.resolver().flatMap(name -> resolver(name, type.getClassLoader()));
            }
        };
        settings.tiers().forEach((tier, limits) -> limitsByTier.put(tier, limits(tier, limits)));
    }

    private List<TierLimit> limits(String tier, TierConfig config) {
        List<TierLimit> limits = new ArrayList<>();
        config.requests().forEach(limit -> limits.add(tierLimit("requests", limit)));
        if (!config.tokens().isEmpty() && preset == null && !edge) {
            AgentLog.warnOnce("quota-tokens:" + rule + ":" + tier, "rule '" + rule + "': tier '" + tier + "' of quota '"
                    + settings.name() + "' limits tokens, which only a preset's rule can count; only its requests are limited");
        } else {
            config.tokens().forEach(limit -> limits.add(tierLimit("tokens", limit)));
        }
        if (!config.cost().isEmpty() && preset == null && !edge) {
            AgentLog.warnOnce("quota-cost:" + rule + ":" + tier, "rule '" + rule + "': tier '" + tier + "' of quota '"
                    + settings.name() + "' limits cost, which only a preset's rule can count; its cost limits are left out");
        } else {
            config.cost().forEach(limit -> limits.add(new TierLimit("cost", Limit.slidingWindow(limit.microUsd(), limit.window()),
                    "cost $" + java.math.BigDecimal.valueOf(limit.microUsd(), 6).stripTrailingZeros().toPlainString() + "/"
                            + Durations.format(limit.window()))));
        }
        return List.copyOf(limits);
    }

    private static TierLimit tierLimit(String unit, LimitConfig config) {
        Limit limit = config.algorithm() == LimitAlgorithm.TOKEN_BUCKET
                ? Limit.tokenBucket(config.rate().count(), config.rate().window())
                : Limit.slidingWindow(config.rate().count(), config.rate().window());
        return new TierLimit(unit, limit, unit + " " + config.rate().count() + "/" + Durations.format(config.rate().window())
                + (config.algorithm() == LimitAlgorithm.TOKEN_BUCKET ? " (token bucket)" : ""));
    }

    private Optional<TierResolver> resolver(String className, ClassLoader loader) {
        try {
            Class<?> type = Class.forName(className, true, loader);
            return Optional.of((TierResolver) type.getConstructor().newInstance());
        } catch (ReflectiveOperationException | LinkageError | RuntimeException broken) {
            AgentLog.warnOnce("tier-resolver:" + settings.name(), "quota '" + settings.name() + "': resolver " + className
                    + " cannot be used (" + broken + "); users not listed under 'users' get the default tier");
            return Optional.empty();
        }
    }

    /** @return the action on a refusal */
    public RefusalAction onRefusal() {
        return settings.onRefusal();
    }

    /**
     * The user's tier: the {@code users} map, then the resolver, then the default.
     *
     * @param user the user
     * @param type the woven class, whose class loader holds the resolver
     * @return a tier of the quota
     */
    String tierOf(String user, Class<?> type) {
        String listed = settings.users().get(user);
        if (listed != null) return listed;
        Optional<TierResolver> resolver = resolvers.get(type);
        if (resolver.isPresent()) {
            try {
                String resolved = resolver.get().tierOf(user);
                if (resolved != null && settings.tiers().containsKey(resolved)) return resolved;
                if (resolved != null) {
                    AgentLog.warnOnce("unknown-tier:" + settings.name() + ":" + resolved, "quota '" + settings.name()
                            + "': the resolver named tier '" + resolved + "', which the quota does not have; the default applies");
                }
            } catch (RuntimeException failed) {
                AgentLog.warnOnce("tier-resolver-failed:" + settings.name(), "quota '" + settings.name() + "': the resolver"
                        + " failed (" + failed + "); the default tier applies");
            }
        }
        return settings.defaultTier();
    }

    /**
     * Checks and charges the call, waiting for a permit when the quota says so.
     *
     * @param user the call's user
     * @param type the woven class
     * @param self the receiver
     * @param arguments the arguments
     * @return the admission, to settle when the call ends
     * @throws QuotaExceededException when a limit refused the call
     */
    public Admission admit(String user, Class<?> type, Object self, Object[] arguments) {
        FaultInjection.at("quota.check");
        String tier = tierOf(user, type);
        AdaptiveConcurrencyLimit upstream = upstreamLimits == null ? null : upstreamLimits.apply(upstreamKey(self, arguments));
        List<TierLimit> limits = limitsByTier.getOrDefault(tier, List.of());
        if (limits.isEmpty()) return new Admission(this, Reservation.NONE, Reservation.NONE, null, tier, user, upstream);
        // while the vendor is busy, each user's limits shrink so a few heavy users cannot take what capacity is left
        LoadShrink shrink = upstream == null ? null : LoadShrink.of(upstream);
        boolean countsTokens = limits.stream().anyMatch(limit -> !limit.unit().equals("requests"));
        long promptTokens = countsTokens ? promptTokenEstimate(self, arguments) : 0;
        Optional<ModelPrice> price = limits.stream().anyMatch(limit -> limit.unit().equals("cost")) ? price(self, arguments)
                : Optional.empty();
        long costEstimate = price.map(modelPrice -> microUsd(modelPrice.cost(promptTokens, ANSWER_TOKENS_ESTIMATE))).orElse(0L);
        List<Charge> charges = new ArrayList<>(limits.size());
        List<Charge> costCharges = new ArrayList<>();
        for (TierLimit limit : limits) {
            String key = user + ":" + limit.unit();
            Limit effective = shrink == null ? limit.limit() : shrink.apply(limit.limit());
            switch (limit.unit()) {
                case "tokens" -> charges.add(Charge.estimate(key, effective, promptTokens + ANSWER_TOKENS_ESTIMATE));
                case "cost" -> costCharges.add(Charge.estimate(key, effective, costEstimate));
                default -> charges.add(Charge.exact(key, effective, 1));
            }
        }
        // cost is counted in another unit than tokens, so its estimate is reserved in a check of its
        // own, first: it can be given back if the other limits refuse, while a request charge cannot
        QuotaCheck costCheck = costCharges.isEmpty() ? null : new QuotaCheck(settings.name(), costCharges);
        QuotaCheck check = charges.isEmpty() ? null : new QuotaCheck(settings.name(), charges);
        long deadline = System.nanoTime() + (settings.onRefusal() == RefusalAction.WAIT ? settings.maxWait().toNanos() : 0);
        while (true) {
            QuotaDecision costDecision = costCheck == null ? null : store.acquire(costCheck);
            QuotaDecision decision = costDecision != null && !costDecision.admitted() ? costDecision
                    : check == null ? costDecision : store.acquire(check);
            if (costDecision != null && costDecision.admitted() && !decision.admitted()) store.release(costDecision.reservation());
            QuotaState state = state(tier, user, decision, limits);
            QuotaState.recordForThisThread(state);
            if (decision.admitted()) {
                counters.recordAdmitted();
                Reservation tokens = check == null ? Reservation.NONE : decision.reservation();
                Reservation cost = costDecision == null ? Reservation.NONE : costDecision.reservation();
                return new Admission(this, tokens, cost, price.orElse(null), tier, user, upstream);
            }
            long wait = decision.retryAfter().toNanos();
            boolean worthWaiting = decision.outcome() == QuotaDecision.Outcome.REFUSED && wait > 0
                    && System.nanoTime() + wait <= deadline;
            if (!worthWaiting) {
                counters.recordRefused();
                throw new QuotaExceededException(message(state, decision), state);
            }
            counters.recordWaited();
            LockSupport.parkNanos(wait);
            if (Thread.currentThread().isInterrupted()) {
                counters.recordRefused();
                throw new QuotaExceededException(message(state, decision) + "; the wait was interrupted", state);
            }
        }
    }

    /**
     * Checks and charges an HTTP request at the edge: one request against each request limit of the
     * user's tier, nothing against its token and cost limits, which refuse only once spent (by the
     * LLM calls of earlier requests). Never waits: the client is told when to come back.
     *
     * @param user the request's user
     * @param type the servlet API's class, whose class loader holds the tier resolver
     * @return the state of the tightest limit, for the rate-limit headers
     * @throws QuotaExceededException when a limit refused the request; its state says when to retry
     */
    public QuotaState admitRequest(String user, Class<?> type) {
        FaultInjection.at("quota.check");
        String tier = tierOf(user, type);
        List<TierLimit> limits = limitsByTier.getOrDefault(tier, List.of());
        List<Charge> charges = new ArrayList<>(limits.size());
        for (TierLimit limit : limits) {
            charges.add(Charge.exact(user + ":" + limit.unit(), limit.limit(), limit.unit().equals("requests") ? 1 : 0));
        }
        QuotaDecision decision = charges.isEmpty() ? QuotaDecision.nothingToCheck()
                : store.acquire(new QuotaCheck(settings.name(), charges));
        QuotaState state = state(tier, user, decision, limits);
        if (decision.admitted()) {
            counters.recordAdmitted();
            return state;
        }
        counters.recordRefused();
        throw new QuotaExceededException(message(state, decision), state);
    }

    /** The price of the request's model; a model without a price counts no cost, with one warning. */
    private Optional<ModelPrice> price(Object self, Object[] arguments) {
        Optional<String> model;
        try {
            model = preset.model(self, arguments);
        } catch (RuntimeException unreadable) {
            model = Optional.empty();
        }
        Optional<ModelPrice> price = model.flatMap(prices::priceOf);
        if (price.isEmpty()) {
            String name = model.orElse("<unknown>");
            AgentLog.warnOnce("quota-price:" + rule + ":" + name, "rule '" + rule + "': model " + name + " has no price, so"
                    + " its calls count nothing against cost limits; add it under 'prices:'");
        }
        return price;
    }

    /** Dollars in micro-dollars, rounded up: a cost limit is never undercounted. */
    static long microUsd(double dollars) {
        return (long) Math.ceil(dollars * 1_000_000);
    }

    private QuotaState state(String tier, String user, QuotaDecision decision, List<TierLimit> limits) {
        Optional<Limit> limit = decision.limit();
        String description = limit.flatMap(tight -> limits.stream().filter(candidate -> sameCounter(candidate.limit(), tight))
                .map(TierLimit::description).findFirst()).orElse("none");
        long remaining = decision.remaining() == Long.MAX_VALUE ? -1 : decision.remaining();
        return new QuotaState(settings.name(), tier, user, decision.admitted(), description,
                limit.map(Limit::amount).orElse(-1L), remaining, Instant.now().plus(decision.resetAfter()), decision.retryAfter());
    }

    /** A limit shrunk under load is still the configured one, with a smaller amount. */
    private static boolean sameCounter(Limit configured, Limit checked) {
        return configured.algorithm() == checked.algorithm() && configured.window().equals(checked.window());
    }

    /** Which adaptive limit a call's upstream request belongs to: the preset and the model, or the rule. */
    private String upstreamKey(Object self, Object[] arguments) {
        if (preset == null) return rule;
        try {
            return preset.name() + ":" + preset.model(self, arguments).orElse("");
        } catch (RuntimeException unreadable) {
            return preset.name() + ":";
        }
    }

    private String message(QuotaState state, QuotaDecision decision) {
        String why = decision.reason().map(reason -> " (" + reason + ")").orElse("");
        return "rule '" + rule + "': quota '" + state.quota() + "' refused a call of user '" + state.user() + "' (tier '"
                + state.tier() + "'): limit " + state.limit() + " has " + Math.max(0, state.remaining()) + " left" + why
                + "; retry after " + TimeUnit.NANOSECONDS.toMillis(state.retryAfter().toNanos()) + " ms";
    }

    /**
     * The prompt tokens a call is expected to use: the request's text at about four characters a
     * token. With {@link #ANSWER_TOKENS_ESTIMATE} for the answer, it is reserved before the call and
     * settled with the real count afterwards.
     */
    private long promptTokenEstimate(Object self, Object[] arguments) {
        try {
            return TokenEstimate.ofRequest(preset.cacheKey(self, arguments));
        } catch (RuntimeException unreadable) {
            return 0;
        }
    }

    /**
     * An admitted call: its token reservation, settled with the real usage or released when the call
     * died, and, with an adaptive limit, the gate each of its upstream attempts passes.
     */
    public static final class Admission {

        private static final Set<Integer> OVERLOAD_STATUSES = Set.of(429, 503, 529);

        private final QuotaPolicy policy;
        private final Reservation tokens;
        private final Reservation cost;
        private final ModelPrice price;
        private final String tier;
        private final String user;
        private final AdaptiveConcurrencyLimit upstream;

        private Admission(QuotaPolicy policy, Reservation tokens, Reservation cost, ModelPrice price, String tier, String user,
                AdaptiveConcurrencyLimit upstream) {
            this.policy = policy;
            this.tokens = tokens;
            this.cost = cost;
            this.price = price;
            this.tier = tier;
            this.user = user;
            this.upstream = upstream;
        }

        /** @param response what the call returned; its token usage, and what it cost, replace the estimates */
        public void settle(Object response) {
            FaultInjection.at("quota.settle");
            if (tokens.isEmpty() && cost.isEmpty()) return;
            Optional<TokenUsage> usage = response == null || policy.preset == null ? Optional.empty() : policy.preset.usage(response);
            if (!tokens.isEmpty()) {
                policy.store.settle(tokens, usage.map(used -> used.inputTokens() + used.outputTokens()).orElse(0L));
            }
            if (!cost.isEmpty()) {
                policy.store.settle(cost, usage.filter(used -> price != null)
                        .map(used -> microUsd(price.cost(used.inputTokens(), used.outputTokens()))).orElse(0L));
            }
        }

        /** The call failed: nothing was used. */
        public void release() {
            if (!tokens.isEmpty()) policy.store.release(tokens);
            if (!cost.isEmpty()) policy.store.release(cost);
        }

        /** @return whether each upstream attempt must pass the adaptive concurrency limit */
        public boolean limitsUpstream() {
            return upstream != null;
        }

        /**
         * One upstream attempt under the adaptive limit: refused when the limit (with the reserved
         * share, for a tier without it) is full; its outcome teaches the limit.
         *
         * @param attempt the attempt
         * @return what it returned; for an asynchronous attempt, its future, observed when it completes
         * @throws Throwable what it threw, or a {@link QuotaExceededException} when the limit is full
         */
        public Object throughUpstreamLimit(Attempt attempt) throws Throwable {
            if (upstream == null) return attempt.run();
            AdaptiveConcurrencyLimit.Permit permit = permit();
            Object returned;
            try {
                returned = attempt.run();
            } catch (Throwable failure) {
                ended(permit, failure);
                throw failure;
            }
            if (returned instanceof CompletionStage<?> stage) {
                stage.whenComplete((value, failure) -> ended(permit, failure));
            } else {
                permit.onSuccess();
            }
            return returned;
        }

        /**
         * A place under the adaptive limit; with {@code onRefusal: wait} the attempt waits for one
         * (polling, since a place frees whenever any call ends) up to the quota's {@code maxWait}.
         */
        private AdaptiveConcurrencyLimit.Permit permit() {
            Optional<AdaptiveConcurrencyLimit.Permit> permit = upstream.tryAcquire(tier);
            if (permit.isPresent() || policy.settings.onRefusal() != RefusalAction.WAIT) return permit.orElseThrow(this::saturated);
            long deadline = System.nanoTime() + policy.settings.maxWait().toNanos();
            policy.counters.recordWaited();
            while (permit.isEmpty() && System.nanoTime() < deadline && !Thread.currentThread().isInterrupted()) {
                LockSupport.parkNanos(SATURATED_POLL.toNanos());
                permit = upstream.tryAcquire(tier);
            }
            return permit.orElseThrow(this::saturated);
        }

        private void ended(AdaptiveConcurrencyLimit.Permit permit, Throwable failure) {
            if (failure == null) {
                permit.onSuccess();
                return;
            }
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            boolean overload = cause instanceof HeddleTimeoutException
                    || policy.preset != null && policy.preset.statusCode(cause).filter(OVERLOAD_STATUSES::contains).isPresent();
            if (overload) {
                permit.onOverload();
            } else {
                permit.onIgnore();
            }
        }

        private QuotaExceededException saturated() {
            policy.counters.recordRefused();
            QuotaState state = new QuotaState(policy.settings.name(), tier, user, false,
                    "adaptive concurrency " + upstream.limit(), upstream.limit(), 0, Instant.now(), SATURATED_RETRY_AFTER);
            QuotaState.recordForThisThread(state);
            return new QuotaExceededException("rule '" + policy.rule + "': the vendor is saturated: " + upstream.inFlight()
                    + " calls are in flight, the adaptive limit for tier '" + tier + "' is reached; retry in a moment", state);
        }
    }

    /** An upstream attempt. */
    @FunctionalInterface
    public interface Attempt {
        /**
         * @return what the attempt returned
         * @throws Throwable what it threw
         */
        Object run() throws Throwable;
    }

    /** What a caller refused by a saturated vendor is told to wait: the limit frees as soon as a call ends. */
    static final Duration SATURATED_RETRY_AFTER = Duration.ofSeconds(1);
    /** How often a waiting attempt looks for a free place under the adaptive limit. */
    private static final Duration SATURATED_POLL = Duration.ofMillis(5);

}
