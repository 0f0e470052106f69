package dev.heddle.pipeline;

import dev.heddle.analytics.AnalyticsEvent;
import dev.heddle.api.QuotaExceededException;
import dev.heddle.bootstrap.AgentLog;
import dev.heddle.bootstrap.Answer;
import dev.heddle.experiment.Assignment;
import dev.heddle.identity.CallContext;
import dev.heddle.identity.UserResolver;
import dev.heddle.preset.Preset;
import dev.heddle.preset.ResponseFacts;
import dev.heddle.preset.TokenUsage;
import dev.heddle.stream.RecordedStream;
import dev.heddle.telemetry.CallTrace;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The first and last stage of a tracked call (track.start and track.end of the architecture
 * brief): who calls and in which session, the user's experiment variants (which may change the
 * call's policy or model), a span around the other stages, and at the end the span's outcome, the
 * GenAI metrics and the analytics events. Everything here fails open: an internal error leaves
 * the call untracked, never broken.
 */
final class CallTracking {

    /** The response id of the last tracked blocking call on this thread, for {@code Heddle.feedback}. */
    private static final ThreadLocal<String> LAST_RESPONSE_ID = new ThreadLocal<>();

    private CallTracking() {
    }

    /**
     * The token of a tracked call whose body runs.
     *
     * @param inner the pipeline's own token, or null when the body runs untouched
     * @param call what the end of the call needs
     */
    record Traced(Object inner, Call call) {
    }

    /** What tracking knows of a call between its start and its end. */
    record Call(Tracking tracking, MethodPolicy policy, boolean async, Instant start, String user, String session,
            CallTrace trace, Object self, Object[] arguments) {
    }

    static Object enter(CallPipeline pipeline, Tracking tracking, MethodPolicy policy, WovenMethod woven, Class<?> type,
            String method, Object self, Object[] arguments) {
        Call call;
        MethodPolicy effective = policy;
        Object[] callArguments = arguments;
        try {
            Instant start = Instant.now();
            String user = userOf(policy.identity(), type, self, arguments);
            String session = CallContext.sessionOf(type).orElse(null);
            List<Assignment> assignments = tracking.experiments().assign(policy.owner(), user, session, tracking::tierOf);
            String model = null;
            for (Assignment assignment : assignments) {
                MethodPolicy variant = policy.variants().get(MethodPolicy.variantKey(assignment.experiment().name(),
                        assignment.variant().name()));
                if (variant != null) effective = variant;
                Optional<String> variantModel = assignment.variant().model();
                if (variantModel.isPresent() && effective.preset() != null) {
                    callArguments = effective.preset().withModel(self, callArguments, variantModel.get());
                    model = variantModel.get();
                }
            }
            Preset preset = effective.preset();
            if (preset != null && model == null) model = modelOf(preset, self, callArguments);
            FaultInjection.at("tracking.span");
            CallTrace trace = CallTrace.start(tracking.telemetry(), type, effective.owner(), WovenMethod.nameOf(method),
                    preset == null ? null : preset.provider(self), preset == null ? null : preset.operation(), model);
            trace.user(user);
            trace.session(session);
            if (trace.recordsSpan()) trace.conversation(CallContext.conversationOf(type).orElse(null));
            for (Assignment assignment : assignments) trace.variant(assignment.experiment().name(), assignment.variant().name());
            if (preset != null && trace.capturesContent()) {
                Object[] asked = callArguments;
                trace.input(content(() -> preset.cacheKey(self, asked)));
            }
            call = new Call(tracking, effective, woven.async(), start, user, session, trace, self, callArguments);
        } catch (RuntimeException | LinkageError internalError) {
            AgentLog.internalError("pipeline.trackStart", internalError);
            return pipeline.run(policy, woven, type, method, self, arguments, null, false);
        }
        call.trace().enterScope();
        Object token;
        try {
            token = pipeline.run(effective, woven, type, method, self, callArguments, call.trace(), callArguments != arguments);
        } catch (RuntimeException | Error internalError) {
            call.trace().leaveScope();
            throw internalError;
        }
        if (token instanceof Answer answer) {
            call.trace().leaveScope();
            if (answer.failure() != null) {
                endSafely(call, null, answer.failure());
            } else {
                ended(call, answer.value(), null);
            }
            return answer;
        }
        return new Traced(token, call);
    }

    static Object exit(CallPipeline pipeline, Traced traced, Object returned, Throwable thrown) {
        Call call = traced.call();
        Object result = returned;
        try {
            result = traced.inner() == null ? returned : pipeline.exitUntraced(traced.inner(), returned, thrown);
        } finally {
            call.trace().leaveScope();
        }
        call.trace().attempt();
        ended(call, result, thrown);
        return result;
    }

