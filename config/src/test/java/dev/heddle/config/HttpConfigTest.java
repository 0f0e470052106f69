package dev.heddle.config;

import static dev.heddle.config.ParseFailures.at;
import static dev.heddle.config.ParseFailures.onlyProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpConfigTest {

    private static final String QUOTAS = """
            quotas:
              per-user:
                tiers:
                  free: { requests: 10/1m }
            """;

    @Test
    void withoutHttpTheWebEdgeIsLeftAlone() throws ConfigException {
        assertThat(ConfigLoader.parse("rules: []", "heddle.yaml").http()).isEmpty();
    }

    @Test
    void routesIdentitySourcesAndTheirSettingsAreRead() throws ConfigException {
        HttpConfig http = ConfigLoader.parse(QUOTAS + """
                http:
                  user: [ { header: X-User-Id }, { jwtClaim: sub, unverified: true }, principal, clientAddress ]
                  routes:
                    - path: /api/ask/**
                      methods: [post]
                      quota: per-user
                    - path: /api/articles/*
                      cache: { ttl: 5m, vary: [Accept-Language], maxBodyBytes: 256KB, scope: global }
                """, "heddle.yaml").http().orElseThrow();

        assertThat(http.user()).containsExactly(new HttpConfig.Header("X-User-Id"), new HttpConfig.JwtClaim("sub", true),
                new HttpConfig.Principal(), new HttpConfig.ClientAddress());
        assertThat(http.routes()).containsExactly(
                new HttpConfig.Route("/api/ask/**", Set.of("POST"), Optional.of("per-user"), Optional.empty()),
                new HttpConfig.Route("/api/articles/*", Set.of(), Optional.empty(), Optional.of(
                        new HttpConfig.ResponseCache(Duration.ofMinutes(5), 256 * 1024, List.of("Accept-Language"), false))));
    }

    @Test
    void theUserIsThePrincipalElseTheClientAndAResponseIsCachedPerUserUpToOneMebibyte() throws ConfigException {
        HttpConfig http = ConfigLoader.parse("""
                http:
                  routes: [ { path: /reports/**, cache: { ttl: 1m } } ]
                """, "heddle.yaml").http().orElseThrow();

        assertThat(http.user()).isEqualTo(HttpConfig.DEFAULT_USER);
        assertThat(http.routes().get(0).cache()).contains(
                new HttpConfig.ResponseCache(Duration.ofMinutes(1), HttpConfig.ResponseCache.DEFAULT_MAX_BODY_BYTES, List.of(), true));
    }

    @Test
    void aJwtClaimIsReadFromTheAuthenticatedPrincipalUnlessSaidOtherwise() throws ConfigException {
        HttpConfig http = ConfigLoader.parse("""
                http:
                  user: [ { jwtClaim: email } ]
                  routes: [ { path: /x, cache: { ttl: 1m } } ]
                """, "heddle.yaml").http().orElseThrow();

        assertThat(http.user()).containsExactly(new HttpConfig.JwtClaim("email", false));
    }

    @Test
    void aRouteThatNamesAnUnknownQuotaIsAnErrorWithASuggestion() {
        ConfigProblem problem = onlyProblem(QUOTAS + """
                http:
                  routes: [ { path: /api/**, quota: per-usr } ]
                """);

        assertThat(problem.message()).startsWith("http.routes[0].quota: unknown quota 'per-usr'").contains("per-user");
    }

    @Test
    void aCachedRouteForPostIsAnErrorSincePostsAreNeverCached() {
        ConfigProblem problem = onlyProblem("""
                http:
                  routes: [ { path: /api/**, methods: [GET, POST], cache: { ttl: 1m } } ]
                """);

        assertThat(problem.message()).contains("only GET and HEAD responses are cached");
    }

    @Test
    void aRouteWithNothingToDoIsAnError() {
        assertThat(onlyProblem("http: { routes: [ { path: /api/** } ] }\n").message())
                .contains("a route needs a 'quota', a 'cache' or an 'event'");
    }

    @Test
    void aRouteMayOnlyWriteAnAnalyticsEvent() throws ConfigException {
        HttpConfig http = ConfigLoader.parse("http: { routes: [ { path: /api/ask, methods: [POST], event: query_submitted } ] }\n",
                "heddle.yaml").http().orElseThrow();

        assertThat(http.routes().get(0).event()).contains("query_submitted");
        assertThat(http.routes().get(0).quota()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"api/**", "/api/a**", "/api/***", "/api/a b"})
    void aPathThatIsNotAPathPatternIsAnErrorAtTheValue(String path) {
        ConfigProblem problem = onlyProblem("http: { routes: [ { path: '" + path + "', cache: { ttl: 1m } } ] }\n");

        assertThat(problem.location()).isEqualTo(at(1, 27));
        assertThat(problem.message()).startsWith("http.routes[0].path: expected a path pattern such as /api/ask/**");
    }

    @Test
    void anUnknownIdentitySourceIsAnErrorWithASuggestion() {
        ConfigProblem problem = onlyProblem("""
                http:
                  user: [ principle ]
                  routes: [ { path: /x, cache: { ttl: 1m } } ]
                """);

        assertThat(problem.message()).startsWith("http.user[0]: unknown identity source 'principle'").contains("principal");
    }

    @Test
    void aHeaderNameWithABlankIsAnError() {
        assertThat(onlyProblem("http: { user: [ { header: 'X User' } ], routes: [ { path: /x, cache: { ttl: 1m } } ] }\n")
                .message()).contains("is not an HTTP header name");
    }

    @Test
    void aCacheWithoutTtlAndAnUnknownScopeAreErrors() {
        assertThat(onlyProblem("http: { routes: [ { path: /x, cache: { scope: global } } ] }\n").message())
                .contains("'ttl' is required");
        assertThat(onlyProblem("http: { routes: [ { path: /x, cache: { ttl: 1m, scope: tenant } } ] }\n").message())
                .contains("unknown scope 'tenant'");
    }

    @Test
    void httpWithoutRoutesIsAnError() {
        assertThat(onlyProblem("http: { user: [ principal ] }\n").message()).contains("'routes' is required");
    }
}
