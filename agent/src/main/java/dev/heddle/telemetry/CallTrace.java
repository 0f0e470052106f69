package dev.heddle.telemetry;

import static dev.heddle.telemetry.GenAiAttributes.*;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * What is known of one woven call as it goes through the pipeline, and its span. The pipeline's
 * stages fill it in on the caller's thread (the cache's result, the quota's decision, each
 * attempt) and the call's end, on whichever thread completes it, ends the span and records the
 * GenAI metrics. One call, one trace; not shared between calls.
 *
 * <p>A preset's call is a {@code CLIENT} span named {@code "{operation} {model}"} with the GenAI
 * attributes; any other woven method is an {@code INTERNAL} span named after its class and method,
 * whose nested preset call is then its child. When the OpenTelemetry Java agent instruments the
 * SDK too, a preset's span is {@code INTERNAL} and carries only Heddle's attributes, and the GenAI
 * metrics are left to that agent, so that no call is counted twice.
 */
public final class CallTrace {

    private final Telemetry telemetry;
    private final long startNanos = System.nanoTime();
    private final boolean genAi;
    private final Span span;
    private Scope scope;

    private String provider;
    private String operation;
    private String requestModel;
    private String cacheResult;
    private Double similarity;
    private double savedUsd;
    private String quotaDecision;
    private int attempts;
    private String circuitState;
    private String fallback;
    private boolean reachedProvider;
    private long[] chunkArrivals;
    private CompletionStage<Object> laterEnd;
    private final Map<String, String> variants = new LinkedHashMap<>();

    private CallTrace(Telemetry telemetry, Span span, boolean genAi) {
        this.telemetry = telemetry;
        this.span = span;
        this.genAi = genAi;
    }

    /**
     * Starts the span of a call, as a child of Heddle's current span, else of the app's.
     *
     * @param telemetry the SDK; null for a call traced only for analytics
     * @param wovenType the class whose method is called (its loader tells the app's current span)
     * @param rule the rule, or annotation owner, that applies
     * @param method the method's name, for an {@code INTERNAL} span's name
     * @param provider the preset's {@code gen_ai.provider.name}, or null for a method without preset
     * @param operation the preset's {@code gen_ai.operation.name}, or null
     * @param requestModel the model the request asks for, or null
     * @return the trace
     */
    public static CallTrace start(Telemetry telemetry, Class<?> wovenType, String rule, String method, String provider,
            String operation, String requestModel) {
        boolean genAi = provider != null && !OpenTelemetryJavaAgent.isPresent();
        Span span = Span.getInvalid();
        if (telemetry != null) {
            String name = genAi ? operation + (requestModel == null ? "" : " " + requestModel)
                    : wovenType.getSimpleName() + "." + method;
            SpanBuilder builder = telemetry.tracer().spanBuilder(name)
                    .setSpanKind(genAi ? SpanKind.CLIENT : SpanKind.INTERNAL)
                    .setAttribute(RULE, rule);
            if (genAi) {
                builder.setAttribute(OPERATION_NAME, operation).setAttribute(PROVIDER_NAME, provider);
                if (requestModel != null) builder.setAttribute(REQUEST_MODEL, requestModel);
            }
            Span current = Span.current();
            if (!current.getSpanContext().isValid()) {
                AppSpanContext.current(wovenType)
                        .ifPresent(parent -> builder.setParent(Context.root().with(Span.wrap(parent))));
            }
            span = builder.startSpan();
        }
        CallTrace trace = new CallTrace(telemetry, span, genAi);
        trace.provider = provider;
        trace.operation = operation;
        trace.requestModel = requestModel;
        return trace;
    }

    /** Makes the span current on this thread, so that woven calls nested in this one are its children. */
    public void enterScope() {
        if (span.getSpanContext().isValid()) scope = span.makeCurrent();
    }

    /** Leaves the span's scope on this thread; the span itself ends with {@link #end}. */
    public void leaveScope() {
        if (scope != null) {
            scope.close();
            scope = null;
        }
    }

