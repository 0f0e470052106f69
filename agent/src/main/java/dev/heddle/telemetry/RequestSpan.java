package dev.heddle.telemetry;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;

/**
 * The {@code SERVER} span of an HTTP request on a route of the {@code http:} section, named by the
 * HTTP semantic conventions ({@code GET /api/articles/*}): current on the serving thread, so that the
 * spans of the LLM calls the request makes are its children. With the OpenTelemetry Java agent
 * attached, that agent's own server span is the request's and Heddle makes none.
 */
public final class RequestSpan {

    static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
    static final AttributeKey<String> ROUTE = AttributeKey.stringKey("http.route");
    static final AttributeKey<String> PATH = AttributeKey.stringKey("url.path");
    static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");
    static final AttributeKey<String> CACHE = AttributeKey.stringKey("heddle.http.cache");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

    private static final RequestSpan NONE = new RequestSpan(Span.getInvalid());

    private final Span span;
    private Scope scope;

    private RequestSpan(Span span) {
        this.span = span;
    }

    /**
     * Starts the span, a child of the app's current span when it has one.
     *
     * @param telemetry Heddle's SDK, or null without {@code telemetry:}
     * @param servletApi the woven servlet class, whose loader tells the app's current span
     * @param method the request's method
     * @param route the route's path pattern
     * @param path the request's path
     * @return the span; one that records nothing without telemetry or beside the OpenTelemetry agent
     */
    public static RequestSpan start(Telemetry telemetry, Class<?> servletApi, String method, String route, String path) {
        if (telemetry == null || OpenTelemetryJavaAgent.isPresent()) return NONE;
        SpanBuilder builder = telemetry.tracer().spanBuilder(method + " " + route)
                .setSpanKind(SpanKind.SERVER)
                .setAttribute(METHOD, method)
                .setAttribute(ROUTE, route)
                .setAttribute(PATH, path);
        AppSpanContext.current(servletApi).ifPresent(parent -> builder.setParent(Context.root().with(Span.wrap(parent))));
        return new RequestSpan(builder.startSpan());
    }

    /** Makes the span current on this thread, for the LLM calls made while serving the request. */
    public void enterScope() {
        if (span.getSpanContext().isValid()) scope = span.makeCurrent();
    }

    /** Leaves the span's scope on this thread. */
    public void leaveScope() {
        if (scope != null) {
            scope.close();
            scope = null;
        }
    }

    /**
     * @param status the response's status
     * @param cache {@code hit}, {@code miss}, or null for a route without a cache
     * @param failure what the servlet threw, or null
     */
    public void end(int status, String cache, Throwable failure) {
        if (!span.getSpanContext().isValid()) return;
        span.setAttribute(STATUS, (long) status);
        if (cache != null) span.setAttribute(CACHE, cache);
        if (failure != null) {
            span.setStatus(StatusCode.ERROR);
            span.setAttribute(ERROR_TYPE, failure.getClass().getName());
            span.recordException(failure);
        } else if (status >= 500) {
            span.setStatus(StatusCode.ERROR);
            span.setAttribute(ERROR_TYPE, Integer.toString(status));
        }
        span.end();
    }
}
