package dev.heddle.demo.mock;

import static dev.heddle.demo.mock.RawHttp.message;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code POST /v1/messages} (Anthropic) over plain HTTP. */
class MessagesEndpointTest {

    private static MockLlmServer server;
    private static RawHttp http;

    @BeforeAll
    static void start() {
        server = MockLlmServer.start();
        http = new RawHttp(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String answer(String body) {
        return http.postOk(MockLlmServer.MESSAGES, body).at("/content/0/text").asText();
    }

    @Test
    void answersInExactlyTheAnthropicShape() {
        JsonNode response = http.postOk(MockLlmServer.MESSAGES,
                message("claude-sonnet-4-5", "What is a heddle?", "\"temperature\":0.3"));

        assertThat(response.fieldNames()).toIterable().containsExactly(
                "id", "type", "role", "model", "content", "stop_reason", "stop_sequence", "usage");
        assertThat(response.get("id").asText()).matches("msg_\\d+");
        assertThat(response.get("type").asText()).isEqualTo("message");
        assertThat(response.get("role").asText()).isEqualTo("assistant");
        assertThat(response.get("model").asText()).isEqualTo("claude-sonnet-4-5");
        assertThat(response.get("content")).hasSize(1);
        assertThat(response.at("/content/0/type").asText()).isEqualTo("text");
        String answer = response.at("/content/0/text").asText();
        assertThat(answer).startsWith("claude-sonnet-4-5 answers (t=0.3): ").contains("\"What is a heddle?\"");
        assertThat(response.get("stop_reason").asText()).isEqualTo("end_turn");
        assertThat(response.get("stop_sequence").isNull()).isTrue();
        assertThat(response.get("usage").fieldNames()).toIterable().containsExactly("input_tokens", "output_tokens");
        assertThat(response.at("/usage/input_tokens").asInt()).isEqualTo(5);
        assertThat(response.at("/usage/output_tokens").asInt()).isEqualTo(MockAnswers.countTokens(answer));
    }

    @Test
    void systemAsStringOrTextBlocksAndContentAsStringOrBlocksAreTheSameRequest() {
        String plain = "{\"model\":\"c\",\"max_tokens\":100,\"system\":\"Be terse.\","
                + "\"messages\":[{\"role\":\"user\",\"content\":\"What is a heddle?\"}]}";
        String blocks = "{\"model\":\"c\",\"max_tokens\":100,\"system\":[{\"type\":\"text\",\"text\":\"Be terse.\"}],"
                + "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"What is a heddle?\"}]}]}";

        JsonNode response = http.postOk(MockLlmServer.MESSAGES, blocks);

        assertThat(response.at("/content/0/text").asText()).isEqualTo(answer(plain));
        assertThat(response.at("/usage/input_tokens").asInt()).isEqualTo(3 + 5);
    }

    @Test
    void systemPromptModelAndTemperatureChangeTheAnswerButTheUserDoesNot() {
        String base = answer(message("c", "What is a heddle?", ""));

        assertThat(answer(message("c", "What is a heddle?", "\"system\":\"Be terse.\""))).isNotEqualTo(base);
        assertThat(answer(message("d", "What is a heddle?", ""))).isNotEqualTo(base);
        assertThat(answer(message("c", "What is a heddle?", "\"temperature\":0"))).isNotEqualTo(base);
        assertThat(answer(message("c", "What is a heddle?", "\"metadata\":{\"user_id\":\"bob\"},\"top_p\":0.9")))
                .isEqualTo(base);
    }

    @Test
    void streamSendsTheAnthropicEventSequence() throws Exception {
        String expected = answer(message("c", "What is a heddle?", ""));

        HttpResponse<String> response = http.post(MockLlmServer.MESSAGES,
                message("c", "What is a heddle?", "\"stream\":true"));

        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/event-stream"));
        List<RawHttp.Event> events = RawHttp.events(response.body());
        assertThat(events).allSatisfy(event -> assertThat(event.json().get("type").asText()).isEqualTo(event.name()));
        List<String> names = events.stream().map(RawHttp.Event::name).distinct().toList();
        assertThat(names).containsExactly("message_start", "content_block_start", "content_block_delta",
                "content_block_stop", "message_delta", "message_stop");
        assertThat(events.get(0).name()).isEqualTo("message_start");
        JsonNode start = events.get(0).json().get("message");
        assertThat(start.get("id").asText()).startsWith("msg_");
        assertThat(start.get("content")).isEmpty();
        assertThat(start.at("/usage/input_tokens").asInt()).isEqualTo(5);

        List<RawHttp.Event> deltas = events.stream().filter(e -> e.name().equals("content_block_delta")).toList();
        assertThat(deltas).hasSizeGreaterThan(5);
        StringBuilder text = new StringBuilder();
        deltas.forEach(delta -> {
            assertThat(delta.json().at("/delta/type").asText()).isEqualTo("text_delta");
            text.append(delta.json().at("/delta/text").asText());
        });
        assertThat(text.toString()).isEqualTo(expected);

        JsonNode messageDelta = events.get(events.size() - 2).json();
        assertThat(messageDelta.at("/delta/stop_reason").asText()).isEqualTo("end_turn");
        assertThat(messageDelta.at("/usage/output_tokens").asInt()).isEqualTo(MockAnswers.countTokens(expected));
        assertThat(events.get(events.size() - 1).name()).isEqualTo("message_stop");
    }

    @Test
    void missingMaxTokensIsAnAnthropicShapedBadRequest() throws Exception {
        HttpResponse<String> response = http.post(MockLlmServer.MESSAGES,
                "{\"model\":\"c\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = RawHttp.json(response);
        assertThat(error.get("type").asText()).isEqualTo("error");
        assertThat(error.at("/error/type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.at("/error/message").asText()).contains("max_tokens");
    }

    @Test
    void malformedJsonIsAnAnthropicShapedBadRequest() throws Exception {
        HttpResponse<String> response = http.post(MockLlmServer.MESSAGES, "{\"model\": ");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(RawHttp.json(response).at("/error/type").asText()).isEqualTo("invalid_request_error");
        assertThat(response.headers().firstValue("request-id")).isPresent();
    }
}
