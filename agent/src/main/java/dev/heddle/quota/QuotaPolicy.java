package dev.heddle.quota;

import dev.heddle.api.QuotaExceededException;
import dev.heddle.api.QuotaState;
import dev.heddle.api.TierResolver;
import dev.heddle.bootstrap.AgentLog;
import dev.heddle.config.LimitAlgorithm;
import dev.heddle.config.LimitConfig;
import dev.heddle.config.QuotaConfig;
import dev.heddle.config.RefusalAction;
import dev.heddle.config.TierConfig;
import dev.heddle.preset.Preset;
import dev.heddle.preset.TokenUsage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One rule's quota: finds the user's tier, checks and charges every limit of the tier in one
 * {@link QuotaStore#acquire} (requests exactly; tokens as an estimate reserved before the call),
 * settles the token estimate with the real usage after the call, and on a refusal throws, waits
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

    /** A limit of a tier, ready for a check. */
    private record TierLimit(String unit, Limit limit, String description) {
    }

    /**
     * @param rule the rule, for messages
     * @param settings the quota
     * @param store where the counters live
     * @param preset the rule's preset, which reads token usage; null for a method without one
     * @param counters the rule's quota counters
     */
    public QuotaPolicy(String rule, QuotaConfig settings, QuotaStore store, Preset preset, QuotaCounters counters) {
        this.rule = rule;
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
        if (!config.tokens().isEmpty() && preset == null) {
            AgentLog.warnOnce("quota-tokens:" + rule + ":" + tier, "rule '" + rule + "': tier '" + tier + "' of quota '"
                    + settings.name() + "' limits tokens, which only a preset's rule can count; only its requests are limited");
        } else {
            config.tokens().forEach(limit -> limits.add(tierLimit("tokens", limit)));
        }
        if (!config.cost().isEmpty()) {
            AgentLog.warnOnce("quota-cost:" + settings.name() + ":" + tier, "quota '" + settings.name() + "', tier '" + tier
                    + "': cost limits are not enforced by this version of Heddle; its request and token limits are");
        }
        return List.copyOf(limits);
    }

    private static TierLimit tierLimit(String unit, LimitConfig config) {
        Limit limit = config.algorithm() == LimitAlgorithm.TOKEN_BUCKET
                ? Limit.tokenBucket(config.rate().count(), config.rate().window())
                : Limit.slidingWindow(config.rate().count(), config.rate().window());
        return new TierLimit(unit, limit, unit + " " + config.rate().count() + "/" + config.rate().window()
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
        String tier = tierOf(user, type);
        List<TierLimit> limits = limitsByTier.getOrDefault(tier, List.of());
        if (limits.isEmpty()) return Admission.UNLIMITED;
        long estimate = limits.stream().anyMatch(limit -> limit.unit().equals("tokens")) ? tokenEstimate(self, arguments) : 0;
        List<Charge> charges = new ArrayList<>(limits.size());
        for (TierLimit limit : limits) {
            String key = user + ":" + limit.unit();
            charges.add(limit.unit().equals("tokens") ? Charge.estimate(key, limit.limit(), estimate)
                    : Charge.exact(key, limit.limit(), 1));
        }
        QuotaCheck check = new QuotaCheck(settings.name(), charges);
        long deadline = System.nanoTime() + (settings.onRefusal() == RefusalAction.WAIT ? settings.maxWait().toNanos() : 0);
        while (true) {
            QuotaDecision decision = store.acquire(check);
            QuotaState state = state(tier, user, decision, limits);
            QuotaState.recordForThisThread(state);
            if (decision.admitted()) {
                counters.recordAdmitted();
                return new Admission(this, decision.reservation());
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

    private QuotaState state(String tier, String user, QuotaDecision decision, List<TierLimit> limits) {
        Optional<Limit> limit = decision.limit();
        String description = limit.flatMap(tight -> limits.stream().filter(candidate -> candidate.limit().equals(tight))
                .map(TierLimit::description).findFirst()).orElse("none");
        long remaining = decision.remaining() == Long.MAX_VALUE ? -1 : decision.remaining();
        return new QuotaState(settings.name(), tier, user, decision.admitted(), description,
                limit.map(Limit::amount).orElse(-1L), remaining, Instant.now().plus(decision.resetAfter()), decision.retryAfter());
    }

    private String message(QuotaState state, QuotaDecision decision) {
        String why = decision.reason().map(reason -> " (" + reason + ")").orElse("");
        return "rule '" + rule + "': quota '" + state.quota() + "' refused a call of user '" + state.user() + "' (tier '"
                + state.tier() + "'): limit " + state.limit() + " has " + Math.max(0, state.remaining()) + " left" + why
                + "; retry after " + TimeUnit.NANOSECONDS.toMillis(state.retryAfter().toNanos()) + " ms";
    }

    /**
     * The tokens a call is expected to use, reserved before it: the request's text at about four
     * characters a token, plus an allowance for the answer. Settled with the real count afterwards.
     */
    private long tokenEstimate(Object self, Object[] arguments) {
        try {
            return Math.max(1, preset.cacheKey(self, arguments).length() / 4) + ANSWER_TOKENS_ESTIMATE;
        } catch (RuntimeException unreadable) {
            return ANSWER_TOKENS_ESTIMATE;
        }
    }

    /** An admitted call's reservation: settled with the real token usage, or released when the call died. */
    public static final class Admission {

        /** A call whose tier has no limits. */
        static final Admission UNLIMITED = new Admission(null, Reservation.NONE);

        private final QuotaPolicy policy;
        private final Reservation reservation;

        private Admission(QuotaPolicy policy, Reservation reservation) {
            this.policy = policy;
            this.reservation = reservation;
        }

        /** @param response what the call returned; its token usage replaces the estimate */
        public void settle(Object response) {
            if (policy == null || reservation.isEmpty()) return;
            Optional<TokenUsage> usage = response == null || policy.preset == null ? Optional.empty() : policy.preset.usage(response);
            policy.store.settle(reservation, usage.map(used -> used.inputTokens() + used.outputTokens()).orElse(0L));
        }

        /** The call failed: nothing was used. */
        public void release() {
            if (policy == null || reservation.isEmpty()) return;
            policy.store.release(reservation);
        }
    }

    /** @return the longest a waiting call waits */
    Duration maxWait() {
        return settings.maxWait();
    }
}
