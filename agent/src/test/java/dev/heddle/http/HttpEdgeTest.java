package dev.heddle.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heddle.bootstrap.EdgeDispatcher;
import dev.heddle.config.ConfigLoader;
import dev.heddle.identity.RequestUser;
import dev.heddle.pipeline.Registry;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The HTTP edge around a servlet, called as the woven {@code HttpServlet#service} calls it, with the
 * servlet API's own types; the it-tests run it in real Spring Boot and Jetty apps.
 */
class HttpEdgeTest {

    private static final String CONFIG = """
            quotas:
              web:
                tiers:
                  free: { requests: 2/1m }
            http:
              user: [ { header: X-User-Id }, clientAddress ]
              routes:
                - path: /api/ask/**
                  methods: [POST]
                  quota: web
                - path: /api/articles/*
                  cache: { ttl: 5m, vary: [Accept-Language], maxBodyBytes: 64 }
                - path: /api/shared/*
                  cache: { ttl: 5m, scope: global }
            """;

    /** What the servlet does with the response it is given. */
    interface Servlet {
        void serve(HttpServletResponse response) throws IOException;
    }

    private final HttpEdge edge = edge(CONFIG);
    private final AtomicInteger servletRuns = new AtomicInteger();
    private final List<String> usersSeenByTheServlet = new ArrayList<>();

    private static HttpEdge edge(String yaml) {
        try {
            return new HttpEdge(new Registry(ConfigLoader.parse(yaml, "heddle.yaml")));
        } catch (dev.heddle.config.ConfigException invalid) {
            throw new AssertionError(invalid);
        }
    }

    /** Serves one request as the woven method does: enter, maybe the servlet with the edge's response, exit. */
    private FakeExchange serve(HttpEdge on, FakeExchange exchange, Servlet servlet) throws IOException {
        Object token = on.enter(HttpServlet.class, exchange.request, exchange.response);
        if (token == EdgeDispatcher.ANSWERED) return exchange;
        Object response = token == null ? exchange.response : on.response(token, exchange.response);
        servletRuns.incrementAndGet();
        usersSeenByTheServlet.add(RequestUser.current().orElse(null));
        Throwable thrown = null;
        try {
            servlet.serve((HttpServletResponse) response);
        } catch (IOException | RuntimeException failure) {
            thrown = failure;
        }
        if (token != null) on.exit(token, thrown);
        return exchange;
    }

    private FakeExchange serve(FakeExchange exchange, Servlet servlet) throws IOException {
        return serve(edge, exchange, servlet);
    }

    private static Servlet json(String body) {
        return response -> {
            response.setContentType("application/json");
            response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
        };
    }

    private static FakeExchange get(String path, String query, String user) {
        return new FakeExchange("GET", path, query).header("X-User-Id", user);
    }

    @Test
    void aUserOverTheQuotaGetsA429WithRetryAfterAndRateLimitHeadersAndTheServletDoesNotRun() throws IOException {
        FakeExchange first = serve(new FakeExchange("POST", "/api/ask", null).header("X-User-Id", "alice"), json("{}"));
        FakeExchange second = serve(new FakeExchange("POST", "/api/ask", null).header("X-User-Id", "alice"), json("{}"));
        FakeExchange refused = serve(new FakeExchange("POST", "/api/ask", null).header("X-User-Id", "alice"), json("{}"));

        assertThat(servletRuns).hasValue(2);
        assertThat(first.responseHeader("X-RateLimit-Limit")).isEqualTo("2");
        assertThat(first.responseHeader("X-RateLimit-Remaining")).isEqualTo("1");
        assertThat(second.responseHeader("X-RateLimit-Remaining")).isEqualTo("0");
        assertThat(Long.parseLong(second.responseHeader("X-RateLimit-Reset"))).isBetween(1L, 60L);
        assertThat(refused.status).isEqualTo(429);
        long retryAfter = Long.parseLong(refused.responseHeader("Retry-After"));
        assertThat(retryAfter).isBetween(1L, 60L);
        assertThat(refused.responseHeader("X-RateLimit-Limit")).isEqualTo("2");
        assertThat(refused.responseHeader("X-RateLimit-Remaining")).isEqualTo("0");
        assertThat(refused.contentType).isEqualTo("application/json");
        assertThat(refused.bodyText()).isEqualTo("{\"error\":\"rate_limited\",\"retry_after\":" + retryAfter + "}");
    }

    @Test
    void eachUserHasTheirOwnQuota() throws IOException {
        for (int i = 0; i < 3; i++) serve(new FakeExchange("POST", "/api/ask", null).header("X-User-Id", "alice"), json("{}"));

        FakeExchange bob = serve(new FakeExchange("POST", "/api/ask", null).header("X-User-Id", "bob"), json("{}"));

        assertThat(bob.status).isEqualTo(200);
        assertThat(bob.responseHeader("X-RateLimit-Remaining")).isEqualTo("1");
    }

    @Test
    void theRequestsUserIsTheUserOfTheLlmCallsMadeWhileServingItAndOnlyThen() throws IOException {
        serve(new FakeExchange("POST", "/api/ask/v2", null).header("X-User-Id", "alice"), json("{}"));
        FakeExchange anonymous = new FakeExchange("POST", "/api/ask", null);
        anonymous.remoteAddress = "10.0.0.7";
        serve(anonymous, json("{}"));

        assertThat(usersSeenByTheServlet).containsExactly("alice", "10.0.0.7");
        assertThat(RequestUser.current()).isEmpty();
    }

    @Test
    void aSecondIdenticalGetIsServedFromTheCacheWithoutRunningTheServlet() throws IOException {
        FakeExchange miss = serve(get("/api/articles/7", "b=2&a=1", "alice"), json("{\"article\":7}"));
        FakeExchange hit = serve(get("/api/articles/7", "a=1&b=2", "alice"), json("{\"article\":\"changed\"}"));

        assertThat(servletRuns).hasValue(1);
        assertThat(miss.responseHeader("X-Cache")).isEqualTo("MISS");
        assertThat(hit.responseHeader("X-Cache")).isEqualTo("HIT");
        assertThat(hit.status).isEqualTo(200);
        assertThat(hit.bodyText()).isEqualTo("{\"article\":7}");
        assertThat(hit.contentType).isEqualTo("application/json");
        assertThat(hit.responseHeader("Content-Length")).isEqualTo("13");
    }

    @Test
    void twoUsersNeverSeeEachOthersCachedPagesUnlessTheRouteSharesThem() throws IOException {
        serve(get("/api/articles/7", null, "alice"), json("{\"for\":\"alice\"}"));
        FakeExchange bob = serve(get("/api/articles/7", null, "bob"), json("{\"for\":\"bob\"}"));
        serve(get("/api/shared/7", null, "alice"), json("{\"for\":\"all\"}"));
        FakeExchange shared = serve(get("/api/shared/7", null, "bob"), json("{\"for\":\"bob\"}"));

        assertThat(bob.responseHeader("X-Cache")).isEqualTo("MISS");
        assertThat(bob.bodyText()).isEqualTo("{\"for\":\"bob\"}");
        assertThat(shared.responseHeader("X-Cache")).isEqualTo("HIT");
        assertThat(shared.bodyText()).isEqualTo("{\"for\":\"all\"}");
    }

    @Test
    void theVaryHeadersArePartOfTheKey() throws IOException {
        serve(get("/api/articles/7", null, "alice").header("Accept-Language", "en"), json("{\"lang\":\"en\"}"));
        FakeExchange german = serve(get("/api/articles/7", null, "alice").header("Accept-Language", "de"), json("{\"lang\":\"de\"}"));

        assertThat(german.responseHeader("X-Cache")).isEqualTo("MISS");
        assertThat(german.bodyText()).isEqualTo("{\"lang\":\"de\"}");
    }

    @Test
    void aPostIsNeverCached() throws IOException {
        HttpEdge open = edge("http: { routes: [ { path: /api/**, cache: { ttl: 5m } } ] }\n");
        serve(open, new FakeExchange("POST", "/api/articles/7", null), json("{}"));
        FakeExchange again = serve(open, new FakeExchange("POST", "/api/articles/7", null), json("{}"));

        assertThat(servletRuns).hasValue(2);
        assertThat(again.responseHeader("X-Cache")).isNull();
    }

    @Test
    void responsesThatMustNotBeKeptAreServedButNotCached() throws IOException {
        List<Servlet> uncacheable = List.of(
                response -> {
                    response.setHeader("Cache-Control", "no-store");
                    response.getOutputStream().write('a');
                },
                response -> {
                    response.setHeader("Cache-Control", "max-age=60, private");
                    response.getOutputStream().write('b');
                },
                response -> {
                    response.setStatus(404);
                    response.getOutputStream().write('c');
                },
                response -> {
                    response.addHeader("Set-Cookie", "session=1");
                    response.getOutputStream().write('d');
                },
                response -> {
                    response.setHeader("Vary", "Cookie");
                    response.getOutputStream().write('e');
                },
                response -> response.getOutputStream().write(new byte[65]));
        for (int i = 0; i < uncacheable.size(); i++) {
            serve(get("/api/articles/" + i, null, "alice"), uncacheable.get(i));
            FakeExchange again = serve(get("/api/articles/" + i, null, "alice"), uncacheable.get(i));
            assertThat(again.responseHeader("X-Cache")).as("response %d", i).isEqualTo("MISS");
        }
        assertThat(servletRuns).hasValue(2 * uncacheable.size());
    }

    @Test
    void aPageWrittenAsTextThroughTheWriterOrAsABufferIsRecordedWhole() throws IOException {
        serve(get("/api/articles/text", null, "alice"), response -> {
            response.setContentType("text/plain");
            response.getWriter().print("über ");
            response.getWriter().printf("%d", 42);
            response.getWriter().println();
        });
        serve(get("/api/articles/buffer", null, "alice"), response -> response.getOutputStream()
                .write(ByteBuffer.wrap("buffered".getBytes(StandardCharsets.UTF_8))));

        FakeExchange text = serve(get("/api/articles/text", null, "alice"), json("other"));
        FakeExchange buffer = serve(get("/api/articles/buffer", null, "alice"), json("other"));

        assertThat(text.responseHeader("X-Cache")).isEqualTo("HIT");
        assertThat(text.bodyText()).isEqualTo("über 42" + System.lineSeparator());
        assertThat(buffer.bodyText()).isEqualTo("buffered");
    }

    @Test
    void whatTheServletWroteBeforeAResetIsNotPartOfThePage() throws IOException {
        serve(get("/api/articles/reset", null, "alice"), response -> {
            response.getOutputStream().write("draft".getBytes(StandardCharsets.UTF_8));
            response.resetBuffer();
            response.getOutputStream().write("final".getBytes(StandardCharsets.UTF_8));
        });

        assertThat(serve(get("/api/articles/reset", null, "alice"), json("other")).bodyText()).isEqualTo("final");
    }

    @Test
    void aHeadIsAnsweredFromTheGetsPageWithoutABody() throws IOException {
        serve(get("/api/articles/7", null, "alice"), json("{\"article\":7}"));

        FakeExchange head = serve(new FakeExchange("HEAD", "/api/articles/7", null).header("X-User-Id", "alice"), json("x"));

        assertThat(head.responseHeader("X-Cache")).isEqualTo("HIT");
        assertThat(head.responseHeader("Content-Length")).isEqualTo("13");
        assertThat(head.bodyText()).isEmpty();
    }

    @Test
    void aServletThatFailsLeavesNoPage() throws IOException {
        serve(get("/api/articles/broken", null, "alice"), response -> {
            response.getOutputStream().write('x');
            throw new IllegalStateException("the app broke");
        });

        assertThat(serve(get("/api/articles/broken", null, "alice"), json("ok")).responseHeader("X-Cache")).isEqualTo("MISS");
    }

    @Test
    void forwardsIncludesErrorPagesAndOtherPathsAreLeftAlone() throws IOException {
        FakeExchange forward = get("/api/articles/7", null, "alice");
        forward.dispatcherType = DispatcherType.FORWARD;
        serve(forward, json("{}"));
        FakeExchange elsewhere = serve(get("/health", null, "alice"), json("{}"));

        assertThat(forward.responseHeader("X-Cache")).isNull();
        assertThat(elsewhere.responseHeader("X-Cache")).isNull();
        assertThat(usersSeenByTheServlet).containsExactly(null, null);
    }

    @Test
    void withoutAnHttpSectionNothingIsTouched() throws IOException {
        HttpEdge none = edge("rules: []\n");

        FakeExchange exchange = serve(none, get("/api/articles/7", null, "alice"), json("{}"));

        assertThat(exchange.responseHeaders).doesNotContainKey("X-Cache");
        assertThat(servletRuns).hasValue(1);
    }
}
