package dev.heddle.demo.mock;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.ai.openai.OpenAiEmbeddingModel;
import org.springframework.ai.openai.api.OpenAiApi;

/** Spring AI's OpenAI module ({@code org.springframework.ai:spring-ai-openai}) works against the mock unchanged. */
class SpringAiCompatibilityTest {

    private static MockLlmServer server;
    private static OpenAiApi api;

    @BeforeAll
    static void start() {
        server = MockLlmServer.start();
        api = OpenAiApi.builder().baseUrl(server.baseUrl()).apiKey("test").build();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void clean() {
        server.faults(FaultPlan.none());
        server.stats().reset();
    }

    private static OpenAiChatModel model(OpenAiChatOptions options) {
        return OpenAiChatModel.builder().openAiApi(api).defaultOptions(options).build();
    }

    @Test
    void chatModelAnswersAPrompt() {
        OpenAiChatModel model = model(OpenAiChatOptions.builder().model("gpt-4o-mini").build());

        ChatResponse response = model.call(new Prompt("hi"));

        String answer = response.getResult().getOutput().getText();
        assertThat(answer).startsWith("gpt-4o-mini answers (t=").contains("\"hi\"");
        assertThat(response.getMetadata().getUsage().getPromptTokens()).isEqualTo(MockAnswers.countTokens("hi"));
        assertThat(response.getMetadata().getUsage().getCompletionTokens()).isEqualTo(MockAnswers.countTokens(answer));
        assertThat(model.call(new Prompt("hi")).getResult().getOutput().getText()).isEqualTo(answer);
        assertThat(server.stats().requests(MockLlmServer.CHAT_COMPLETIONS)).isEqualTo(2);
    }

    @Test
    void optionsReachTheServer() {
        OpenAiChatModel model = model(OpenAiChatOptions.builder()
                .model("gpt-4o").temperature(0.9).user("carol").build());

        String answer = model.call(new Prompt("What is a heddle?")).getResult().getOutput().getText();

        assertThat(answer).startsWith("gpt-4o answers (t=0.9): ");
        assertThat(server.stats().requestsForUser("carol")).isEqualTo(1);
    }

    @Test
    void streamingChatModelStreamsTheSameAnswer() {
        OpenAiChatModel model = model(OpenAiChatOptions.builder().model("gpt-4o-mini").build());
        String expected = model.call(new Prompt("What is a heddle?")).getResult().getOutput().getText();

        List<ChatResponse> chunks = model.stream(new Prompt("What is a heddle?")).collectList().block();

        String streamed = Objects.requireNonNull(chunks).stream()
                .filter(chunk -> chunk.getResult() != null && chunk.getResult().getOutput().getText() != null)
                .map(chunk -> chunk.getResult().getOutput().getText())
                .reduce("", String::concat);
        assertThat(streamed).isEqualTo(expected);
    }

    @Test
    void embeddingModelEmbedsText() {
        OpenAiEmbeddingModel embeddings = new OpenAiEmbeddingModel(api);

        float[] vector = embeddings.embed("What is a heddle?");

        assertThat(vector).containsExactly(MockEmbeddings.embed("What is a heddle?", MockEmbeddings.DEFAULT_DIMENSIONS));
    }
}
