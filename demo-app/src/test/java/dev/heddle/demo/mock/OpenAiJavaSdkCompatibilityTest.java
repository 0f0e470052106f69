package dev.heddle.demo.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.OpenAIClientAsync;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.client.okhttp.OpenAIOkHttpClientAsync;
import com.openai.core.http.StreamResponse;
import com.openai.errors.InternalServerException;
import com.openai.errors.OpenAIIoException;
import com.openai.errors.RateLimitException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.CompletionUsage;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The official OpenAI Java SDK ({@code com.openai:openai-java}) works against the mock unchanged. */
class OpenAiJavaSdkCompatibilityTest {

    private static MockLlmServer server;
    private static OpenAIClient client;

    @BeforeAll
    static void start() {
        server = MockLlmServer.start();
        client = OpenAIOkHttpClient.builder()
                .baseUrl(server.baseUrl() + "/v1")
                .apiKey("test-key")
                .maxRetries(0)
                .build();
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    @BeforeEach
    void clean() {
        server.faults(FaultPlan.none());
        server.stats().reset();
    }

    private static ChatCompletionCreateParams question() {
        return ChatCompletionCreateParams.builder()
                .model("gpt-4o-mini")
                .addSystemMessage("Answer in one sentence.")
                .addUserMessage("What is a heddle?")
                .temperature(0.2)
                .user("alice")
                .build();
    }

    @Test
    void chatCompletionReturnsTheDeterministicAnswerAndItsUsage() {
        ChatCompletion completion = client.chat().completions().create(question());

        String answer = completion.choices().get(0).message().content().orElseThrow();
        assertThat(answer).startsWith("gpt-4o-mini answers (t=0.2): ").contains("What is a heddle?");
        assertThat(completion.id()).startsWith("chatcmpl-");
        assertThat(completion.model()).isEqualTo("gpt-4o-mini");
        assertThat(completion.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        CompletionUsage usage = completion.usage().orElseThrow();
        assertThat(usage.promptTokens()).isEqualTo(
                MockAnswers.countTokens("Answer in one sentence.") + MockAnswers.countTokens("What is a heddle?"));
        assertThat(usage.completionTokens()).isEqualTo(MockAnswers.countTokens(answer));
        assertThat(usage.totalTokens()).isEqualTo(usage.promptTokens() + usage.completionTokens());
        assertThat(client.chat().completions().create(question()).choices().get(0).message().content())
                .contains(answer);
        assertThat(server.stats().requestsForUser("alice")).isEqualTo(2);
        assertThat(server.stats().requestsForModel("gpt-4o-mini")).isEqualTo(2);
    }

    @Test
    void streamedCompletionYieldsChunksThatJoinToTheSameAnswerAndEndWithUsage() {
        String expected = client.chat().completions().create(question()).choices().get(0).message().content()
                .orElseThrow();
        ChatCompletionCreateParams streamed = question().toBuilder()
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
                .build();

        List<ChatCompletionChunk> chunks = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(streamed)) {
            stream.stream().forEach(chunks::add);
        }

        StringBuilder text = new StringBuilder();
        chunks.forEach(chunk -> chunk.choices().forEach(choice -> choice.delta().content().ifPresent(text::append)));
        assertThat(text.toString()).isEqualTo(expected);
        assertThat(chunks).hasSizeGreaterThan(5);
        assertThat(chunks.get(0).choices().get(0).delta().role()).isPresent();
        ChatCompletionChunk last = chunks.get(chunks.size() - 1);
        assertThat(last.choices()).isEmpty();
        assertThat(last.usage().orElseThrow().completionTokens()).isEqualTo(MockAnswers.countTokens(expected));
        assertThat(chunks.get(chunks.size() - 2).choices().get(0).finishReason())
                .contains(ChatCompletionChunk.Choice.FinishReason.STOP);
    }

    @Test
    void asyncClientGetsTheSameAnswer() throws Exception {
        String expected = client.chat().completions().create(question()).choices().get(0).message().content()
                .orElseThrow();
        OpenAIClientAsync async = OpenAIOkHttpClientAsync.builder()
                .baseUrl(server.baseUrl() + "/v1")
                .apiKey("test-key")
                .maxRetries(0)
                .build();
        try {
            ChatCompletion completion = async.chat().completions().create(question()).get(30, TimeUnit.SECONDS);

            assertThat(completion.choices().get(0).message().content()).contains(expected);
        } finally {
            async.close();
        }
    }

    @Test
    void embeddingsComeBackAsUnitVectors() {
        CreateEmbeddingResponse response = client.embeddings().create(EmbeddingCreateParams.builder()
                .model("text-embedding-3-small")
                .input("What is a heddle?")
                .build());

        List<Float> vector = response.data().get(0).embedding();
        assertThat(vector).hasSize(MockEmbeddings.DEFAULT_DIMENSIONS);
        double norm = vector.stream().mapToDouble(v -> v * v).sum();
        assertThat(norm).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
        assertThat(response.usage().promptTokens()).isEqualTo(MockAnswers.countTokens("What is a heddle?"));
        assertThat(response.model()).isEqualTo("text-embedding-3-small");
    }

    @Test
    void rateLimitFaultSurfacesAsRateLimitExceptionWithRetryAfter() {
        server.faults(FaultPlan.next(1, FaultKind.RATE_LIMIT));

        assertThatThrownBy(() -> client.chat().completions().create(question()))
                .isInstanceOfSatisfying(RateLimitException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(429);
                    assertThat(e.headers().values("retry-after")).containsExactly("1");
                    assertThat(e.type()).contains("rate_limit_exceeded");
                });
        assertThat(client.chat().completions().create(question()).choices()).hasSize(1);
        assertThat(server.stats().faults(FaultKind.RATE_LIMIT)).isEqualTo(1);
    }

    @Test
    void serverErrorFaultSurfacesAsInternalServerException() {
        server.faults(FaultPlan.next(1, FaultKind.SERVER_ERROR));

        assertThatThrownBy(() -> client.chat().completions().create(question()))
                .isInstanceOfSatisfying(InternalServerException.class,
                        e -> assertThat(e.statusCode()).isEqualTo(500));
    }

    @Test
    void droppedConnectionSurfacesAsOpenAiIoExceptionWithoutAHiddenRetry() {
        client.chat().completions().create(question()); // a pooled keep-alive connection now exists
        server.stats().reset();
        server.faults(FaultPlan.next(1, FaultKind.DROP));

        assertThatThrownBy(() -> client.chat().completions().create(question()))
                .isInstanceOf(OpenAIIoException.class);
        assertThat(server.stats().requests()).isEqualTo(1);
        assertThat(client.chat().completions().create(question()).choices()).hasSize(1);
    }

    @Test
    void sdkRetriesPastAnUnavailableFaultWhenRetriesAreOn() {
        server.faults(FaultPlan.builder().next(1, FaultKind.UNAVAILABLE).build());
        OpenAIClient retrying = OpenAIOkHttpClient.builder()
                .baseUrl(server.baseUrl() + "/v1")
                .apiKey("test-key")
                .maxRetries(2)
                .build();
        try {
            ChatCompletion completion = retrying.chat().completions().create(question());

            assertThat(completion.choices().get(0).message().content()).isPresent();
        } finally {
            retrying.close();
        }
        assertThat(server.stats().requests(MockLlmServer.CHAT_COMPLETIONS)).isEqualTo(2);
        assertThat(server.stats().faults(FaultKind.UNAVAILABLE)).isEqualTo(1);
    }
}
