package dev.heddle.demo.mock;

import static dev.heddle.demo.mock.RawHttp.chat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code POST /v1/chat/completions} over plain HTTP. */
class ChatCompletionsEndpointTest {

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
        return http.postOk(MockLlmServer.CHAT_COMPLETIONS, body).at("/choices/0/message/content").asText();
    }

    @Test
    void answersInExactlyTheOpenAiShape() {
        JsonNode response = http.postOk(MockLlmServer.CHAT_COMPLETIONS,
                chat("gpt-4o-mini", "What is a heddle?", "\"temperature\":0.2"));

        assertThat(response.fieldNames()).toIterable().containsExactly(
                "id", "object", "created", "model", "choices", "usage", "system_fingerprint");
        assertThat(response.get("id").asText()).matches("chatcmpl-\\d+");
        assertThat(response.get("object").asText()).isEqualTo("chat.completion");
        assertThat(response.get("created").isIntegralNumber()).isTrue();
        assertThat(response.get("created").asLong()).isPositive();
        assertThat(response.get("model").asText()).isEqualTo("gpt-4o-mini");
        assertThat(response.get("system_fingerprint").asText()).isEqualTo("mock");
        JsonNode choice = response.at("/choices/0");
        assertThat(response.get("choices")).hasSize(1);
        assertThat(choice.fieldNames()).toIterable().containsExactly("index", "message", "logprobs", "finish_reason");
        assertThat(choice.get("index").asInt()).isZero();
        assertThat(choice.get("logprobs").isNull()).isTrue();
        assertThat(choice.get("finish_reason").asText()).isEqualTo("stop");
        JsonNode message = choice.get("message");
        assertThat(message.fieldNames()).toIterable().containsExactly("role", "content", "refusal");
        assertThat(message.get("role").asText()).isEqualTo("assistant");
        assertThat(message.get("refusal").isNull()).isTrue();
        String answer = message.get("content").asText();
        assertThat(answer).startsWith("gpt-4o-mini answers (t=0.2): ").contains("\"What is a heddle?\"");
        JsonNode usage = response.get("usage");
        assertThat(usage.fieldNames()).toIterable().containsExactly("prompt_tokens", "completion_tokens", "total_tokens");
        assertThat(usage.get("prompt_tokens").asInt()).isEqualTo(5); // What is a heddle ?
        assertThat(usage.get("completion_tokens").asInt()).isEqualTo(MockAnswers.countTokens(answer));
        assertThat(usage.get("total_tokens").asInt()).isEqualTo(5 + MockAnswers.countTokens(answer));
    }

    @Test
    void sameRequestAlwaysGetsTheSameAnswerButAFreshId() {
        String body = chat("gpt-4o-mini", "What is a heddle?", "\"temperature\":0.7");

        JsonNode first = http.postOk(MockLlmServer.CHAT_COMPLETIONS, body);
        JsonNode second = http.postOk(MockLlmServer.CHAT_COMPLETIONS, body);

        assertThat(second.at("/choices/0/message/content")).isEqualTo(first.at("/choices/0/message/content"));
        assertThat(second.get("id")).isNotEqualTo(first.get("id"));
    }

    @Test
    void modelTemperatureSystemPromptAndEarlierTurnsEachChangeTheAnswer() {
        String base = answer(chat("gpt-4o-mini", "What is a heddle?", "\"temperature\":0.7"));

        assertThat(answer(chat("gpt-4o", "What is a heddle?", "\"temperature\":0.7"))).isNotEqualTo(base);
        assertThat(answer(chat("gpt-4o-mini", "What is a heddle?", "\"temperature\":0.8"))).isNotEqualTo(base)
                .startsWith("gpt-4o-mini answers (t=0.8): ");
        assertThat(answer(chat("gpt-4o-mini", "What is a heddle?", ""))).isNotEqualTo(base)
                .startsWith("gpt-4o-mini answers (t=default): ");
        String withSystem = "{\"model\":\"gpt-4o-mini\",\"temperature\":0.7,\"messages\":["
                + "{\"role\":\"system\",\"content\":\"Be terse.\"},{\"role\":\"user\",\"content\":\"What is a heddle?\"}]}";
        assertThat(answer(withSystem)).isNotEqualTo(base);
        String withHistory = "{\"model\":\"gpt-4o-mini\",\"temperature\":0.7,\"messages\":["
                + "{\"role\":\"user\",\"content\":\"Hello\"},{\"role\":\"assistant\",\"content\":\"Hi!\"},"
                + "{\"role\":\"user\",\"content\":\"What is a heddle?\"}]}";
        assertThat(answer(withHistory)).isNotEqualTo(base).contains("\"What is a heddle?\"");
    }

    @Test
    void userTopPAndToolsDoNotChangeTheAnswer() {
        String base = answer(chat("gpt-4o-mini", "What is a heddle?", "\"temperature\":0.7"));

        assertThat(answer(chat("gpt-4o-mini", "What is a heddle?",
                "\"temperature\":0.7,\"user\":\"alice\",\"top_p\":0.5,\"tools\":[{\"type\":\"function\","
                        + "\"function\":{\"name\":\"lookup\",\"parameters\":{\"type\":\"object\"}}}]")))
                .isEqualTo(base);
    }

    @Test
    void temperatureIsReadAsANumberWhateverItsSpelling() {
        assertThat(answer(chat("m", "q", "\"temperature\":1"))).isEqualTo(answer(chat("m", "q", "\"temperature\":1.0")))
                .startsWith("m answers (t=1): ");
    }

    @Test
    void contentPartsCountLikeTheSameTextAsAString() {
        String parts = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":["
                + "{\"type\":\"text\",\"text\":\"What is\"},{\"type\":\"image_url\",\"image_url\":{\"url\":\"x\"}},"
                + "{\"type\":\"text\",\"text\":\"a heddle?\"}]}]}";

        JsonNode response = http.postOk(MockLlmServer.CHAT_COMPLETIONS, parts);

        assertThat(response.at("/usage/prompt_tokens").asInt()).isEqualTo(5);
        assertThat(response.at("/choices/0/message/content").asText()).contains("\"What is a heddle?\"");
    }

    @Test
    void promptTokensCountEveryMessageIncludingTheSystemPrompt() {
        String body = "{\"model\":\"m\",\"messages\":[{\"role\":\"system\",\"content\":\"You are kind.\"},"
                + "{\"role\":\"user\",\"content\":\"Hi, gpt-4o!\"},{\"role\":\"assistant\",\"content\":null,"
                + "\"tool_calls\":[]},{\"role\":\"tool\",\"tool_call_id\":\"1\",\"content\":\"42\"}]}";

        JsonNode response = http.postOk(MockLlmServer.CHAT_COMPLETIONS, body);

        // You are kind . = 4; Hi , gpt - 4o ! = 6; (null) = 0; 42 = 1
        assertThat(response.at("/usage/prompt_tokens").asInt()).isEqualTo(11);
    }

    @Test
    void maxTokensCutsTheAnswerAndFinishesWithLength() {
        for (String limit : List.of("\"max_tokens\":6", "\"max_completion_tokens\":6")) {
            JsonNode response = http.postOk(MockLlmServer.CHAT_COMPLETIONS, chat("gpt-4o-mini", "What is a heddle?", limit));

            assertThat(response.at("/choices/0/finish_reason").asText()).isEqualTo("length");
            // gpt - 4o - mini answers: six tokens
            assertThat(response.at("/choices/0/message/content").asText()).isEqualTo("gpt-4o-mini answers");
            assertThat(response.at("/usage/completion_tokens").asInt()).isEqualTo(6);
        }
    }

    @Test
    void severalChoicesGiveDifferentAnswersAndAddUpTheirTokens() {
        JsonNode response = http.postOk(MockLlmServer.CHAT_COMPLETIONS, chat("gpt-4o-mini", "What is a heddle?", "\"n\":2"));

        String first = response.at("/choices/0/message/content").asText();
        String second = response.at("/choices/1/message/content").asText();
        assertThat(response.at("/choices/1/index").asInt()).isEqualTo(1);
        assertThat(first).isEqualTo(answer(chat("gpt-4o-mini", "What is a heddle?", ""))).isNotEqualTo(second);
        assertThat(response.at("/usage/completion_tokens").asInt())
                .isEqualTo(MockAnswers.countTokens(first) + MockAnswers.countTokens(second));
    }

    @Test
    void streamSendsRoleThenWordChunksThenStopThenUsageThenDone() throws Exception {
        String expected = answer(chat("gpt-4o-mini", "What is a heddle?", ""));

        HttpResponse<String> response = http.post(MockLlmServer.CHAT_COMPLETIONS, chat("gpt-4o-mini",
                "What is a heddle?", "\"stream\":true,\"stream_options\":{\"include_usage\":true}"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/event-stream"));
        List<RawHttp.Event> events = RawHttp.events(response.body());
        assertThat(events).allSatisfy(event -> assertThat(event.name()).isNull());
        assertThat(events.get(events.size() - 1).data()).isEqualTo("[DONE]");
        List<JsonNode> chunks = new ArrayList<>();
        events.subList(0, events.size() - 1).forEach(event -> chunks.add(event.json()));
        String id = chunks.get(0).get("id").asText();
        assertThat(chunks).allSatisfy(chunk -> {
            assertThat(chunk.get("object").asText()).isEqualTo("chat.completion.chunk");
            assertThat(chunk.get("id").asText()).isEqualTo(id);
            assertThat(chunk.get("model").asText()).isEqualTo("gpt-4o-mini");
        });
        JsonNode first = chunks.get(0).at("/choices/0");
        assertThat(first.at("/delta/role").asText()).isEqualTo("assistant");
        assertThat(first.get("finish_reason").isNull()).isTrue();
        assertThat(chunks.get(0).get("usage").isNull()).isTrue();

        List<JsonNode> words = chunks.subList(1, chunks.size() - 2);
        assertThat(words).hasSizeGreaterThan(5);
        StringBuilder text = new StringBuilder();
        words.forEach(chunk -> text.append(chunk.at("/choices/0/delta/content").asText()));
        assertThat(text.toString()).isEqualTo(expected);

        JsonNode stop = chunks.get(chunks.size() - 2);
        assertThat(stop.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(stop.at("/choices/0/delta").isEmpty()).isTrue();
        JsonNode usage = chunks.get(chunks.size() - 1);
        assertThat(usage.get("choices")).isEmpty();
        assertThat(usage.at("/usage/prompt_tokens").asInt()).isEqualTo(5);
        assertThat(usage.at("/usage/completion_tokens").asInt()).isEqualTo(MockAnswers.countTokens(expected));
    }

    @Test
    void streamWithoutIncludeUsageEndsWithStopAndDone() throws Exception {
        HttpResponse<String> response = http.post(MockLlmServer.CHAT_COMPLETIONS,
                chat("gpt-4o-mini", "What is a heddle?", "\"stream\":true"));

        List<RawHttp.Event> events = RawHttp.events(response.body());
        assertThat(events.get(events.size() - 1).data()).isEqualTo("[DONE]");
        JsonNode last = events.get(events.size() - 2).json();
        assertThat(last.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(events.subList(0, events.size() - 1))
                .allSatisfy(event -> assertThat(event.json().has("usage")).isFalse());
    }
}
