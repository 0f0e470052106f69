package dev.heddle.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heddle.demo.mock.MockAnswers;
import dev.heddle.demo.mock.MockLlmServer;
import dev.heddle.it.harness.ChildResult;
import dev.heddle.it.harness.Jdks;
import dev.heddle.it.harness.WebApps;
import dev.heddle.it.harness.WebApps.App;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The two web apps of the HTTP edge tests (Spring Boot on Tomcat, plain servlets on Jetty) work as
 * specified WITHOUT the agent, on the JDK that runs the tests: what the tests with the agent compare
 * against. Each app is started once, driven through one fixed visit with {@code java.net.http}
 * against the mock LLM server, and asked to quit; each test checks one part of that visit.
 */
class WebAppsWithoutAgentTest {

    private static final String ARTICLE = "/api/articles/42?b=2&a=1";
    private static final String QUESTION = "What is a heddle?";
    private static final int BIG_BYTES = 300_000;

    @TempDir
    static Path workingDirectory;

    private static final Map<App, Visit> VISITS = new ConcurrentHashMap<>();

    /** What one app answered during the visit, in the order asked. */
    private record Visit(
            Duration startup,
            HttpResponse<String> firstGet,
            HttpResponse<String> secondGet,
            long runsAfterTwoGets,
            HttpResponse<String> privateArticle,
            HttpResponse<String> noStoreArticle,
            HttpResponse<String> missing,
            HttpResponse<byte[]> big,
            HttpResponse<String> post,
            HttpResponse<String> ask,
            long llmRequests,
            long runsAtEnd,
            ChildResult exit) {
    }

    private static Visit visit(App app) {
        return VISITS.computeIfAbsent(app, WebAppsWithoutAgentTest::drive);
    }