    /** @param user the user the call is made for */
    public void user(String user) {
        if (user != null) span.setAttribute(USER_ID, user);
    }

    /** @param session the session the call belongs to */
    public void session(String session) {
        if (session != null) span.setAttribute(SESSION_ID, session);
    }

    /** @return whether the call has a span: only then are span-only facts, such as the conversation, worth reading */
    public boolean recordsSpan() {
        return span.getSpanContext().isValid();
    }

    /** @param conversation the conversation the call belongs to */
    public void conversation(String conversation) {
        if (conversation != null) span.setAttribute(CONVERSATION_ID, conversation);
    }

    /**
     * @param experiment an experiment the user is in
     * @param variant the user's variant of it
     */
    public void variant(String experiment, String variant) {
        variants.put(experiment, variant);
        span.setAttribute(variantOf(experiment), variant);
    }

    /** @param model the model the call asks for once a variant changed it */
    public void requestModel(String model) {
        requestModel = model;
        if (genAi) span.setAttribute(REQUEST_MODEL, model);
    }

    /**
     * @param result {@code miss}, {@code hit} or {@code semantic_hit}
     * @param similarity the similarity of a semantic hit, else null
     */
    public void cache(String result, Double similarity) {
        this.cacheResult = result;
        this.similarity = similarity;
    }

    /** @param dollars what a cache hit saved, at list price */
    public void saved(double dollars) {
        this.savedUsd = dollars;
    }

    /** @param decision {@code allowed}, {@code rejected} or {@code waited} */
    public void quota(String decision) {
        this.quotaDecision = decision;
    }

    /** One more attempt of the original method: the call reached the provider. */
    public void attempt() {
        attempts++;
        reachedProvider = true;
    }

    /** @param state the circuit's state after the call: {@code closed}, {@code open} or {@code half_open} */
    public void circuit(String state) {
        this.circuitState = state;
    }

    /** @param kind what answered instead of the method: {@code stale}, {@code model}, {@code method} or {@code value} */
    public void fallback(String kind) {
        this.fallback = kind;
    }

    /** @return whether prompts and answers go on the span ({@code captureContent: true}); off by default */
    public boolean capturesContent() {
        return telemetry != null && telemetry.config().captureContent();
    }

    /** @param text the request's text, recorded only when content capture is on */
    public void input(String text) {
        if (text != null && capturesContent()) span.setAttribute(INPUT_MESSAGES, text);
    }

    /** @return the cache's result: {@code miss}, {@code hit}, {@code semantic_hit}, or null without a cache */
    public String cacheResult() {
        return cacheResult;
    }

    /** @return the similarity of a semantic hit, or null */
    public Double similarity() {
        return similarity;
    }

    /** @return what a hit saved, in dollars */
    public double savedUsd() {
        return savedUsd;
    }

    /** @return the experiments the user is in, experiment to variant */
    public Map<String, String> variants() {
        return variants;
    }

    /** @return the model asked for, or null */
    public String requestModel() {
        return requestModel;
    }

    /** @return the attempts of the original method so far */
    public int attempts() {
        return attempts;
    }

    /** @return the fallback that answered, or null */
    public String fallbackKind() {
        return fallback;
    }

    /** @return the quota's decision, or null without a quota */
    public String quotaDecision() {
        return quotaDecision;
    }

    /**
     * A streamed call: when each of its chunks arrived, for the time to first chunk and the time per
     * output chunk.
     *
     * @param arrivals {@link System#nanoTime()} of each chunk, in order
     */
    public void chunks(long[] arrivals) {
        chunkArrivals = arrivals.clone();
    }

    /**
     * A call whose answer is still on its way when the method returns (a stream): its span and
     * metrics end when this completes, with its value (the recording) or its failure.
     *
     * @param end completes when the call is over
     */
    public void endsWith(CompletionStage<Object> end) {
        laterEnd = end;
    }

