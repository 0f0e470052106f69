package dev.heddle.pipeline;

import dev.failsafe.function.CheckedSupplier;
import dev.heddle.api.CacheControl;
import dev.heddle.api.CachedAnswer;
import dev.heddle.api.FallbackAnswer;
import dev.heddle.api.Heddle;
import dev.heddle.api.QuotaExceededException;
import dev.heddle.bootstrap.AgentLog;
import dev.heddle.bootstrap.Answer;
import dev.heddle.bootstrap.CallHandler;
import dev.heddle.cache.CacheEntryRef;
import dev.heddle.cache.JoinedFlight;
import dev.heddle.cache.PendingStore;
import dev.heddle.cache.semantic.SemanticCache;
import dev.heddle.config.CircuitScope;
import dev.heddle.config.RefusalAction;
import dev.heddle.preset.Preset;
import dev.heddle.preset.StreamedPreset;
import dev.heddle.quota.QuotaPolicy;
import dev.heddle.resilience.FallbackChain;
import dev.heddle.resilience.Resilience;
import dev.heddle.stream.RecordedStream;
import dev.heddle.telemetry.CallTrace;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * The runtime entry point of every woven call. Stages run in the order of the architecture brief;
 * this version has the exact response cache (a hit answers without running the method, a miss
 * stores the method's answer, unless a preset finds it incomplete), for a preset's methods the
 * accounting of tokens and cost, and retries, a circuit breaker and a timeout, which run the
 * attempts of the original method here and answer the caller with their outcome.
 * An asynchronous method's future is answered with a completed future on a hit, and its value is
 * stored and counted when it completes. A stage that needs the method to run again uses
 * {@link OriginalMethod}, whose nested call passes through here untouched.
 */
public final class CallPipeline implements CallHandler {

    /** The longest a blocking call waits for an identical call on its way to the model before it makes its own. */
    static final Duration JOIN_MAX_WAIT = Duration.ofSeconds(60);

    private final Registry registry;

    /**
     * @param registry where each woven method's current policy is
     */
    public CallPipeline(Registry registry) {
        this.registry = registry;
    }

    @Override
    public Object enter(String method, Class<?> type, Object self, Object[] arguments) {
        WovenMethod woven = registry.method(method);
        if (woven == null || OriginalMethod.isReentry()) return null;
        MethodPolicy policy = woven.policy();
        if (policy.passesThrough()) return null;
        Tracking tracking = registry.tracking();
        if (policy.identity() != null && tracking.isActive()) {
            return CallTracking.enter(this, tracking, policy, woven, type, method, self, arguments);
        }
        return run(policy, woven, type, method, self, arguments, null, false);
    }

    /**
     * The stages of a call under a policy.
     *
     * @param trace what tracking knows of the call, filled in by the stages; null when untracked
     * @param argumentsChanged whether an experiment changed the arguments (another model), so the
     *     method must run through {@link OriginalMethod} with them rather than its own body
     */
    Object run(MethodPolicy policy, WovenMethod woven, Class<?> type, String method, Object self, Object[] arguments,
            CallTrace trace, boolean argumentsChanged) {
        // Heddle.lastFallback() speaks of this call from now on, whatever answers it
        if (policy.fallback() != null && !woven.async()) FallbackAnswer.recordForThisThread(null);
        PendingStore pending = null;
        CacheControl control = null;
        String scope = null;
        if (policy.cache() != null) {
            control = CacheControl.current();
            scope = policy.semantic() == null ? "*" : policy.semantic().scopeValue(type, self, arguments);
            // kept per user or tenant, and this call names none: it is not cached at all
            if (scope == null) policy.cacheCounters().recordUncacheable();
            Object[] keyArguments = scope == null ? null : scoped(keyArguments(policy, self, arguments), scope);
            // a stream's caller expects its first chunk soon: it never waits for another JVM's identical call
            Object looked = keyArguments == null ? null
                    : policy.cache().lookup(policy.cacheKeyPrefix(), keyArguments, policy.cacheCounters(), policy.preset(),
                            type.getClassLoader(), control, !woven.async() && !StreamedCall.streams(policy));
            // Heddle.lastCachedAnswer() speaks of this call from now on: its hit, its stored answer, or nothing
            if (!woven.async()) {
                CachedAnswer.recordForThisThread(looked instanceof Answer ? hit(policy, keyArguments, type) : null);
            }
            if (looked instanceof Answer hit) {
                double saved = policy.preset() != null ? savedSafely(policy, self, arguments, hit.value()) : 0;
                if (trace != null) {
                    trace.cache("hit", null);
                    trace.saved(saved);
                }
                if (StreamedCall.streams(policy)) return StreamedCall.replayed(policy, hit.value(), arguments, type);
                return woven.async() ? new Answer(CompletableFuture.completedFuture(hit.value())) : hit;
            }
            if (trace != null) trace.cache("miss", null);
            if (looked instanceof JoinedFlight joined) {
                // a stream does not wait for an identical one in flight, which would hold its first chunk
                // back until that whole stream ended: it streams for itself, uncached
                Answer answer = StreamedCall.streams(policy) ? null : joined(policy, woven, joined, self, arguments);
                if (answer != null && trace != null) trace.cache("hit", null);
                if (answer != null) return answer;
                // the identical call failed or took too long: this one runs for itself, uncached
            } else {
                pending = (PendingStore) looked;
            }
        }
        try {
            // inside this try: a failing semantic tier must not strand the identical calls waiting for this one
            if (pending != null && policy.semantic() != null && (control.reads() || pending.stores())) {
                Answer semanticHit = semanticSafely(policy, woven, pending, control, scope, type, self, arguments, trace);
                if (semanticHit != null) return semanticHit;
            }
            return afterCacheLookup(policy, woven, pending, type, method, self, arguments, trace, argumentsChanged);
        } catch (RuntimeException | Error internalError) {
            // the calls waiting for this one must not wait for a flight that never takes off
            if (pending != null) pending.failed(internalError);
            throw internalError;
        }
    }

    /**
     * A call that waited for an identical one on its way to the model (single-flight): it gets that
     * call's answer, counted as saved like a hit. An asynchronous caller gets its outcome as it
     * comes, a failure included; a blocking one whose leader failed or took too long gets null, and
     * makes its own call.
     */
    private static Answer joined(MethodPolicy policy, WovenMethod woven, JoinedFlight joined, Object self, Object[] arguments) {
        if (woven.async()) {
            CompletableFuture<Object> outcome = joined.outcome();
            if (policy.preset() != null) {
                outcome.thenAccept(value -> savedSafely(policy, self, arguments, value));
            }
            return new Answer(outcome);
        }
        Optional<Object> answer = joined.await(JOIN_MAX_WAIT);
        if (answer.isEmpty()) return null;
        if (policy.preset() != null) savedSafely(policy, self, arguments, answer.get());
        return new Answer(answer.get());
    }

    /** The semantic tier, which fails open to the exact tier alone: the call goes on as an exact miss. */
    private static Answer semanticSafely(MethodPolicy policy, WovenMethod woven, PendingStore pending, CacheControl control,
            String scope, Class<?> type, Object self, Object[] arguments, CallTrace trace) {
        try {
            return semantic(policy, woven, pending, control, scope, type, self, arguments, trace);
        } catch (RuntimeException | LinkageError internalError) {
            AgentLog.internalError("pipeline.semantic", internalError);
            return null;
        }
    }

    /**
     * The semantic tier, after an exact miss: a similar earlier request's answer, given to this call
     * and to the identical calls waiting for it (but not stored under this call's exact key); or,
     * on a miss, null, with the answer to come kept in the semantic tier too.
     */
    private static Answer semantic(MethodPolicy policy, WovenMethod woven, PendingStore pending, CacheControl control,
            String scope, Class<?> type, Object self, Object[] arguments, CallTrace trace) {
        FaultInjection.at("semantic.lookup");
        SemanticCache cache = policy.semantic().cache();
        // an entry another JVM shared through Redis is decoded by the preset, with the woven class's loader
        SemanticCache.Lookup lookup = cache.decodingWith(policy.preset(), type.getClassLoader(),
                () -> policy.semantic().lookup(policy.owner(), policy.preset(), scope, self, arguments,
                        control.maxAge().orElse(null)));
        if (lookup == null) return null;
        // a call that must not read still leaves its answer for the similar calls after it
        if (!lookup.isHit() || !control.reads()) {
            pending.alsoStore(answer -> {
                try {
                    FaultInjection.at("semantic.store");
                    long entry = cache.store(lookup, answer, policy.preset());
                    if (!woven.async()) {
                        CacheEntryRef exact = pending.entry();
                        CachedAnswer.recordForThisThread(new CachedAnswer(policy.owner(), false, 1, exact.key(), () -> {
                            exact.evict().run();
                            cache.evict(entry);
                        }));
                    }
                } catch (RuntimeException internalError) {
                    AgentLog.internalError("pipeline.semanticStore", internalError);
                }
            });
            return null;
        }
        policy.cacheCounters().recordSemanticHit();
        if (!woven.async()) {
            CachedAnswer.recordForThisThread(new CachedAnswer(policy.owner(), true, lookup.similarity(),
                    () -> cache.keyOf(lookup.entryId()), () -> cache.evict(lookup.entryId())));
        }
        pending.completed(lookup.answer(), false);
        double saved = policy.preset() != null ? savedSafely(policy, self, arguments, lookup.answer()) : 0;
        if (trace != null) {
            trace.cache("semantic_hit", lookup.similarity());
            trace.saved(saved);
        }
        if (StreamedCall.streams(policy)) return StreamedCall.replayed(policy, lookup.answer(), arguments, type);
        return woven.async() ? new Answer(CompletableFuture.completedFuture(lookup.answer())) : new Answer(lookup.answer());
    }

    private Object afterCacheLookup(MethodPolicy policy, WovenMethod woven, PendingStore pending, Class<?> type, String method,
            Object self, Object[] arguments, CallTrace trace, boolean argumentsChanged) {
        QuotaPolicy.Admission admission = null;
        if (policy.quota() != null) {
            try {
                admission = policy.quota().admit(policy.user().userOf(type, self, arguments), type, self, arguments);
                if (trace != null) trace.quota("allowed");
            } catch (QuotaExceededException refused) {
                if (trace != null) trace.quota("rejected");
                if (pending != null) pending.failed(refused);
                return refusal(policy, woven, refused, pending, type, method, self, arguments, trace);
            } catch (RuntimeException internalError) {
                // a quota that cannot decide admits the call, which keeps its cache and other policies
                AgentLog.internalError("pipeline.quota", internalError);
            }
        }
        InFlight inFlight = new InFlight(policy.owner(), woven.async(), pending,
                policy.cache() != null && policy.cache().cachesToolCalls(), policy.preset(),
                policy.preset() == null ? null : new Accounting(policy, self, arguments), admission);
        boolean limitsUpstream = admission != null && admission.limitsUpstream();
        boolean streams = StreamedCall.streams(policy);
        if (streams && !OriginalMethod.isInvocable(type, method)) {
            // a stream is teed around the method's own run, which this method does not allow: it passes through
            AgentLog.warnOnce("stream-not-invocable:" + method, "rule '" + policy.owner() + "': the stream of " + method
                    + " cannot be teed and passes through uncached and uncounted");
            inFlight.failed(new IllegalStateException("the stream of " + method + " cannot be teed"));
            return null;
        }
        if ((policy.runsAttempts() || limitsUpstream || argumentsChanged || streams) && OriginalMethod.isInvocable(type, method)) {
            return attempts(policy, inFlight, type, method, self, arguments, trace);
        }
        if (pending == null && policy.preset() == null && admission == null) return null;
        return inFlight;
    }

    /**
     * A call the quota refused: the method does not run. The caller gets the refusal (as a failed
     * future for an asynchronous method), or the fallback's answer when the quota says
     * {@code onRefusal: fallback}.
     */
    private static Answer refusal(MethodPolicy policy, WovenMethod woven, QuotaExceededException refused, PendingStore pending,
            Class<?> type, String method, Object self, Object[] arguments, CallTrace trace) {
        FallbackChain fallback = policy.quota().onRefusal() == RefusalAction.FALLBACK ? policy.fallback() : null;
        if (fallback == null) return woven.async() ? new Answer(CompletableFuture.failedFuture(refused)) : Answer.failed(refused);
        // a recorded stream is not what a streaming method returns: streams have no stale fallback
        Object stale = pending == null || StreamedCall.streams(policy) ? null : pending.staleAnswer();
        Alternatives alternatives = new Alternatives(policy, type, method, self, arguments, woven.async());
        if (woven.async()) return new Answer(fallback.answerAsync(refused, stale, alternatives, fallbackKind(trace)));
        return syncFallback(fallback, refused, stale, alternatives, trace).map(Answer::new).orElseGet(() -> Answer.failed(refused));
    }

    /** A blocking call's fallback, whose kind the trace is told. */
    private static Optional<Object> syncFallback(FallbackChain fallback, Throwable failure, Object stale, Alternatives alternatives,
            CallTrace trace) {
        Optional<Object> answer = fallback.answer(failure, stale, alternatives);
        if (trace != null && answer.isPresent()) Heddle.lastFallback().ifPresent(used -> trace.fallback(used.kind()));
        return answer;
    }

    private static Consumer<String> fallbackKind(CallTrace trace) {
        return trace == null ? kind -> { } : trace::fallback;
    }

    /**
     * Runs the original method under the rule's resilience policies and fallback, here, and answers
     * the caller with the outcome; the woven body itself is skipped, since each attempt re-enters the
     * method. Only the method's own answer is stored in the cache, never a fallback's.
     */
    private static Answer attempts(MethodPolicy policy, InFlight inFlight, Class<?> type, String method, Object self,
            Object[] arguments, CallTrace trace) {
        Resilience resilience = policy.resilience();
        FallbackChain fallback = policy.fallback();
        String circuitKey = resilience == null ? "" : circuitKey(resilience.circuitScope(), policy, method, self, arguments);
        Alternatives alternatives = fallback == null ? null : new Alternatives(policy, type, method, self, arguments, inFlight.async());
        MethodRuns runs = new MethodRuns();
        StreamedCall stream = StreamedCall.streams(policy) ? new StreamedCall((StreamedPreset) policy.preset(), self, arguments, resilience)
                : null;
        CheckedSupplier<Object> run = stream == null ? () -> OriginalMethod.invoke(type, method, self, arguments)
                : () -> stream.run(type, method);
        CheckedSupplier<Object> invoke = runs.recording(trace == null ? run
                : () -> {
                    trace.attempt();
                    return run.get();
                });
        CheckedSupplier<Object> original = inFlight.admission() == null ? invoke
                : () -> inFlight.admission().throughUpstreamLimit(invoke::get);
        if (inFlight.async()) {
            CheckedSupplier<CompletionStage<Object>> attempt = () -> asStage(original.get());
            CompletableFuture<Object> future = resilience != null ? resilience.callAsync(circuitKey, attempt) : once(attempt);
            future.whenComplete((value, failure) -> {
                if (trace != null && resilience != null) circuitState(trace, resilience, circuitKey);
                if (failure == null) {
                    completeSafely(inFlight, value);
                } else {
                    inFlight.failed(failure);
                }
            });
            if (fallback != null) {
                future = future.exceptionallyCompose(failure ->
                        fallback.answerAsync(unwrapped(failure), inFlight.staleAnswer(), alternatives, fallbackKind(trace)));
            }
            return new Answer(future);
        }
        try {
            Object value = resilience == null ? original.get()
                    : stream != null ? resilience.callStream(circuitKey, original) : resilience.call(circuitKey, original);
            if (stream != null) {
                stream.whenEnded(inFlight.completion(), resilience, circuitKey, trace);
                return new Answer(value);
            }
            completeSafely(inFlight, value);
            return new Answer(value);
        } catch (Throwable thrown) {
            Throwable failure = thrown;
            if (!runs.isTheMethodsOrHeddles(thrown)) {
                if (thrown instanceof InterruptedException) {
                    // interrupted in a wait of the policies (a retry's backoff): no error; the thread keeps its interrupt
                    Thread.currentThread().interrupt();
                } else {
                    // an internal error of the policies
                    AgentLog.internalError("pipeline.attempts", thrown);
                }
                // either way the caller gets what its method gives, from one run at most
                Answer own = ownOutcome(runs, type, method, self, arguments);
                if (own.failure() == null && stream != null && runs.ran()) {
                    // the stream the caller gets is teed: it settles when it ends
                    stream.whenEnded(inFlight.completion(), resilience, circuitKey, trace);
                    return own;
                }
                if (own.failure() == null && stream != null) {
                    // run here after the policies failed, so not teed: nothing is stored or counted
                    inFlight.failed(thrown);
                    return own;
                }
                if (own.failure() == null) {
                    completeSafely(inFlight, own.value());
                    return own;
                }
                failure = own.failure();
            }
            inFlight.failed(failure);
            Object stale = stream == null ? inFlight.staleAnswer() : null;
            Optional<Object> answer = fallback == null ? Optional.empty()
                    : fallbackSafely(fallback, failure, stale, alternatives, trace);
            Throwable refused = failure;
            return answer.map(Answer::new).orElseGet(() -> Answer.failed(refused));
        } finally {
            if (trace != null && resilience != null) circuitState(trace, resilience, circuitKey);
        }
    }

    /**
     * The method's own outcome after the policies around it failed inside Heddle: its last run's,
     * or, when it never ran, the outcome of one run now, as without Heddle.
     */
    private static Answer ownOutcome(MethodRuns runs, Class<?> type, String method, Object self, Object[] arguments) {
        if (runs.ran()) return runs.answered() ? new Answer(runs.lastValue()) : Answer.failed(runs.lastFailure());
        try {
            return new Answer(OriginalMethod.invoke(type, method, self, arguments));
        } catch (Throwable failure) {
            return Answer.failed(failure);
        }
    }

    /**
     * A fallback that fails inside Heddle answers nothing: the caller gets the call's own failure,
     * and the method does not run again.
     */
    private static Optional<Object> fallbackSafely(FallbackChain fallback, Throwable failure, Object stale,
            Alternatives alternatives, CallTrace trace) {
        try {
            return syncFallback(fallback, failure, stale, alternatives, trace);
        } catch (RuntimeException | LinkageError internalError) {
            AgentLog.internalError("pipeline.fallback", internalError);
            return Optional.empty();
        }
    }

    private static void circuitState(CallTrace trace, Resilience resilience, String circuitKey) {
        try {
            resilience.circuitState(circuitKey).ifPresent(state -> trace.circuit(state.replace('-', '_')));
        } catch (RuntimeException internalError) {
            AgentLog.internalError("pipeline.circuitState", internalError);
        }
    }

    /** Which circuit of the rule a call belongs to: {@code ""} for the rule's one circuit, else its method or model. */
    private static String circuitKey(CircuitScope scope, MethodPolicy policy, String method, Object self, Object[] arguments) {
        return switch (scope) {
            case RULE -> "";
            case METHOD -> method;
            case MODEL -> {
                if (policy.preset() == null) yield "";
                try {
                    yield policy.preset().model(self, arguments).orElse("");
                } catch (RuntimeException unreadable) {
                    AgentLog.warnOnce("circuit-model:" + policy.owner(), "rule '" + policy.owner() + "': the model of a"
                            + " request could not be read; such calls share one circuit: " + unreadable);
                    yield "";
                }
            }
        };
    }

    @SuppressWarnings("unchecked")
    private static CompletionStage<Object> asStage(Object returned) {
        return returned == null ? CompletableFuture.completedFuture(null) : (CompletionStage<Object>) returned;
    }

    private static CompletableFuture<Object> once(CheckedSupplier<CompletionStage<Object>> attempt) {
        try {
            return attempt.get().toCompletableFuture();
        } catch (Throwable failure) {
            return CompletableFuture.failedFuture(failure);
        }
    }

    private static Throwable unwrapped(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    @Override
    public Object exit(Object call, Object returned, Throwable thrown) {
        if (call instanceof CallTracking.Traced traced) return CallTracking.exit(this, traced, returned, thrown);
        return exitUntraced(call, returned, thrown);
    }

    /** The end of a call whose body ran: its answer is stored and counted. */
    Object exitUntraced(Object call, Object returned, Throwable thrown) {
        if (!(call instanceof InFlight inFlight)) return returned;
        if (thrown != null) {
            inFlight.failed(thrown);
            return returned;
        }
        if (inFlight.async() && returned instanceof CompletableFuture<?> future) {
            future.whenComplete((value, failure) -> {
                if (failure == null) {
                    completeSafely(inFlight, value);
                } else {
                    inFlight.failed(failure);
                }
            });
        } else {
            inFlight.completed(returned);
        }
        return returned;
    }

    private static CachedAnswer hit(MethodPolicy policy, Object[] keyArguments, Class<?> type) {
        CacheEntryRef entry = policy.cache().entryOf(policy.cacheKeyPrefix(), keyArguments, policy.preset(), type.getClassLoader());
        return new CachedAnswer(policy.owner(), true, 1, entry.key(), entry.evict());
    }

    /** The key arguments of a call kept in a user's or tenant's scope, which is then part of its exact key. */
    private static Object[] scoped(Object[] keyArguments, String scope) {
        if (keyArguments == null || scope.equals("*")) return keyArguments;
        Object[] scoped = Arrays.copyOf(keyArguments, keyArguments.length + 1);
        scoped[keyArguments.length] = "heddle-scope:" + scope;
        return scoped;
    }

    /** The preset's canonical request text, or the arguments themselves; null when the preset cannot key it. */
    private static Object[] keyArguments(MethodPolicy policy, Object self, Object[] arguments) {
        FaultInjection.at("key");
        Preset preset = policy.preset();
        if (preset == null) return arguments;
        try {
            return new Object[] {preset.cacheKey(self, arguments)};
        } catch (RuntimeException unkeyable) {
            AgentLog.warnOnce("preset-key:" + policy.owner(), "rule '" + policy.owner() + "': a request of preset "
                    + preset.name() + " could not be keyed and runs uncached: " + unkeyable);
            return null;
        }
    }

    /** What a hit saved, counted; an accounting failure must not cost the caller its answer. */
    private static double savedSafely(MethodPolicy policy, Object self, Object[] arguments, Object answer) {
        try {
            return new Accounting(policy, self, arguments).saved(answer);
        } catch (RuntimeException internalError) {
            AgentLog.internalError("pipeline.accounting", internalError);
            return 0;
        }
    }

    private static void completeSafely(InFlight inFlight, Object value) {
        try {
            inFlight.completed(value);
        } catch (Throwable internalError) {
            AgentLog.internalError("pipeline.complete", internalError);
        }
    }

    /**
     * A call that has entered and not yet ended: what to do with its answer. A preset's answer is
     * stored only when it is complete, never cut off by a token limit or filtered.
     */
    private record InFlight(String owner, boolean async, PendingStore pending, boolean cachesToolCalls, Preset preset,
            Accounting accounting, QuotaPolicy.Admission admission) {

        /** Whether the answer may be cached; an answer the preset cannot read is not. */
        private boolean isStorable(Object value) {
            if (value == null) return false;
            try {
                if (preset == null) return true;
                return preset.isCompleteAnswer(value) && (cachesToolCalls || !preset.asksForTools(value));
            } catch (RuntimeException unreadable) {
                AgentLog.internalError("pipeline.isCompleteAnswer", unreadable);
                return false;
            }
        }

        /** The call died: its token reservation is given back, and the identical calls waiting for it learn so. */
        void failed(Throwable failure) {
            try {
                if (pending != null) pending.failed(failure);
                if (admission != null) admission.release();
            } catch (Throwable internalError) {
                AgentLog.internalError("pipeline.failed", internalError);
            }
        }

        /** @return the expired cache entry for the same request, kept for a fallback, or null */
        Object staleAnswer() {
            return pending == null ? null : pending.staleAnswer();
        }

        /** @return what ends this call once its stream has ended */
        StreamedCall.Completion completion() {
            return new StreamedCall.Completion() {
                @Override
                public void completed(Object recorded) {
                    completeSafely(InFlight.this, recorded);
                }

                @Override
                public void endedEarly(Object recorded, Throwable why) {
                    try {
                        if (pending != null) pending.failed(why);
                        if (((RecordedStream) recorded).chunks().isEmpty()) {
                            // refused or broken before a first chunk: nothing was produced
                            if (admission != null) admission.release();
                            return;
                        }
                        // the tokens of a broken or abandoned stream were produced, and are charged
                        if (admission != null) admission.settle(recorded);
                        if (accounting != null) accounting.reachedTheModel(recorded);
                    } catch (Throwable internalError) {
                        AgentLog.internalError("pipeline.streamEnded", internalError);
                    }
                }
            };
        }

        void completed(Object value) {
            if (pending != null) {
                boolean storable = isStorable(value);
                // the semantic tier's store, when there is one, records a fuller eviction after this one
                if (!async && storable && pending.stores()) {
                    CacheEntryRef stored = pending.entry();
                    CachedAnswer.recordForThisThread(new CachedAnswer(owner, false, 1, stored.key(), stored.evict()));
                }
                pending.completed(value, storable);
            }
            if (admission != null) admission.settle(value);
            if (value != null && accounting != null) accounting.reachedTheModel(value);
        }
    }

    /**
     * What a fallback may call instead of the failed call: the same method with another model (its
     * tokens are counted like any call's), or another method of the same class.
     */
    private record Alternatives(MethodPolicy policy, Class<?> type, String method, Object self, Object[] arguments,
            boolean async) implements FallbackChain.AlternativeCalls {

        @Override
        public Object withModel(String model) throws Throwable {
            if (policy.preset() == null) throw new IllegalStateException("a model fallback needs a preset");
            Object[] changed = policy.preset().withModel(self, arguments, model);
            Object answer = OriginalMethod.invoke(type, method, self, changed);
            Accounting accounting = new Accounting(policy, self, changed);
            if (async && answer instanceof CompletionStage<?> stage) {
                stage.whenComplete((value, failure) -> {
                    if (failure == null) countSafely(accounting, value);
                });
            } else {
                countSafely(accounting, answer);
            }
            return answer;
        }

        @Override
        public Object otherMethod(String name) throws Throwable {
            return OriginalMethod.invokeOther(type, method, name, self, arguments);
        }

        private static void countSafely(Accounting accounting, Object answer) {
            try {
                if (answer != null) accounting.reachedTheModel(answer);
            } catch (Throwable internalError) {
                AgentLog.internalError("pipeline.fallbackAccounting", internalError);
            }
        }
    }
}
