package dev.heddle.pipeline;

import dev.heddle.bootstrap.AgentLog;
import dev.heddle.bootstrap.Answer;
import dev.heddle.bootstrap.CallHandler;
import dev.heddle.cache.PendingStore;
import dev.heddle.preset.Preset;
import dev.heddle.resilience.Resilience;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

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
        PendingStore pending = null;
        if (policy.cache() != null) {
            Object[] keyArguments = keyArguments(policy, self, arguments);
            Object looked = keyArguments == null ? null
                    : policy.cache().lookup(policy.cacheKeyPrefix(), keyArguments, policy.cacheCounters());
            if (looked instanceof Answer hit) {
                if (policy.preset() != null) new Accounting(policy, self, arguments).saved(hit.value());
                return woven.async() ? new Answer(CompletableFuture.completedFuture(hit.value())) : hit;
            }
            pending = (PendingStore) looked;
        }
        InFlight inFlight = new InFlight(woven.async(), pending, policy.preset(),
                policy.preset() == null ? null : new Accounting(policy, self, arguments));
        if (policy.resilience() != null && OriginalMethod.isInvocable(type, method)) {
            return attempts(policy.resilience(), inFlight, type, method, self, arguments);
        }
        if (pending == null && policy.preset() == null) return null;
        return inFlight;
    }

    /**
     * Runs the original method under the rule's resilience policies, here, and answers the caller
     * with the outcome; the woven body itself is skipped, since each attempt re-enters the method.
     */
    @SuppressWarnings("unchecked")
    private static Answer attempts(Resilience resilience, InFlight inFlight, Class<?> type, String method, Object self,
            Object[] arguments) {
        if (inFlight.async()) {
            CompletableFuture<Object> future = resilience.callAsync(
                    () -> (CompletionStage<Object>) OriginalMethod.invoke(type, method, self, arguments));
            future.whenComplete((value, failure) -> {
                if (failure == null) completeSafely(inFlight, value);
            });
            return new Answer(future);
        }
        try {
            Object value = resilience.call(() -> OriginalMethod.invoke(type, method, self, arguments));
            completeSafely(inFlight, value);
            return new Answer(value);
        } catch (Throwable failure) {
            return Answer.failed(failure);
        }
    }

    @Override
    public Object exit(Object call, Object returned, Throwable thrown) {
        if (!(call instanceof InFlight inFlight) || thrown != null) return returned;
        if (inFlight.async() && returned instanceof CompletableFuture<?> future) {
            future.whenComplete((value, failure) -> {
                if (failure == null) completeSafely(inFlight, value);
            });
        } else {
            inFlight.completed(returned);
        }
        return returned;
    }

    /** The preset's canonical request text, or the arguments themselves; null when the preset cannot key it. */
    private static Object[] keyArguments(MethodPolicy policy, Object self, Object[] arguments) {
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
    private record InFlight(boolean async, PendingStore pending, Preset preset, Accounting accounting) {

        void completed(Object value) {
            if (value == null) return;
            if (pending != null && (preset == null || preset.isCompleteAnswer(value))) pending.complete(value, null);
            if (accounting != null) accounting.reachedTheModel(value);
        }
    }
}
