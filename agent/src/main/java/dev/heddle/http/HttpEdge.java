package dev.heddle.http;

import dev.heddle.api.QuotaExceededException;
import dev.heddle.api.QuotaState;
import dev.heddle.bootstrap.AgentLog;
import dev.heddle.bootstrap.EdgeDispatcher;
import dev.heddle.bootstrap.EdgeHandler;
import dev.heddle.config.HeddleConfig;
import dev.heddle.config.HttpConfig;
import dev.heddle.identity.CallContext;
import dev.heddle.identity.RequestUser;
import dev.heddle.pipeline.Registry;
import dev.heddle.telemetry.RequestSpan;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What Heddle does around a servlet for the routes of the {@code http:} section (see
 * {@code docs/http.md}): finds the request's user, who becomes the user of the LLM calls made while
 * serving it; charges the route's quota and answers {@code 429} when it refuses, else adds the
 * rate-limit headers; answers a GET from the route's page cache ({@code X-Cache: HIT}) or records the
 * page the servlet writes ({@code X-Cache: MISS}); makes the request the parent span of its LLM
 * calls; writes the route's analytics event. A request on no route, a forward, an include or an error
 * page is served untouched.
 */
public final class HttpEdge implements EdgeHandler {

    /** The request attribute that marks a request the edge handled, so that a nested servlet call leaves it alone. */
    static final String HANDLED = "dev.heddle.http.handled";
    static final String X_CACHE = "X-Cache";

    private final Registry registry;
    private volatile RoutesOfConfig routes;

    /** @param registry the configuration in force and the counters the quotas share with LLM calls */
    public HttpEdge(Registry registry) {
        this.registry = registry;
    }

    @Override
    public Object enter(Class<?> servletApi, Object request, Object response) {
        HeddleConfig config = registry.config();
        Optional<HttpConfig> http = config.http();
        if (http.isEmpty()) return null;
        Optional<ServletApi> found = ServletApi.of(servletApi);
        if (found.isEmpty()) return null;
        ServletApi api = found.get();
        if (!api.isHttp(request, response) || !api.isClientDispatch(request)) return null;
        String method = api.method(request);
        String path = api.path(request);
        EdgeRoutes table = routes(http.get(), config);
        EdgeRoutes.EdgeRoute route = table.match(method, path);
        if (route == null || api.attribute(request, HANDLED) != null) return null;
        api.attribute(request, HANDLED, Boolean.TRUE);
        long start = System.nanoTime();
        String user = table.identity().userOf(api, request);
        RequestSpan span = RequestSpan.start(registry.telemetryInUse(), servletApi, method, route.settings().path(), path);
        EdgeExchange exchange = new EdgeExchange(api, route, servletApi, request, response, method, path, user, start, span);
        try {
            return admit(exchange);
        } catch (IOException clientGone) {
            // the answer was being written when the client went away: there is nothing left to serve
            span.end(api.status(response), exchange.cacheResult, clientGone);
            return EdgeDispatcher.ANSWERED;
        } catch (RuntimeException | Error internalError) {
            span.end(500, exchange.cacheResult, internalError);
            throw internalError;
        }
    }

    /** The quota, then the cache; the servlet runs only when neither answered. */
    private Object admit(EdgeExchange exchange) throws IOException {
        ServletApi api = exchange.api;
        if (exchange.route.quota() != null) {
            try {
                QuotaState state = exchange.route.quota().admitRequest(exchange.user, exchange.servletApi);
                RateLimitHeaders.admitted(api, exchange.response, state);
            } catch (QuotaExceededException refused) {
                RateLimitHeaders.refused(api, exchange.response, refused.state());
                exchange.span.end(RateLimitHeaders.TOO_MANY_REQUESTS, null, null);
                return EdgeDispatcher.ANSWERED;
            }
        }
        Optional<PageCache> cache = exchange.route.cacheFor(exchange.method);
        if (cache.isPresent()) {
            PageKey key = cache.get().keyOf(api, exchange.request, exchange.path, exchange.user);
            Optional<StoredPage> page = cache.get().get(key);
            if (page.isPresent()) {
                exchange.cacheResult = "hit";
                api.setHeader(exchange.response, X_CACHE, "HIT");
                writePage(api, exchange.response, page.get(), exchange.method.equals("HEAD"));
                ended(exchange, page.get().status(), null);
                return EdgeDispatcher.ANSWERED;
            }
            exchange.cacheResult = "miss";
            api.setHeader(exchange.response, X_CACHE, "MISS");
            if (exchange.method.equals("GET")) {
                exchange.pageKey = key;
                exchange.recording = new BodyRecording(cache.get().settings().maxBodyBytes());
            }
        }
        exchange.span.enterScope();
        exchange.previousUser = RequestUser.enter(exchange.user);
        return exchange;
    }