    /** Ends the call now, or when an asynchronous call's future completes. */
    private static void ended(Call call, Object value, Throwable thrown) {
        CompletionStage<Object> later = thrown == null ? call.trace().laterEnd() : null;
        if (later != null) {
            // a stream: over when its last chunk is read, with the recording as its value
            later.whenComplete((recorded, failure) -> endSafely(call, recorded,
                    failure != null ? failure : recorded instanceof RecordedStream stream ? stream.failure() : null));
        } else if (thrown == null && call.async() && value instanceof CompletionStage<?> stage) {
            stage.whenComplete((completed, failure) -> endSafely(call, completed, unwrapped(failure)));
        } else {
            endSafely(call, value, thrown);
        }
    }

    private static void endSafely(Call call, Object value, Throwable failure) {
        try {
            end(call, value, failure);
        } catch (RuntimeException | LinkageError internalError) {
            AgentLog.internalError("pipeline.trackEnd", internalError);
        }
    }

    private static void end(Call call, Object value, Throwable failure) {
        MethodPolicy policy = call.policy();
        CallTrace trace = call.trace();
        Preset preset = policy.preset();
        boolean hit = "hit".equals(trace.cacheResult()) || "semantic_hit".equals(trace.cacheResult());
        boolean fromProvider = failure == null && !hit && trace.fallbackKind() == null && value != null && preset != null;
        Optional<TokenUsage> usage = fromProvider ? usageOf(preset, value) : Optional.empty();
        ResponseFacts facts = fromProvider ? preset.responseFacts(value) : ResponseFacts.NONE;
        long input = usage.map(TokenUsage::inputTokens).orElse(-1L);
        long output = usage.map(TokenUsage::outputTokens).orElse(-1L);
        // a hit's span tells no usage, as no provider answered it; its analytics event says it spent no tokens
        String outputText = preset != null && value != null && failure == null && trace.capturesContent()
                ? content(() -> preset.outputText(value)) : null;
        trace.end(failure, input, output, facts.id().orElse(null), facts.model().orElse(null), facts.finishReasons(), outputText);
        long eventInput = hit ? 0L : input;
        long eventOutput = hit ? 0L : output;
        if (!call.async()) {
            if (facts.id().isPresent()) {
                LAST_RESPONSE_ID.set(facts.id().get());
            } else {
                LAST_RESPONSE_ID.remove();
            }
        }
        Tracking tracking = call.tracking();
        if (!tracking.writesEvents()) return;
        double latencyMs = trace.elapsedNanos() / 1e6;
        if (isModelCall(policy)) {
            Double cost = usage.map(known -> new Accounting(policy, call.self(), call.arguments()).cost(known)).orElse(hit ? 0.0 : null);
            tracking.emit(new AnalyticsEvent(call.start(), AnalyticsEvent.LLM_CALL, call.user(), call.session(), policy.owner(),
                    trace.requestModel(), trace.variants(), policy.cache() == null ? "none" : trace.cacheResult(),
                    trace.similarity(), eventInput < 0 ? null : eventInput, eventOutput < 0 ? null : eventOutput, cost,
                    hit ? trace.savedUsd() : null, latencyMs, outcome(trace, failure),
                    failure == null ? null : failure.getClass().getName(), Map.of()));
        }
        TrackPlan track = policy.track();
        if (track != null) {
            tracking.emit(new AnalyticsEvent(call.start(), track.event(), call.user(), call.session(), policy.owner(), null,
                    trace.variants(), null, null, null, null, null, null, latencyMs, outcome(trace, failure),
                    failure == null ? null : failure.getClass().getName(), track.propertiesOf(call.arguments(), value)));
        }
    }

    /**
     * @return whether the method is a call of a model: anything a rule or annotation weaves for
     *     more than its app event (a method woven only to track it, {@code @Tracked} or a rule with
     *     only {@code track:}, is not)
     */
    private static boolean isModelCall(MethodPolicy policy) {
        return policy.track() == null || policy.cache() != null || policy.preset() != null || policy.resilience() != null
                || policy.fallback() != null || policy.quota() != null;
    }

    private static String outcome(CallTrace trace, Throwable failure) {
        if (failure instanceof QuotaExceededException) return "rejected";
        if (failure != null) return "error";
        return trace.fallbackKind() != null ? "fallback" : "ok";
    }

    /** @return the response id of the last tracked blocking call on this thread, when its response had one */
    static Optional<String> lastResponseId() {
        return Optional.ofNullable(LAST_RESPONSE_ID.get());
    }

    private static String userOf(UserResolver identity, Class<?> type, Object self, Object[] arguments) {
        String user = identity.userOf(type, self, arguments);
        return UserResolver.ANONYMOUS.equals(user) ? null : user;
    }

    /** A request's or an answer's text for a span, or null when the preset cannot write it. */
    private static String content(Supplier<String> text) {
        try {
            return text.get();
        } catch (RuntimeException unreadable) {
            return null;
        }
    }

    private static String modelOf(Preset preset, Object self, Object[] arguments) {
        try {
            return preset.model(self, arguments).orElse(null);
        } catch (RuntimeException unreadable) {
            return null;
        }
    }

    private static Optional<TokenUsage> usageOf(Preset preset, Object response) {
        try {
            return preset.usage(response);
        } catch (RuntimeException unreadable) {
            return Optional.empty();
        }
    }


    private static Throwable unwrapped(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