    /** @return what ends the call later, or null when the call ends as its method returns */
    public CompletionStage<Object> laterEnd() {
        return laterEnd;
    }

    /** @return nanoseconds since the call entered the pipeline */
    public long elapsedNanos() {
        return System.nanoTime() - startNanos;
    }

    /**
     * Ends the span and records the GenAI metrics of a call that reached the provider.
     *
     * @param failure what the app saw thrown, or null
     * @param inputTokens the input tokens the call used, or -1 when unknown
     * @param outputTokens the output tokens the call used, or -1 when unknown
     * @param responseId the response's id, or null
     * @param responseModel the model that answered, or null
     * @param finishReasons why the generations stopped
     * @param outputText the answer's text, recorded only when content capture is on; may be null
     */
    public void end(Throwable failure, long inputTokens, long outputTokens, String responseId,
            String responseModel, List<String> finishReasons, String outputText) {
        long elapsed = elapsedNanos();
        if (telemetry == null) return;
        if (cacheResult != null) span.setAttribute(CACHE_RESULT, cacheResult);
        if (similarity != null) span.setAttribute(CACHE_SIMILARITY, similarity);
        if (savedUsd > 0) span.setAttribute(CACHE_SAVED_COST_USD, savedUsd);
        if (quotaDecision != null) span.setAttribute(QUOTA_DECISION, quotaDecision);
        if (attempts > 0) span.setAttribute(RETRY_ATTEMPTS, (long) attempts);
        if (circuitState != null) span.setAttribute(CIRCUIT_STATE, circuitState);
        if (fallback != null) span.setAttribute(FALLBACK, fallback);
        if (genAi) {
            if (responseId != null) span.setAttribute(RESPONSE_ID, responseId);
            if (responseModel != null) span.setAttribute(RESPONSE_MODEL, responseModel);
            if (finishReasons != null && !finishReasons.isEmpty()) span.setAttribute(RESPONSE_FINISH_REASONS, finishReasons);
            if (inputTokens >= 0) span.setAttribute(USAGE_INPUT_TOKENS, inputTokens);
            if (outputTokens >= 0) span.setAttribute(USAGE_OUTPUT_TOKENS, outputTokens);
        }
        if (outputText != null && capturesContent()) span.setAttribute(OUTPUT_MESSAGES, outputText);
        String errorType = failure == null ? null : failure.getClass().getName();
        if (errorType != null) {
            span.setAttribute(ERROR_TYPE, errorType);
            span.setStatus(StatusCode.ERROR, failure.getClass().getSimpleName());
        }
        span.end();
        if (genAi && reachedProvider) {
            AttributesBuilder metric = Attributes.builder().put(OPERATION_NAME, operation).put(PROVIDER_NAME, provider);
            if (requestModel != null) metric.put(REQUEST_MODEL, requestModel);
            if (responseModel != null) metric.put(RESPONSE_MODEL, responseModel);
            Attributes tokenAttributes = metric.build();
            if (errorType != null) metric.put(ERROR_TYPE, errorType);
            Attributes durationAttributes = metric.build();
            telemetry.duration().record(elapsed / 1e9, durationAttributes);
            if (chunkArrivals != null && chunkArrivals.length > 0) {
                telemetry.timeToFirstChunk().record((chunkArrivals[0] - startNanos) / 1e9, durationAttributes);
                for (int i = 1; i < chunkArrivals.length; i++) {
                    telemetry.timePerOutputChunk().record((chunkArrivals[i] - chunkArrivals[i - 1]) / 1e9, durationAttributes);
                }
            }
            if (inputTokens >= 0) telemetry.tokens().record(inputTokens, tokenAttributes.toBuilder().put(TOKEN_TYPE, INPUT).build());
            if (outputTokens >= 0) telemetry.tokens().record(outputTokens, tokenAttributes.toBuilder().put(TOKEN_TYPE, OUTPUT).build());
        }
    }
}
