package dev.heddle.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads {@code http:}:
 * <pre>{@code
 * http:
 *   user: [ { header: X-User-Id }, { jwtClaim: sub, unverified: true }, principal, clientAddress ]
 *   routes:
 *     - path: /api/ask/**
 *       methods: [POST]
 *       quota: per-user
 *     - path: /api/articles/*
 *       cache: { ttl: 5m, vary: [Accept-Language], maxBodyBytes: 256KB, scope: user }
 *       event: page_view
 * }</pre>
 */
final class HttpReader {

    private static final List<String> KEYS = List.of("user", "routes");
    private static final List<String> ROUTE_KEYS = List.of("path", "methods", "quota", "cache", "event");
    private static final List<String> CACHE_KEYS = List.of("ttl", "vary", "maxBodyBytes", "scope");
    private static final List<String> SCOPES = List.of("user", "global");
    private static final List<String> SOURCES = List.of("principal", "clientAddress");
    private static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
    private static final Set<String> CACHEABLE_METHODS = Set.of("GET", "HEAD");
    /** An HTTP header name: a token. */
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    /** A path pattern: segments of URL path characters, {@code *} and {@code **}. */
    private static final Pattern PATH = Pattern.compile("(/[A-Za-z0-9._~!$&'()+,;=:@%*-]*)+");
    private static final String EXPECTED_HTTP = "a mapping such as { routes: [ { path: /api/**, quota: per-user } ] }";
    private static final String EXPECTED_USER = "a list of identity sources, such as [ { header: X-User-Id }, principal, clientAddress ]";
    private static final String EXPECTED_SOURCE = "principal, clientAddress, { header: <name> } or { jwtClaim: <claim>, unverified: true|false }";
    private static final String EXPECTED_ROUTES = "a list of routes, such as [ { path: /api/ask/**, quota: per-user } ]";
    private static final String EXPECTED_ROUTE = "a mapping such as { path: /api/ask/**, quota: per-user }";
    private static final String EXPECTED_CACHE = "a mapping such as { ttl: 5m }";
    private static final String EXPECTED_PATH = "a path pattern such as /api/ask/** (* within a segment, ** across segments)";

    private final Problems problems;
    private final Scalars scalars;

    HttpReader(Problems problems, Scalars scalars) {
        this.problems = problems;
        this.scalars = scalars;
    }

    /**
     * @param quotaNames the quotas the file defines, which a route may name
     * @return the section; empty when it has problems, which are reported
     */
    Optional<HttpConfig> read(Node node, String path, List<String> quotaNames) {
        return YamlMapping.read(node, path, EXPECTED_HTTP, problems).flatMap(http -> {
            http.allowOnly(KEYS, problems);
            int before = problems.count();
            List<HttpConfig.IdentitySource> user = http.get("user").map(value -> user(value, http.pathOf("user")))
                    .orElse(HttpConfig.DEFAULT_USER);
            List<HttpConfig.Route> routes = http.get("routes").map(value -> routes(value, http.pathOf("routes"), quotaNames))
                    .orElse(List.of());
            if (http.get("routes").isEmpty()) {
                problems.report(http.node(), path, "'routes' is required: the paths Heddle acts on, such as"
                        + " routes: [ { path: /api/ask/**, quota: per-user } ]");
            }
            return problems.count() == before ? Optional.of(new HttpConfig(user, routes)) : Optional.empty();
        });
    }

    private List<HttpConfig.IdentitySource> user(Node node, String path) {
        List<HttpConfig.IdentitySource> sources = new ArrayList<>();
        if (!(node instanceof SequenceNode sequence) || sequence.getValue().isEmpty()) {
            problems.report(node, path, "expected " + EXPECTED_USER + ", but found " + Nodes.describe(node));
            return sources;
        }
        for (int i = 0; i < sequence.getValue().size(); i++) {
            source(sequence.getValue().get(i), path + "[" + i + "]").ifPresent(sources::add);
        }
        return sources;
    }

    private Optional<HttpConfig.IdentitySource> source(Node node, String path) {
        if (node instanceof ScalarNode scalar) {
            String name = scalar.getValue();
            if (name.equals("principal")) return Optional.of(new HttpConfig.Principal());
            if (name.equals("clientAddress")) return Optional.of(new HttpConfig.ClientAddress());
            problems.report(node, path, "unknown identity source '" + name + "'; expected " + EXPECTED_SOURCE
                    + "; " + Suggestions.hint(name, SOURCES));
            return Optional.empty();
        }
        return YamlMapping.read(node, path, EXPECTED_SOURCE, problems).flatMap(source -> {
            if (source.get("header").isPresent()) {
                source.allowOnly(List.of("header"), problems);
                return headerName(source.get("header").get(), source.pathOf("header")).map(HttpConfig.Header::new);
            }
            if (source.get("jwtClaim").isPresent()) {
                source.allowOnly(List.of("jwtClaim", "unverified"), problems);
                Optional<String> claim = scalars.name(source.get("jwtClaim").get(), source.pathOf("jwtClaim"), "a claim such as sub");
                boolean unverified = source.get("unverified").flatMap(value -> scalars.bool(value, source.pathOf("unverified")))
                        .orElse(false);
                return claim.map(name -> new HttpConfig.JwtClaim(name, unverified));
            }
            problems.report(node, path, "expected " + EXPECTED_SOURCE + ", but found " + Nodes.describe(node));
            return Optional.empty();
        });
    }

    private Optional<String> headerName(Node node, String path) {
        return scalars.name(node, path, "a header name such as X-User-Id").flatMap(name -> {
            if (HEADER_NAME.matcher(name).matches()) return Optional.of(name);
            problems.report(node, path, "'" + name + "' is not an HTTP header name (letters, digits and -)");
            return Optional.empty();
        });
    }

    private List<HttpConfig.Route> routes(Node node, String path, List<String> quotaNames) {
        List<HttpConfig.Route> routes = new ArrayList<>();
        if (!(node instanceof SequenceNode sequence)) {
            problems.report(node, path, "expected " + EXPECTED_ROUTES + ", but found " + Nodes.describe(node));
            return routes;
        }
        for (int i = 0; i < sequence.getValue().size(); i++) {
            route(sequence.getValue().get(i), path + "[" + i + "]", quotaNames).ifPresent(routes::add);
        }
        return routes;
    }

    private Optional<HttpConfig.Route> route(Node node, String path, List<String> quotaNames) {
        return YamlMapping.read(node, path, EXPECTED_ROUTE, problems).flatMap(route -> {
            route.allowOnly(ROUTE_KEYS, problems);
            int before = problems.count();
            Optional<String> pattern = route.get("path").flatMap(value -> pathPattern(value, route.pathOf("path")));
            if (route.get("path").isEmpty()) problems.report(node, path, "'path' is required, such as path: /api/ask/**");
            Set<String> methods = route.get("methods").map(value -> methods(value, route.pathOf("methods"))).orElse(Set.of());
            Optional<String> quota = route.get("quota").flatMap(value -> quota(value, route.pathOf("quota"), quotaNames));
            Optional<HttpConfig.ResponseCache> cache = route.get("cache").flatMap(value -> cache(value, route.pathOf("cache")));
            Optional<String> event = route.get("event").flatMap(value -> scalars.name(value, route.pathOf("event"),
                    "an analytics event name such as page_view"));
            if (route.get("quota").isEmpty() && route.get("cache").isEmpty() && route.get("event").isEmpty()) {
                problems.report(node, path, "a route needs a 'quota', a 'cache' or an 'event'; otherwise Heddle has nothing to do there");
            }
            if (route.get("cache").isPresent() && !methods.isEmpty() && !CACHEABLE_METHODS.containsAll(methods)) {
                problems.report(route.get("methods").orElse(node), route.pathOf("methods"), "only GET and HEAD responses are cached,"
                        + " but this route with a 'cache' names " + methods + "; give the other methods a route of their own");
            }
            if (problems.count() != before || pattern.isEmpty()) return Optional.empty();
            return Optional.of(new HttpConfig.Route(pattern.get(), methods, quota, cache, event));
        });
    }

    private Optional<String> pathPattern(Node node, String path) {
        return scalars.text(node, path, EXPECTED_PATH).flatMap(text -> {
            boolean wellFormed = PATH.matcher(text).matches() && !text.contains("***")
                    && java.util.Arrays.stream(text.split("/", -1)).allMatch(segment -> !segment.contains("**") || segment.equals("**"));
            if (wellFormed) return Optional.of(text);
            problems.report(node, path, "expected " + EXPECTED_PATH + ", but found '" + text + "'");
            return Optional.empty();
        });
    }

    private Set<String> methods(Node node, String path) {
        Set<String> methods = new LinkedHashSet<>();
        if (!(node instanceof SequenceNode sequence) || sequence.getValue().isEmpty()) {
            problems.report(node, path, "expected a list of HTTP methods such as [GET, POST], but found " + Nodes.describe(node));
            return methods;
        }
        for (int i = 0; i < sequence.getValue().size(); i++) {
            Node item = sequence.getValue().get(i);
            scalars.name(item, path + "[" + i + "]", "an HTTP method such as GET").ifPresent(name -> {
                String method = name.toUpperCase(Locale.ROOT);
                if (METHODS.contains(method)) {
                    methods.add(method);
                } else {
                    problems.report(item, path, "unknown HTTP method '" + name + "'; " + Suggestions.hint(method, METHODS));
                }
            });
        }
        return methods;
    }

    private Optional<String> quota(Node node, String path, List<String> quotaNames) {
        return scalars.name(node, path, "the name of a quota in 'quotas:'").flatMap(name -> {
            if (quotaNames.contains(name)) return Optional.of(name);
            problems.report(node, path, "unknown quota '" + name + "'; " + (quotaNames.isEmpty()
                    ? "the file defines no 'quotas:'" : Suggestions.hint(name, quotaNames)));
            return Optional.empty();
        });
    }

    private Optional<HttpConfig.ResponseCache> cache(Node node, String path) {
        return YamlMapping.read(node, path, EXPECTED_CACHE, problems).flatMap(cache -> {
            cache.allowOnly(CACHE_KEYS, problems);
            int before = problems.count();
            Optional<Duration> ttl = cache.get("ttl").flatMap(value -> scalars.duration(value, cache.pathOf("ttl")));
            if (cache.get("ttl").isEmpty()) problems.report(node, path, "'ttl' is required: how long a response is served, such as ttl: 5m");
            long maxBody = cache.get("maxBodyBytes").flatMap(value -> scalars.byteSize(value, cache.pathOf("maxBodyBytes")))
                    .orElse(HttpConfig.ResponseCache.DEFAULT_MAX_BODY_BYTES);
            List<String> vary = new ArrayList<>();
            cache.get("vary").ifPresent(value -> {
                if (!(value instanceof SequenceNode headers)) {
                    problems.report(value, cache.pathOf("vary"), "expected a list of header names such as [Accept-Language],"
                            + " but found " + Nodes.describe(value));
                    return;
                }
                for (int i = 0; i < headers.getValue().size(); i++) {
                    headerName(headers.getValue().get(i), cache.pathOf("vary") + "[" + i + "]").ifPresent(vary::add);
                }
            });
            Optional<String> scope = cache.get("scope").isEmpty() ? Optional.of("user")
                    : scalars.name(cache.get("scope").get(), cache.pathOf("scope"), "user or global").flatMap(name -> {
                        if (SCOPES.contains(name)) return Optional.of(name);
                        problems.report(cache.get("scope").get(), cache.pathOf("scope"), "unknown scope '" + name + "'; "
                                + Suggestions.hint(name, SCOPES));
                        return Optional.empty();
                    });
            if (problems.count() != before || ttl.isEmpty() || scope.isEmpty()) return Optional.empty();
            return Optional.of(new HttpConfig.ResponseCache(ttl.get(), maxBody, vary, scope.get().equals("user")));
        });
    }
}
