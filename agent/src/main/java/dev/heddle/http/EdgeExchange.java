package dev.heddle.http;

import dev.heddle.telemetry.RequestSpan;

/**
 * One request on a route of the {@code http:} section, from the moment Heddle let it through to the
 * servlet until the servlet returned: the token the woven code hands back. Used by one thread.
 */
final class EdgeExchange {

    final ServletApi api;
    final EdgeRoutes.EdgeRoute route;
    final Class<?> servletApi;
    final Object request;
    final Object response;
    final String method;
    final String path;
    final String user;
    final long startNanos;
    final RequestSpan span;
    /** {@code hit}, {@code miss}, or null on a route or method without a cache. */
    String cacheResult;
    /** The page's key and the recording of its body, for a GET that missed the cache. */
    PageKey pageKey;
    BodyRecording recording;
    /** The user this thread served before the request, restored when it ends. */
    String previousUser;

    EdgeExchange(ServletApi api, EdgeRoutes.EdgeRoute route, Class<?> servletApi, Object request, Object response,
            String method, String path, String user, long startNanos, RequestSpan span) {
        this.api = api;
        this.route = route;
        this.servletApi = servletApi;
        this.request = request;
        this.response = response;
        this.method = method;
        this.path = path;
        this.user = user;
        this.startNanos = startNanos;
        this.span = span;
    }
}