    @Override
    public Object response(Object token, Object response) {
        EdgeExchange exchange = (EdgeExchange) token;
        if (exchange.recording == null) return response;
        Optional<Object> recording = ResponseCapture.recording(exchange.api, response, exchange.recording);
        if (recording.isEmpty()) exchange.recording = null;
        return recording.orElse(response);
    }

    @Override
    public void exit(Object token, Throwable thrown) {
        EdgeExchange exchange = (EdgeExchange) token;
        RequestUser.restore(exchange.previousUser);
        exchange.span.leaveScope();
        ServletApi api = exchange.api;
        int status = thrown != null ? 500 : api.status(exchange.response);
        if (exchange.recording != null && thrown == null) store(exchange, status);
        ended(exchange, status, thrown);
    }

    private static void store(EdgeExchange exchange, int status) {
        ServletApi api = exchange.api;
        if (api.isAsyncStarted(exchange.request)) {
            AgentLog.debug(() -> "http: " + exchange.path + " not cached: the servlet answers asynchronously");
            return;
        }
        Optional<String> refusal = exchange.route.cache().offer(exchange.pageKey, status, api.contentType(exchange.response),
                api.headers(exchange.response), exchange.recording.body(api.characterEncoding(exchange.response)));
        refusal.ifPresent(why -> AgentLog.debug(() -> "http: " + exchange.path + " not cached: " + why));
    }

    /** The span ends; the route's event is written for a request the app (or the cache) served. */
    private void ended(EdgeExchange exchange, int status, Throwable thrown) {
        exchange.span.end(status, exchange.cacheResult, thrown);
        Optional<String> event = exchange.route.settings().event();
        if (event.isEmpty()) return;
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("http.request.method", exchange.method);
        properties.put("http.route", exchange.route.settings().path());
        properties.put("url.path", exchange.path);
        properties.put("http.response.status_code", status);
        if (exchange.cacheResult != null) properties.put("heddle.http.cache", exchange.cacheResult);
        properties.put("latency_ms", (System.nanoTime() - exchange.startNanos) / 1_000_000.0);
        String session = CallContext.sessionOf(exchange.servletApi).orElse(null);
        registry.emitAppEvent(event.get(), exchange.user, session, properties);
    }

    private static void writePage(ServletApi api, Object response, StoredPage page, boolean headOnly) throws IOException {
        api.status(response, page.status());
        for (String[] header : page.headers()) api.addHeader(response, header[0], header[1]);
        if (page.contentType() != null) api.contentType(response, page.contentType());
        api.contentLength(response, page.body().length);
        if (!headOnly) ServletApi.write(api.outputStream(response), page.body());
    }

    /**
     * The routes of the configuration in force: the same as long as the configuration object is (one
     * reference comparison per request); after a reload, rebuilt only when the section or the quotas
     * changed, so that an unrelated change keeps the cached pages.
     */
    private EdgeRoutes routes(HttpConfig http, HeddleConfig config) {
        RoutesOfConfig current = routes;
        if (current != null && current.config() == config) return current.routes();
        synchronized (this) {
            current = routes;
            if (current == null || current.config() != config) {
                EdgeRoutes kept = current == null ? null : current.routes();
                EdgeRoutes ready = kept != null && kept.builtFrom(http, config.quotas()) ? kept
                        : EdgeRoutes.of(http, config.quotas(), registry);
                current = new RoutesOfConfig(config, ready);
                routes = current;
            }
            return current.routes();
        }
    }

    /** The routes and the configuration object they serve. */
    private record RoutesOfConfig(HeddleConfig config, EdgeRoutes routes) {
    }
}
