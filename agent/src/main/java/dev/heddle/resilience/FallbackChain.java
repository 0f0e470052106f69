package dev.heddle.resilience;

import dev.heddle.api.FallbackAnswer;
import dev.heddle.api.HeddleException;
import dev.heddle.bootstrap.AgentLog;
import dev.heddle.config.FallbackConfig;
import dev.heddle.pipeline.FaultInjection;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The outermost policy: what answers a call whose attempts all failed, tried in a fixed order of
 * preference — a stale cache entry, the same request with another model, another method of the
 * same class, a fixed value — and when none can, the original failure. A fallback answers vendor
 * trouble and Heddle's refusals (open circuit, full bulkhead, timeout), never an error of the
 * request itself such as a 400, which another answer would only hide.
 *
 * <p>Every answer from a fallback is counted and, for a blocking call, readable by the app through
 * {@code Heddle.lastFallback()}.
 */
public final class FallbackChain {

    /** The calls a fallback may make instead of the failed one. */
    public interface AlternativeCalls {

        /**
         * @param model the model to ask instead
         * @return what the woven method returned for the same request with that model
         * @throws Throwable what it threw
         */
        Object withModel(String model) throws Throwable;

        /**
         * @param method the name of a method of the same class with the same parameters
         * @return what it returned for the same arguments
         * @throws Throwable what it threw
         */
        Object otherMethod(String method) throws Throwable;
    }

    @FunctionalInterface
    private interface Step {
        Object answer(Object staleAnswer, AlternativeCalls calls) throws Throwable;
    }

    private record NamedStep(String kind, Step step) {
    }

    private final String owner;
    private final Predicate<Throwable> answersFor;
    private final ResilienceCounters counters;
    private final List<NamedStep> steps;

    /**
     * @param owner the rule, for the notice and messages
     * @param settings the fallbacks configured
     * @param returnsText whether the method returns text, which a fixed {@code value} needs
     * @param vendorTrouble which failures are the vendor's (the preset's classification)
     * @param counters the rule's counters
     */
    public FallbackChain(String owner, FallbackConfig settings, boolean returnsText, Predicate<Throwable> vendorTrouble,
            ResilienceCounters counters) {
        this.owner = owner;
        this.counters = counters;
        this.answersFor = failure -> failure instanceof HeddleException || vendorTrouble.test(failure);
        List<NamedStep> chain = new ArrayList<>();
        settings.staleFor().ifPresent(ignored -> chain.add(new NamedStep("stale-cache", (stale, calls) -> {
            if (stale == null) throw new IllegalStateException("no stale cache entry for this request");
            return stale;
        })));
        settings.model().ifPresent(model -> chain.add(new NamedStep("model", (stale, calls) -> calls.withModel(model))));
        settings.method().ifPresent(method -> chain.add(new NamedStep("method", (stale, calls) -> calls.otherMethod(method))));
        settings.value().ifPresent(value -> {
            if (returnsText) {
                chain.add(new NamedStep("value", (stale, calls) -> value));
            } else {
                AgentLog.warnOnce("fallback-value:" + owner, owner + ": fallback 'value' is a text, but the method does not"
                        + " return String; that fallback is left out");
            }
        });
        this.steps = List.copyOf(chain);
    }

    /**
     * Answers a blocking call that failed.
     *
     * @param failure what the caller would receive
     * @param staleAnswer the expired cache entry for the same request, or null
     * @param calls the alternative calls
     * @return the answer, or empty when no fallback could answer and the failure stands
     */
    public Optional<Object> answer(Throwable failure, Object staleAnswer, AlternativeCalls calls) {
        FaultInjection.at("fallback");
        if (!answersFor.test(failure)) return Optional.empty();
        for (NamedStep step : steps) {
            try {
                Object answer = step.step().answer(staleAnswer, calls);
                FallbackAnswer.recordForThisThread(answered(step.kind(), failure));
                return Optional.ofNullable(answer);
            } catch (Throwable stepFailed) {
                notAnswered(step.kind(), stepFailed);
            }
        }
        return Optional.empty();
    }

    /**
     * Answers an asynchronous call that failed, without blocking: an alternative call's future is
     * waited for only through composition.
     *
     * @param failure what the caller's future would complete with
     * @param staleAnswer the expired cache entry for the same request, or null
     * @param calls the alternative calls, whose results are the method's futures
     * @return a future of the answer, or completed with {@code failure} when no fallback could answer
     */
    public CompletableFuture<Object> answerAsync(Throwable failure, Object staleAnswer, AlternativeCalls calls) {
        return answerAsync(failure, staleAnswer, calls, kind -> { });
    }

    /**
     * Answers an asynchronous call that failed; see {@link #answerAsync(Throwable, Object, AlternativeCalls)}.
     *
     * @param failure what the caller's future would complete with
     * @param staleAnswer the expired cache entry for the same request, or null
     * @param calls the alternative calls, whose results are the method's futures
     * @param onAnswered told the kind of the fallback that answered, if one does
     * @return a future of the answer, or completed with {@code failure} when no fallback could answer
     */
    public CompletableFuture<Object> answerAsync(Throwable failure, Object staleAnswer, AlternativeCalls calls,
            Consumer<String> onAnswered) {
        CompletableFuture<Object> answer = CompletableFuture.failedFuture(failure);
        if (!answersFor.test(failure)) return answer;
        for (NamedStep step : steps) {
            answer = answer.exceptionallyCompose(previous -> {
                if (previous != failure) notAnswered(step.kind(), previous);
                return attemptAsync(step, staleAnswer, calls).thenApply(value -> {
                    answered(step.kind(), failure);
                    onAnswered.accept(step.kind());
                    return value;
                });
            });
        }
        // the caller gets the original failure, not the last fallback's
        return answer.exceptionallyCompose(last -> {
            if (last != failure) notAnswered(steps.get(steps.size() - 1).kind(), last);
            return CompletableFuture.failedFuture(failure);
        });
    }

    @SuppressWarnings("unchecked")
    private static CompletionStage<Object> attemptAsync(NamedStep step, Object staleAnswer, AlternativeCalls calls) {
        try {
            Object answer = step.step().answer(staleAnswer, calls);
            // an alternative call returns the method's future; a stale entry or a value is the answer itself
            return answer instanceof CompletionStage<?> stage ? (CompletionStage<Object>) stage
                    : CompletableFuture.completedFuture(answer);
        } catch (Throwable failed) {
            return CompletableFuture.failedFuture(failed);
        }
    }

    private FallbackAnswer answered(String kind, Throwable failure) {
        counters.recordFallback();
        AgentLog.debug(() -> owner + ": fallback '" + kind + "' answered for " + failure);
        return new FallbackAnswer(owner, kind, failure.getClass().getName() + ": " + failure.getMessage());
    }

    private void notAnswered(String kind, Throwable why) {
        AgentLog.debug(() -> owner + ": fallback '" + kind + "' could not answer: " + why);
    }

    /** @return whether any fallback is left after checking the method's return type */
    public boolean isEmpty() {
        return steps.isEmpty();
    }
}