    private static Visit drive(App app) {
        try (MockLlmServer llm = MockLlmServer.start()) {
            long started = System.nanoTime();
            try (WebApps.Running web = WebApps.start(app.child(Jdks.current(), workingDirectory), llm.baseUrl())) {
                Duration startup = Duration.ofNanos(System.nanoTime() - started);
                System.out.println(app + " web app listened after " + startup.toMillis() + " ms");
                String[] alice = {"X-User-Id", "alice", "Accept-Language", "de"};
                HttpResponse<String> firstGet = web.get(ARTICLE, alice);
                HttpResponse<String> secondGet = web.get(ARTICLE, alice);
                long runsAfterTwoGets = web.runs();
                HttpResponse<String> privateArticle = web.get("/api/private/42");
                HttpResponse<String> noStoreArticle = web.get("/api/no-store/42");
                HttpResponse<String> missing = web.get("/api/missing/7");
                HttpResponse<byte[]> big = web.send(web.request("/api/big/" + BIG_BYTES).GET().build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                HttpResponse<String> post = web.post("/api/articles/42", "", "X-User-Id", "bob");
                HttpResponse<String> ask = web.post("/api/ask", QUESTION, "X-User-Id", "alice");
                long llmRequests = llm.stats().requests(MockLlmServer.CHAT_COMPLETIONS);
                long runsAtEnd = web.runs();
                ChildResult exit = web.stop();
                return new Visit(startup, firstGet, secondGet, runsAfterTwoGets, privateArticle, noStoreArticle,
                        missing, big, post, ask, llmRequests, runsAtEnd, exit);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(App.class)
    void twoIdenticalGetsOfAnArticleBothReachTheController(App app) {
        Visit visit = visit(app);

        assertThat(visit.firstGet().statusCode()).isEqualTo(200);
        assertThat(visit.secondGet().statusCode()).isEqualTo(200);
        assertThat(visit.firstGet().body()).contains("\"served\":1}");
        assertThat(visit.secondGet().body()).contains("\"served\":2}");
        assertThat(visit.runsAfterTwoGets()).isEqualTo(2);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(App.class)
    void anArticleIsUtf8JsonNamingItsIdUserLanguageRawQueryAndRunCount(App app) {
        HttpResponse<String> article = visit(app).firstGet();

        assertThat(article.body()).isEqualTo(
                "{\"article\":\"42\",\"user\":\"alice\",\"language\":\"de\",\"query\":\"b=2&a=1\",\"served\":1}");
        assertThat(contentType(article)).isEqualTo("application/json;charset=utf-8");
        assertThat(article.headers().firstValue("Cache-Control")).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(App.class)
    void privateAndNoStoreArticlesCarryTheirCacheControlHeader(App app) {
        Visit visit = visit(app);

        assertThat(visit.privateArticle().statusCode()).isEqualTo(200);
        assertThat(visit.privateArticle().headers().allValues("Cache-Control")).containsExactly("private");
        assertThat(visit.privateArticle().body()).startsWith("{\"article\":\"42\",\"user\":\"\",\"language\":\"\",\"query\":\"\",");
        assertThat(visit.noStoreArticle().statusCode()).isEqualTo(200);
        assertThat(visit.noStoreArticle().headers().allValues("Cache-Control")).containsExactly("no-store");
        assertThat(visit.noStoreArticle().body()).startsWith("{\"article\":\"42\",");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(App.class)
    void aMissingArticleIsA404WithAShortTextBody(App app) {
        HttpResponse<String> missing = visit(app).missing();

        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).isEqualTo("no article 7");
        assertThat(contentType(missing)).startsWith("text/plain");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(App.class)
    void aBigBodyHasExactlyTheBytesAskedFor(App app) {
        HttpResponse<byte[]> big = visit(app).big();

        assertThat(big.statusCode()).isEqualTo(200);
        assertThat(contentType(big)).isEqualTo("text/plain");
        assertThat(big.body()).hasSize(BIG_BYTES);
        assertThat(new String(big.body(), StandardCharsets.US_ASCII)).matches("x*");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(App.class)
    void aPostOfAnArticleAnswersLikeAGetAndReachesTheController(App app) {
        HttpResponse<String> post = visit(app).post();

        assertThat(post.statusCode()).isEqualTo(200);
        assertThat(post.body()).isEqualTo(
                "{\"article\":\"42\",\"user\":\"bob\",\"language\":\"\",\"query\":\"\",\"served\":7}");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(App.class)
    void askSendsTheQuestionToTheLlmOnceAndAnswersWithItsText(App app) {
        Visit visit = visit(app);

        assertThat(visit.ask().statusCode()).as(visit.ask()::body).isEqualTo(200);
        assertThat(contentType(visit.ask())).isEqualTo("text/plain;charset=utf-8");
        assertThat(visit.ask().body())
                .startsWith("gpt-4o-mini answers")
                .contains("\"" + MockAnswers.quotedTopic(QUESTION) + "\"");
        assertThat(visit.llmRequests()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(App.class)
    void everyEndpointButInternalRunsCountsOneRun(App app) {
        // two GETs, private, no-store, missing, big, POST, ask
        assertThat(visit(app).runsAtEnd()).isEqualTo(8);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(App.class)
    void quitOnStandardInputStopsTheAppWhichPrintedOnlyItsListeningLineAndNoLogs(App app) {
        Visit visit = visit(app);
        ChildResult exit = visit.exit();

        assertThat(exit.timedOut()).as(exit::describe).isFalse();
        assertThat(exit.exitCode()).as(exit::describe).isZero();
        assertThat(exit.stdout()).as(exit::describe).matches("listening on \\d+\\R");
        assertThat(exit.stderr()).as(exit::describe).isBlank();
        assertThat(visit.startup()).as("time to listen").isLessThan(WebApps.LISTEN_TIMEOUT);
    }

    /** The Content-Type without spaces, in lower case: Tomcat writes {@code UTF-8}, Jetty {@code utf-8}. */
    private static String contentType(HttpResponse<?> response) {
        return response.headers().firstValue("Content-Type").orElse("").replace(" ", "").toLowerCase(Locale.ROOT);
    }
}
