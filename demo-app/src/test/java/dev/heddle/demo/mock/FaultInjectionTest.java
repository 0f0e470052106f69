package dev.heddle.demo.mock;

import static dev.heddle.demo.mock.RawHttp.chat;
import static dev.heddle.demo.mock.RawHttp.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Faults on purpose: each kind, by schedule and by rate, set in code or over HTTP. */
class FaultInjectionTest {

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

    private int chatStatus() throws IOException {
        return http.post(MockLlmServer.CHAT_COMPLETIONS, chat("gpt-4o-mini", "What is a heddle?", "")).statusCode();
    }

    @Test
    void rateLimitIs429WithRetryAfterAndAnOpenAiShapedBody() throws Exception {
        server.faults(FaultPlan.builder().next(1, FaultKind.RATE_LIMIT).retryAfterSeconds(7).build());

        HttpResponse<String> response = http.post(MockLlmServer.CHAT_COMPLETIONS, chat("m", "q", ""));

        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.headers().firstValue("retry-after")).contains("7");
        JsonNode error = RawHttp.json(response).get("error");
        assertThat(error.get("type").asText()).isEqualTo("rate_limit_exceeded");
        assertThat(error.get("code").asText()).isEqualTo("rate_limit_exceeded");
        assertThat(error.get("message").asText()).isNotBlank();
        assertThat(chatStatus()).isEqualTo(200);
    }

    @Test
    void rateLimitOnTheAnthropicEndpointHasTheAnthropicShape() throws Exception {
        server.faults(FaultPlan.next(1, FaultKind.RATE_LIMIT));

        HttpResponse<String> response = http.post(MockLlmServer.MESSAGES, message("c", "q", ""));

        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.headers().firstValue("retry-after")).contains("1");
        JsonNode body = RawHttp.json(response);
        assertThat(body.get("type").asText()).isEqualTo("error");
        assertThat(body.at("/error/type").asText()).isEqualTo("rate_limit_error");
        assertThat(body.at("/error/message").asText()).isNotBlank();
    }

    @Test
    void serverErrorIs500AndUnavailableIs503InEachVendorsShape() throws Exception {
        server.faults(FaultPlan.builder().requests(1, 2, FaultKind.SERVER_ERROR)
                .requests(3, 4, FaultKind.UNAVAILABLE).build());

        HttpResponse<String> openAi500 = http.post(MockLlmServer.CHAT_COMPLETIONS, chat("m", "q", ""));
        HttpResponse<String> anthropic500 = http.post(MockLlmServer.MESSAGES, message("c", "q", ""));
        HttpResponse<String> openAi503 = http.post(MockLlmServer.EMBEDDINGS, "{\"model\":\"e\",\"input\":\"q\"}");
        HttpResponse<String> anthropic503 = http.post(MockLlmServer.MESSAGES, message("c", "q", ""));

        assertThat(openAi500.statusCode()).isEqualTo(500);
        assertThat(RawHttp.json(openAi500).at("/error/type").asText()).isEqualTo("server_error");
        assertThat(anthropic500.statusCode()).isEqualTo(500);
        assertThat(RawHttp.json(anthropic500).at("/error/type").asText()).isEqualTo("api_error");
        assertThat(openAi503.statusCode()).isEqualTo(503);
        assertThat(RawHttp.json(openAi503).at("/error/code").asText()).isEqualTo("service_unavailable");
        assertThat(anthropic503.statusCode()).isEqualTo(503);
        assertThat(RawHttp.json(anthropic503).at("/error/type").asText()).isEqualTo("overloaded_error");
    }

    @Test
    void slowWaitsTheExtraDelayThenAnswersNormally() throws Exception {
        server.faults(FaultPlan.builder().next(1, FaultKind.SLOW).slowMillis(300).build());

        long started = System.nanoTime();
        HttpResponse<String> response = http.post(MockLlmServer.CHAT_COMPLETIONS, chat("m", "q", ""));
        long elapsedMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(RawHttp.json(response).at("/choices/0/message/content").asText()).startsWith("m answers");
        assertThat(elapsedMillis).isGreaterThanOrEqualTo(300); // a sleep never ends early
        assertThat(server.stats().faults(FaultKind.SLOW)).isEqualTo(1);
        assertThat(server.stats().answered()).isEqualTo(1);
    }

    @Test
    void dropClosesTheConnectionWithoutAResponse() throws Exception {
        server.faults(FaultPlan.next(1, FaultKind.DROP));

        assertThatThrownBy(() -> http.post(MockLlmServer.CHAT_COMPLETIONS, chat("m", "q", "")))
                .isInstanceOf(IOException.class);
        assertThat(chatStatus()).isEqualTo(200);
        assertThat(server.stats().faults(FaultKind.DROP)).isEqualTo(1);
        assertThat(server.stats().requests()).isEqualTo(2);
    }

    @Test
    void cutBreaksAStreamedAnswerOffHalfWayAndDropsTheConnection() throws Exception {
        server.faults(FaultPlan.next(1, FaultKind.CUT));

        assertThatThrownBy(() -> http.post(MockLlmServer.CHAT_COMPLETIONS, chat("m", "q", "\"stream\":true")))
                .isInstanceOf(IOException.class);
        HttpResponse<String> whole = http.post(MockLlmServer.CHAT_COMPLETIONS, chat("m", "q", "\"stream\":true"));
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.body()).endsWith("data: [DONE]\n\n");
        assertThat(server.stats().faults(FaultKind.CUT)).isEqualTo(1);
    }

    @Test
    void cutBreaksAPlainAnswerOffToo() throws Exception {
        server.faults(FaultPlan.next(1, FaultKind.CUT));

        assertThatThrownBy(() -> http.post(MockLlmServer.MESSAGES, message("c", "q", ""))).isInstanceOf(IOException.class);
        assertThat(chatStatus()).isEqualTo(200);
    }

    @Test
    void scheduleWindowsCountRequestsFromWhenThePlanWasInstalled() throws Exception {
        assertThat(chatStatus()).isEqualTo(200);
        server.faults(FaultPlan.builder().requests(2, 3, FaultKind.SERVER_ERROR).build());

        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            statuses.add(chatStatus());
        }

        assertThat(statuses).containsExactly(200, 500, 500, 200, 200);
    }

    @Test
    void scheduleAtStartCountsFromTheFirstRequest() throws Exception {
        server.close();
        server = MockLlmServer.start(MockSettings.defaults().withFaults(FaultPlan.next(2, FaultKind.UNAVAILABLE)));
        http = new RawHttp(server);

        assertThat(List.of(chatStatus(), chatStatus(), chatStatus())).containsExactly(503, 503, 200);
    }

    @Test
    void ratesFaultAboutThatShareOfRequestsAndTheSameSeedFaultsTheSameOnes() throws Exception {
        List<Integer> first = statusesUnder(FaultPlan.rate(FaultKind.SERVER_ERROR, 0.5), 40);
        List<Integer> again = statusesUnder(FaultPlan.rate(FaultKind.SERVER_ERROR, 0.5), 40);

        assertThat(again).isEqualTo(first);
        assertThat(first).contains(200, 500);
        assertThat(first.stream().filter(status -> status == 500).count()).isBetween(8L, 32L);
        assertThat(statusesUnder(FaultPlan.rate(FaultKind.RATE_LIMIT, 1.0), 5)).containsOnly(429);
        assertThat(statusesUnder(FaultPlan.none(), 5)).containsOnly(200);
    }

    private List<Integer> statusesUnder(FaultPlan plan, int count) throws IOException {
        server.faults(plan);
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            statuses.add(chatStatus());
        }
        return statuses;
    }

    @Test
    void faultedRequestsAreCountedApartFromAnsweredOnes() throws Exception {
        server.faults(FaultPlan.builder().requests(1, 1, FaultKind.RATE_LIMIT).requests(2, 2, FaultKind.DROP)
                .requests(3, 3, FaultKind.SERVER_ERROR).build());

        chatStatus();
        assertThatThrownBy(this::chatStatus).isInstanceOf(IOException.class);
        chatStatus();
        chatStatus();

        MockStats stats = server.stats();
        assertThat(stats.requests()).isEqualTo(4);
        assertThat(stats.faulted()).isEqualTo(3);
        assertThat(stats.answered()).isEqualTo(1);
        assertThat(stats.faultsByKind()).containsOnly(
                org.assertj.core.api.Assertions.entry(FaultKind.RATE_LIMIT, 1L),
                org.assertj.core.api.Assertions.entry(FaultKind.DROP, 1L),
                org.assertj.core.api.Assertions.entry(FaultKind.SERVER_ERROR, 1L));
        assertThat(stats.promptTokens("gpt-4o-mini")).isEqualTo(5);
    }

    @Test
    void adminFaultsInstallsAPlanFromJsonAndShowsIt() throws Exception {
        HttpResponse<String> installed = http.post("/admin/faults",
                "{\"rates\":{\"rate_limit\":0.25},\"schedule\":[{\"kind\":\"unavailable\",\"next\":2},"
                        + "{\"kind\":\"SERVER_ERROR\",\"from\":3,\"to\":3}],\"retryAfterSeconds\":3}");

        assertThat(installed.statusCode()).isEqualTo(200);
        FaultPlan expected = FaultPlan.builder().rate(FaultKind.RATE_LIMIT, 0.25).next(2, FaultKind.UNAVAILABLE)
                .requests(3, 3, FaultKind.SERVER_ERROR).retryAfterSeconds(3).build();
        assertThat(server.faults()).isEqualTo(expected);
        assertThat(FaultPlan.fromJson(RawHttp.json(http.get("/admin/faults")))).isEqualTo(expected);
        assertThat(List.of(chatStatus(), chatStatus(), chatStatus())).containsExactly(503, 503, 500);

        assertThat(http.post("/admin/faults", "{}").statusCode()).isEqualTo(200);
        assertThat(server.faults().isEmpty()).isTrue();
        assertThat(chatStatus()).isEqualTo(200);
    }

    @Test
    void adminFaultsRejectsAnInvalidPlanAndKeepsTheOldOne() throws Exception {
        server.faults(FaultPlan.next(1, FaultKind.SLOW));

        HttpResponse<String> unknownKind = http.post("/admin/faults", "{\"rates\":{\"EXPLODE\":0.5}}");
        HttpResponse<String> tooLikely = http.post("/admin/faults",
                "{\"rates\":{\"DROP\":0.6,\"SLOW\":0.6}}");
        HttpResponse<String> notJson = http.post("/admin/faults", "rates: 1");

        assertThat(List.of(unknownKind.statusCode(), tooLikely.statusCode(), notJson.statusCode()))
                .containsOnly(400);
        assertThat(RawHttp.json(unknownKind).at("/error/message").asText()).contains("EXPLODE");
        assertThat(server.faults()).isEqualTo(FaultPlan.next(1, FaultKind.SLOW));
    }
}
