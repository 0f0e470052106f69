package dev.heddle.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.heddle.demo.mock.MockLlmServer;
import dev.heddle.it.harness.ChildResult;
import dev.heddle.it.harness.ConfigFiles;
import dev.heddle.it.harness.EventFiles;
import dev.heddle.it.harness.Jdk;
import dev.heddle.it.harness.Jdks;
import dev.heddle.it.harness.TestApps;
import dev.heddle.it.harness.WebApps;
import dev.heddle.it.harness.WebApps.App;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A real Spring Boot app (Spring MVC on embedded Tomcat) and a plain servlet app on Jetty, unmodified,
 * with the agent and an {@code http:} section, driven by {@code java.net.http}: a user over the route's
 * quota gets a 429 with {@code Retry-After} and the rate-limit headers; a second identical GET is
 * served from the cache ({@code X-Cache: HIT}) without reaching the controller; a POST is never
 * cached; two users never see each other's pages; what must not be kept is not; the request's user
 * is the user of the LLM calls it makes, whose tokens show in the next response's headers; the
 * routes write their analytics events. Each app is started once per JDK and driven through one
 * visit; each test checks one part of it.
 */
class HttpEdgeWithAgentTest {

    private static final String ARTICLE = "/api/articles/42";
    private static final long REQUESTS_PER_MINUTE = 4;
    private static final long TOKENS_PER_HOUR = 5000;
    private static final String MODEL = "gpt-4o-mini";

    private static final String CONFIG = """
            quotas:
              pages:
                tiers:
                  free: { requests: %d/1m }
              tokens:
                tiers:
                  free: { tokens: %d/1h }
            rules:
              - name: openai
                preset: openai-java
                quota: tokens
            http:
              user: [ { header: X-User-Id }, clientAddress ]
              routes:
                - path: /api/ask
                  methods: [POST]
                  quota: tokens
                  event: query_submitted
                - path: /api/articles/*
                  quota: pages
                  cache: { ttl: 10m, vary: [Accept-Language] }
                  event: page_view
                - path: /api/private/*
                  cache: { ttl: 10m }
                - path: /api/no-store/*
                  cache: { ttl: 10m }
                - path: /api/missing/*
                  cache: { ttl: 10m }
                - path: /api/big/*
                  cache: { ttl: 10m, maxBodyBytes: 100KB }
            analytics: { directory: '%s' }
            """;

    @TempDir
    static Path workDir;

    private static final Map<String, Visit> VISITS = new ConcurrentHashMap<>();

    /** What one app with the agent answered, in the order asked. */
    private record Visit(
            List<HttpResponse<String>> aliceArticles,
            long runsAfterAlicesTwoGets,
            HttpResponse<String> bobArticle,
            HttpResponse<String> aliceInEnglish,
            HttpResponse<String> aliceOverQuota,
            long runsAfterRefusal,
            List<HttpResponse<String>> carolPosts,
            List<HttpResponse<String>> privatePages,
            List<HttpResponse<String>> noStorePages,
            List<HttpResponse<String>> missingPages,
            List<HttpResponse<byte[]>> bigPages,
            List<HttpResponse<byte[]>> smallPages,
            List<HttpResponse<String>> asks,
            long tokensOfTheFirstAsk,
            long llmRequests,
            List<JsonNode> events,
            ChildResult exit) {

        List<JsonNode> events(String name) {
            return EventFiles.named(events, name);
        }
    }

    static Stream<Arguments> appsOnEveryJdk() {
        return Jdks.all().stream().flatMap(jdk -> Stream.of(App.values()).map(app -> Arguments.of(app, jdk)));
    }

    private static Visit visit(App app, Jdk jdk) {
        return VISITS.computeIfAbsent(app + " " + jdk, ignored -> drive(app, jdk));
    }

