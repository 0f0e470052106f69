package dev.heddle.http;

import dev.heddle.config.HttpConfig;
import dev.heddle.config.QuotaConfig;
import dev.heddle.pipeline.Registry;
import dev.heddle.quota.QuotaPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code http:} section of one configuration, ready to serve requests: each route's pattern, its
 * quota over the registry's counters and its page cache, and the identity sources. Built again when
 * the section or the quotas change; pages cached under an earlier section are dropped then, and kept
 * across a reload that changed neither.
 */
final class EdgeRoutes {

    private static final Set<String> CACHED_METHODS = Set.of("GET", "HEAD");

    /** One route, ready. */
    record EdgeRoute(HttpConfig.Route settings, RoutePattern pattern, QuotaPolicy quota, PageCache cache) {

        boolean matches(String method, String path) {
            return (settings.methods().isEmpty() || settings.methods().contains(method)) && pattern.matches(path);
        }

        /** @return the page cache, for a GET or HEAD on a route that has one */
        Optional<PageCache> cacheFor(String method) {
            return cache != null && CACHED_METHODS.contains(method) ? Optional.of(cache) : Optional.empty();
        }
    }

    private final HttpConfig http;
    private final Map<String, QuotaConfig> quotas;
    private final RequestIdentity identity;
    private final List<EdgeRoute> routes;

    private EdgeRoutes(HttpConfig http, Map<String, QuotaConfig> quotas, Registry registry) {
        this.http = http;
        this.quotas = quotas;
        this.identity = new RequestIdentity(http.user());
        List<EdgeRoute> ready = new ArrayList<>();
        for (HttpConfig.Route route : http.routes()) {
            QuotaPolicy quota = route.quota().map(quotas::get).map(settings -> registry.edgeQuota(route.path(), settings))
                    .orElse(null);
            ready.add(new EdgeRoute(route, RoutePattern.of(route.path()), quota, route.cache().map(PageCache::new).orElse(null)));
        }
        this.routes = List.copyOf(ready);
    }

    /**
     * @param http the section
     * @param quotas the configuration's quotas, which routes name
     * @param registry where the quotas' counters are
     * @return the routes, ready
     */
    static EdgeRoutes of(HttpConfig http, Map<String, QuotaConfig> quotas, Registry registry) {
        return new EdgeRoutes(http, quotas, registry);
    }

    /** @return whether these routes were built from this section and these quotas */
    boolean builtFrom(HttpConfig section, Map<String, QuotaConfig> quotaSettings) {
        return http.equals(section) && quotas.equals(quotaSettings);
    }

    RequestIdentity identity() {
        return identity;
    }

    /**
     * @param method the request's method
     * @param path its path
     * @return the first route that covers it, or null
     */
    EdgeRoute match(String method, String path) {
        for (EdgeRoute route : routes) {
            if (route.matches(method, path)) return route;
        }
        return null;
    }
}
