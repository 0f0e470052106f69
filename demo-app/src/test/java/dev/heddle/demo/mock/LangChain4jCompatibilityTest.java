package dev.heddle.demo.mock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiEmbeddingModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** LangChain4j's OpenAI module ({@code dev.langchain4j:langchain4j-open-ai}) works against the mock unchanged. */
class LangChain4jCompatibilityTest {

    private static MockLlmServer server;

    @BeforeAll
    static void start() {
        server = MockLlmServer.start();
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

    private static ChatModel model() {
        return OpenAiChatModel.builder()
                .baseUrl(server.baseUrl() + "/v1")
                .apiKey("test")
                .modelName("gpt-4o-mini")
                .build();
    }

    @Test
    void chatModelAnswersHi() {
        String answer = model().chat("hi");

        assertThat(answer).startsWith("gpt-4o-mini answers (t=").contains("\"hi\"");
        assertThat(model().chat("hi")).isEqualTo(answer);
        assertThat(server.stats().requestsForModel("gpt-4o-mini")).isEqualTo(2);
    }

    @Test
    void chatResponseCarriesTheTokenUsage() {
        ChatResponse response = model().chat(ChatRequest.builder()
                .messages(UserMessage.from("What is a heddle?"))
                .temperature(0.3)
                .build());

        String answer = response.aiMessage().text();
        assertThat(answer).startsWith("gpt-4o-mini answers (t=0.3): ");
        assertThat(response.tokenUsage().inputTokenCount()).isEqualTo(MockAnswers.countTokens("What is a heddle?"));
        assertThat(response.tokenUsage().outputTokenCount()).isEqualTo(MockAnswers.countTokens(answer));
    }

    @Test
    void streamingChatModelStreamsTheSameAnswer() throws Exception {
        String expected = model().chat("What is a heddle?");
        OpenAiStreamingChatModel streaming = OpenAiStreamingChatModel.builder()
                .baseUrl(server.baseUrl() + "/v1")
                .apiKey("test")
                .modelName("gpt-4o-mini")
                .build();
        StringBuilder partials = new StringBuilder();
        CompletableFuture<ChatResponse> done = new CompletableFuture<>();

        streaming.chat("What is a heddle?", new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(String partialResponse) {
                partials.append(partialResponse);
            }

            @Override
            public void onCompleteResponse(ChatResponse completeResponse) {
                done.complete(completeResponse);
            }

            @Override
            public void onError(Throwable error) {
                done.completeExceptionally(error);
            }
        });

        ChatResponse response = done.get(30, TimeUnit.SECONDS);
        assertThat(partials.toString()).isEqualTo(expected);
        assertThat(response.aiMessage().text()).isEqualTo(expected);
    }

    @Test
    void embeddingModelEmbedsText() {
        OpenAiEmbeddingModel embeddings = OpenAiEmbeddingModel.builder()
                .baseUrl(server.baseUrl() + "/v1")
                .apiKey("test")
                .modelName("text-embedding-3-small")
                .build();

        Embedding embedding = embeddings.embed("What is a heddle?").content();

        assertThat(embedding.vector()).hasSize(MockEmbeddings.DEFAULT_DIMENSIONS);
        assertThat(embedding.vector()).containsExactly(MockEmbeddings.embed("What is a heddle?",
                MockEmbeddings.DEFAULT_DIMENSIONS));
    }
}
