package dev.heddle.demo.mock;

import static dev.heddle.demo.mock.RawHttp.chat;
import static dev.heddle.demo.mock.RawHttp.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the server counts, {@code GET /admin/stats}, {@code POST /admin/reset}, and routing. */
class StatsAndAdminTest {

    private MockLlmServer server;
    private RawHttp http;

    @BeforeEach
    void start() {
        server = MockLlmServer.start();
        http = new RawHttp(server);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private void traffic() {
        http.postOk(MockLlmServer.CHAT_COMPLETIONS, chat("gpt-4o-mini", "What is a heddle?", "\"user\":\"alice\""));
        http.postOk(MockLlmServer.CHAT_COMPLETIONS, chat("gpt-4o-mini", "What is a shuttle?", "\"user\":\"alice\""));
        http.postOk(MockLlmServer.CHAT_COMPLETIONS, chat("gpt-4o", "What is a heddle?", ""));
        http.postOk(MockLlmServer.MESSAGES, message("claude-haiku", "What is a heddle?", "\"metadata\":{\"user_id\":\"bob\"}"));
        http.postOk(MockLlmServer.EMBEDDINGS, "{\"model\":\"text-embedding-3-small\",\"input\":\"heddle\",\"user\":\"bob\"}");
    }

    @Test
    void countsRequestsByEndpointModelAndUserWithAnonymousForNone() {
        traffic();

        MockStats stats = server.stats();
        assertThat(stats.requests()).isEqualTo(5);
        assertThat(stats.answered()).isEqualTo(5);
        assertThat(stats.faulted()).isZero();
        assertThat(stats.requestsByEndpoint()).containsOnly(entry(MockLlmServer.CHAT_COMPLETIONS, 3L),
                entry(MockLlmServer.MESSAGES, 1L), entry(MockLlmServer.EMBEDDINGS, 1L));
        assertThat(stats.requestsByModel()).containsOnly(entry("gpt-4o-mini", 2L), entry("gpt-4o", 1L),
                entry("claude-haiku", 1L), entry("text-embedding-3-small", 1L));
        assertThat(stats.requestsByUser()).containsOnly(entry("alice", 2L), entry("bob", 2L),
                entry(MockStats.ANONYMOUS, 1L));
    }

    @Test
    void countsPromptAndCompletionTokensPerModel() {
        JsonNode first = http.postOk(MockLlmServer.CHAT_COMPLETIONS, chat("gpt-4o-mini", "What is a heddle?", ""));
        JsonNode second = http.postOk(MockLlmServer.CHAT_COMPLETIONS, chat("gpt-4o-mini", "Why?", ""));
        http.postOk(MockLlmServer.EMBEDDINGS, "{\"model\":\"e\",\"input\":[\"one two\",\"three\"]}");

        MockStats stats = server.stats();
        assertThat(stats.promptTokens("gpt-4o-mini")).isEqualTo(5 + 2);
        assertThat(stats.completionTokens("gpt-4o-mini")).isEqualTo(
                first.at("/usage/completion_tokens").asLong() + second.at("/usage/completion_tokens").asLong());
        assertThat(stats.promptTokens("e")).isEqualTo(3);
        assertThat(stats.completionTokens("e")).isZero();
    }

    @Test
    void adminStatsServesTheCountersAsJson() throws Exception {
        traffic();

        JsonNode json = RawHttp.json(http.get("/admin/stats"));

        assertThat(json.get("requests").asLong()).isEqualTo(5);
        assertThat(json.get("answered").asLong()).isEqualTo(5);
        assertThat(json.get("faulted").asLong()).isZero();
        assertThat(json.get("rejected").asLong()).isZero();
        assertThat(json.at("/byEndpoint/~1v1~1chat~1completions").asLong()).isEqualTo(3);
        assertThat(json.at("/byModel/gpt-4o-mini").asLong()).isEqualTo(2);
        assertThat(json.at("/byUser/anonymous").asLong()).isEqualTo(1);
        assertThat(json.at("/byUser/alice").asLong()).isEqualTo(2);
        assertThat(json.get("faults").isEmpty()).isTrue();
        assertThat(json.at("/tokens/gpt-4o-mini/prompt").asLong()).isEqualTo(server.stats().promptTokens("gpt-4o-mini"));
        assertThat(json.at("/tokens/gpt-4o-mini/total").asLong()).isEqualTo(
                server.stats().promptTokens("gpt-4o-mini") + server.stats().completionTokens("gpt-4o-mini"));
    }

    @Test
    void adminResetZeroesEveryCounter() throws Exception {
        traffic();

        HttpResponse<String> reset = http.post("/admin/reset", "");

        assertThat(reset.statusCode()).isEqualTo(200);
        assertThat(RawHttp.json(reset).get("requests").asLong()).isZero();
        MockStats stats = server.stats();
        assertThat(stats.requests()).isZero();
        assertThat(stats.requestsByModel()).isEmpty();
        assertThat(stats.requestsByUser()).isEmpty();
        assertThat(stats.promptTokensByModel()).isEmpty();
        assertThat(RawHttp.json(http.get("/admin/stats")).get("byModel").isEmpty()).isTrue();
    }

    @Test
    void countsEveryOneOfManyConcurrentRequests() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> calls = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String user = "user-" + (i % 4);
                calls.add(clients.submit(() -> http.postOk(MockLlmServer.CHAT_COMPLETIONS,
                        chat("gpt-4o-mini", "What is a heddle?", "\"user\":\"" + user + "\""))));
            }
            for (Future<?> call : calls) {
                call.get();
            }
        } finally {
            clients.shutdownNow();
        }

        assertThat(server.stats().requests()).isEqualTo(200);
        assertThat(server.stats().requestsForUser("user-3")).isEqualTo(50);
        assertThat(server.stats().promptTokens("gpt-4o-mini")).isEqualTo(200 * 5);
    }

    @Test
    void unknownPathIsA404JsonError() throws Exception {
        HttpResponse<String> response = http.post("/v1/completions", "{}");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("content-type")).contains("application/json");
        assertThat(RawHttp.json(response).at("/error/message").asText()).contains("/v1/completions");
        assertThat(http.get("/").statusCode()).isEqualTo(404);
        assertThat(server.stats().requests()).isZero();
    }

    @Test
    void wrongMethodIsA405AndBadJsonA400BothCountedAsRejected() throws Exception {
        HttpResponse<String> wrongMethod = http.get(MockLlmServer.CHAT_COMPLETIONS);
        HttpResponse<String> badJson = http.post(MockLlmServer.CHAT_COMPLETIONS, "{not json");
        HttpResponse<String> notAnObject = http.post(MockLlmServer.CHAT_COMPLETIONS, "[1,2]");
        HttpResponse<String> noMessages = http.post(MockLlmServer.CHAT_COMPLETIONS, "{\"model\":\"m\"}");

        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(List.of(badJson.statusCode(), notAnObject.statusCode(), noMessages.statusCode())).containsOnly(400);
        assertThat(RawHttp.json(badJson).at("/error/type").asText()).isEqualTo("invalid_request_error");
        assertThat(RawHttp.json(noMessages).at("/error/message").asText()).contains("messages");
        assertThat(server.stats().rejected()).isEqualTo(4);
        assertThat(server.stats().answered()).isZero();
    }

    @Test
    void healthAnswersOk() throws Exception {
        assertThat(RawHttp.json(http.get("/admin/health")).get("status").asText()).isEqualTo("ok");
    }

    @Test
    void bindsToTheLoopbackAddressOnly() {
        assertThat(server.address().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(server.address().getAddress().isLoopbackAddress()).isTrue();
        assertThat(server.baseUrl()).isEqualTo("http://127.0.0.1:" + server.port());
    }

    @Test
    void fixedLatencyDelaysEveryAnswer() throws Exception {
        try (MockLlmServer slow = MockLlmServer.start(MockSettings.defaults().withLatencyMillis(150).withJitterMillis(50))) {
            RawHttp slowHttp = new RawHttp(slow);

            long started = System.nanoTime();
            slowHttp.postOk(MockLlmServer.CHAT_COMPLETIONS, chat("m", "q", ""));
            long elapsedMillis = (System.nanoTime() - started) / 1_000_000;

            assertThat(elapsedMillis).isGreaterThanOrEqualTo(150); // a sleep never ends early
        }
    }

    @Test
    void aLognormalLatencyDelaysAnAnswerByTheServersSeededDraw() throws Exception {
        LatencyModel model = LatencyModel.lognormal(100, 0.6, 20_000);
        long firstDraw = model.nextMillis(new java.util.Random(7));
        try (MockLlmServer slow = MockLlmServer.start(MockSettings.defaults().withLatency(model).withSeed(7))) {
            RawHttp slowHttp = new RawHttp(slow);

            long started = System.nanoTime();
            slowHttp.postOk(MockLlmServer.CHAT_COMPLETIONS, chat("m", "q", ""));
            long elapsedMillis = (System.nanoTime() - started) / 1_000_000;

            assertThat(elapsedMillis).isGreaterThanOrEqualTo(firstDraw); // a sleep never ends early
        }
    }
}