    private static Visit drive(App app, Jdk jdk) {
        Path dir = WebApps.folderFor(workDir, app, jdk);
        Path events = dir.resolve("events");
        try (MockLlmServer llm = MockLlmServer.start()) {
            Files.createDirectories(events);
            Path config = ConfigFiles.write(dir, "heddle.yaml", CONFIG.formatted(REQUESTS_PER_MINUTE, TOKENS_PER_HOUR, events));
            try (WebApps.Running web = WebApps.start(TestApps.withAgent(app.child(jdk, dir), TestApps.configArg(config)),
                    llm.baseUrl())) {
                List<HttpResponse<String>> aliceArticles = new ArrayList<>();
                aliceArticles.add(web.get(ARTICLE + "?b=2&a=1", "X-User-Id", "alice", "Accept-Language", "de"));
                aliceArticles.add(web.get(ARTICLE + "?a=1&b=2", "X-User-Id", "alice", "Accept-Language", "de"));
                long runsAfterAlicesTwoGets = web.runs();
                HttpResponse<String> bob = web.get(ARTICLE + "?a=1&b=2", "X-User-Id", "bob", "Accept-Language", "de");
                HttpResponse<String> english = web.get(ARTICLE + "?a=1&b=2", "X-User-Id", "alice", "Accept-Language", "en");
                aliceArticles.add(web.get(ARTICLE + "?a=1&b=2", "X-User-Id", "alice", "Accept-Language", "en"));
                HttpResponse<String> overQuota = web.get(ARTICLE + "?a=1&b=2", "X-User-Id", "alice", "Accept-Language", "de");
                long runsAfterRefusal = web.runs();
                List<HttpResponse<String>> carolPosts = List.of(web.post(ARTICLE, "", "X-User-Id", "carol"),
                        web.post(ARTICLE, "", "X-User-Id", "carol"));
                List<HttpResponse<String>> privatePages = twice(() -> web.get("/api/private/1", "X-User-Id", "dave"));
                List<HttpResponse<String>> noStorePages = twice(() -> web.get("/api/no-store/1", "X-User-Id", "dave"));
                List<HttpResponse<String>> missingPages = twice(() -> web.get("/api/missing/1", "X-User-Id", "dave"));
                List<HttpResponse<byte[]>> bigPages = twice(() -> web.send(web.request("/api/big/300000", "X-User-Id", "dave")
                        .GET().build(), HttpResponse.BodyHandlers.ofByteArray()));
                List<HttpResponse<byte[]>> smallPages = twice(() -> web.send(web.request("/api/big/1000", "X-User-Id", "dave")
                        .GET().build(), HttpResponse.BodyHandlers.ofByteArray()));
                List<HttpResponse<String>> asks = new ArrayList<>();
                asks.add(web.post("/api/ask", "What is a heddle?", "X-User-Id", "erin"));
                long tokensOfTheFirstAsk = llm.stats().promptTokens(MODEL) + llm.stats().completionTokens(MODEL);
                asks.add(web.post("/api/ask", "What is a warp?", "X-User-Id", "erin"));
                long llmRequests = llm.stats().requests(MockLlmServer.CHAT_COMPLETIONS);
                ChildResult exit = web.stop();
                return new Visit(aliceArticles, runsAfterAlicesTwoGets, bob, english, overQuota, runsAfterRefusal, carolPosts,
                        privatePages, noStorePages, missingPages, bigPages, smallPages, asks, tokensOfTheFirstAsk, llmRequests,
                        EventFiles.read(events), exit);
            }
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }

    private static <T> List<T> twice(java.util.function.Supplier<T> request) {
        return List.of(request.get(), request.get());
    }

    private static String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("appsOnEveryJdk")
    void aSecondIdenticalGetIsServedFromTheCacheWithoutReachingTheController(App app, Jdk jdk) {
        Visit visit = visit(app, jdk);
        HttpResponse<String> miss = visit.aliceArticles().get(0);
        HttpResponse<String> hit = visit.aliceArticles().get(1);

        assertThat(header(miss, "X-Cache")).as(visit.exit()::describe).isEqualTo("MISS");
        assertThat(miss.body()).isEqualTo("{\"article\":\"42\",\"user\":\"alice\",\"language\":\"de\",\"query\":\"b=2&a=1\",\"served\":1}");
        assertThat(header(hit, "X-Cache")).isEqualTo("HIT");
        assertThat(hit.statusCode()).isEqualTo(200);
        assertThat(hit.body()).isEqualTo(miss.body());
        assertThat(header(hit, "Content-Type")).isEqualToIgnoringCase(header(miss, "Content-Type"));
        assertThat(visit.runsAfterAlicesTwoGets()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("appsOnEveryJdk")
    void twoUsersNeverSeeEachOthersCachedPagesAndTheVaryHeaderIsPartOfTheKey(App app, Jdk jdk) {
        Visit visit = visit(app, jdk);

        assertThat(header(visit.bobArticle(), "X-Cache")).isEqualTo("MISS");
        assertThat(visit.bobArticle().body()).contains("\"user\":\"bob\"").contains("\"served\":2");
        assertThat(header(visit.aliceInEnglish(), "X-Cache")).isEqualTo("MISS");
        assertThat(visit.aliceInEnglish().body()).contains("\"user\":\"alice\",\"language\":\"en\"");
        assertThat(header(visit.aliceArticles().get(2), "X-Cache")).isEqualTo("HIT");
        assertThat(visit.aliceArticles().get(2).body()).isEqualTo(visit.aliceInEnglish().body());
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("appsOnEveryJdk")
    void aUserOverTheQuotaGetsA429WithRetryAfterAndTheRateLimitHeaders(App app, Jdk jdk) {
        Visit visit = visit(app, jdk);
        HttpResponse<String> refused = visit.aliceOverQuota();

        assertThat(refused.statusCode()).as(visit.exit()::describe).isEqualTo(429);
        long retryAfter = Long.parseLong(header(refused, "Retry-After"));
        assertThat(retryAfter).isBetween(1L, 60L);
        assertThat(header(refused, "X-RateLimit-Limit")).isEqualTo(Long.toString(REQUESTS_PER_MINUTE));
        assertThat(header(refused, "X-RateLimit-Remaining")).isEqualTo("0");
        assertThat(Long.parseLong(header(refused, "X-RateLimit-Reset"))).isBetween(1L, 60L);
        assertThat(header(refused, "Content-Type")).startsWith("application/json");
        assertThat(refused.body()).isEqualTo("{\"error\":\"rate_limited\",\"retry_after\":" + retryAfter + "}");
        assertThat(visit.runsAfterRefusal()).as("the refused request never reached the controller").isEqualTo(3);
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("appsOnEveryJdk")
    void everyAllowedResponseCarriesTheRateLimitHeadersCountingDown(App app, Jdk jdk) {
        Visit visit = visit(app, jdk);

        assertThat(visit.aliceArticles()).extracting(response -> header(response, "X-RateLimit-Limit"))
                .containsOnly(Long.toString(REQUESTS_PER_MINUTE));
        assertThat(visit.aliceArticles()).extracting(response -> header(response, "X-RateLimit-Remaining"))
                .containsExactly("3", "2", "0");
        assertThat(header(visit.bobArticle(), "X-RateLimit-Remaining")).isEqualTo("3");
        assertThat(visit.aliceArticles()).allSatisfy(response ->
                assertThat(Long.parseLong(header(response, "X-RateLimit-Reset"))).isBetween(1L, 60L));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("appsOnEveryJdk")
    void aPostIsNeverCached(App app, Jdk jdk) {
        Visit visit = visit(app, jdk);

        assertThat(visit.carolPosts()).extracting(HttpResponse::statusCode).containsOnly(200);
        assertThat(visit.carolPosts()).extracting(response -> header(response, "X-Cache")).containsOnlyNulls();
        assertThat(visit.carolPosts().get(0).body()).contains("\"user\":\"carol\"").contains("\"served\":4");
        assertThat(visit.carolPosts().get(1).body()).contains("\"served\":5");
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("appsOnEveryJdk")
    void privateNoStoreNotFoundAndOverlargePagesAreServedEveryTimeButNeverCached(App app, Jdk jdk) {
        Visit visit = visit(app, jdk);

        for (List<HttpResponse<String>> pages : List.of(visit.privatePages(), visit.noStorePages())) {
            assertThat(pages).extracting(response -> header(response, "X-Cache")).containsExactly("MISS", "MISS");
            // each was served by the controller: its run count differs
            assertThat(pages.get(0).body()).isNotEqualTo(pages.get(1).body());
        }
        assertThat(visit.missingPages()).extracting(response -> header(response, "X-Cache")).containsExactly("MISS", "MISS");
        assertThat(visit.missingPages()).extracting(HttpResponse::statusCode).containsOnly(404);
        assertThat(visit.bigPages()).extracting(response -> header(response, "X-Cache")).containsExactly("MISS", "MISS");
        assertThat(visit.bigPages()).allSatisfy(response -> assertThat(response.body()).hasSize(300_000).containsOnly((byte) 'x'));
        assertThat(visit.smallPages()).extracting(response -> header(response, "X-Cache")).containsExactly("MISS", "HIT");
        assertThat(visit.smallPages().get(1).body()).hasSize(1000).containsOnly((byte) 'x');
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("appsOnEveryJdk")
    void theRequestsUserIsTheUserOfItsLlmCallsWhoseTokensShowInTheNextResponse(App app, Jdk jdk) {
        Visit visit = visit(app, jdk);
        HttpResponse<String> first = visit.asks().get(0);
        HttpResponse<String> second = visit.asks().get(1);

        assertThat(first.statusCode()).as(visit.exit()::describe).isEqualTo(200);
        assertThat(visit.llmRequests()).isEqualTo(2);
        assertThat(visit.tokensOfTheFirstAsk()).isPositive();
        assertThat(header(first, "X-RateLimit-Limit")).isEqualTo(Long.toString(TOKENS_PER_HOUR));
        assertThat(header(first, "X-RateLimit-Remaining")).isEqualTo(Long.toString(TOKENS_PER_HOUR));
        // erin's LLM call was charged to erin's counter, not to an anonymous one
        assertThat(header(second, "X-RateLimit-Remaining")).isEqualTo(Long.toString(TOKENS_PER_HOUR - visit.tokensOfTheFirstAsk()));
        List<JsonNode> calls = visit.events("llm_call");
        assertThat(calls).hasSize(2).allSatisfy(call -> assertThat(call.path("user").asText()).isEqualTo("erin"));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("appsOnEveryJdk")
    void theRoutesWriteTheirAnalyticsEventsForFunnelsWithoutCode(App app, Jdk jdk) {
        Visit visit = visit(app, jdk);
        List<JsonNode> pageViews = visit.events("page_view");
        List<JsonNode> queries = visit.events("query_submitted");

        // alice's four GETs, bob's and carol's two POSTs were served; alice's refused GET was not
        assertThat(pageViews).as(visit.exit()::describe).hasSize(7);
        assertThat(pageViews).extracting(event -> event.path("user").asText())
                .containsExactly("alice", "alice", "bob", "alice", "alice", "carol", "carol");
        assertThat(pageViews).extracting(event -> event.path("properties").path("heddle.http.cache").asText())
                .containsExactly("miss", "hit", "miss", "miss", "hit", "", "");
        assertThat(queries).hasSize(2).allSatisfy(query -> {
            assertThat(query.path("user").asText()).isEqualTo("erin");
            assertThat(query.path("properties").path("http.response.status_code").asInt()).isEqualTo(200);
        });
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("appsOnEveryJdk")
    void theAppRunsAndStopsCleanlyWithTheAgent(App app, Jdk jdk) {
        Visit visit = visit(app, jdk);

        assertThat(visit.exit().exitCode()).as(visit.exit()::describe).isZero();
        assertThat(visit.exit().stderr()).as(visit.exit()::describe).doesNotContain("internal error").doesNotContain("Exception");
    }
}
