package dev.heddle.demo.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.AnthropicClientAsync;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClientAsync;
import com.anthropic.core.JsonValue;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.RateLimitException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.Metadata;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.TextBlock;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The official Anthropic Java SDK ({@code com.anthropic:anthropic-java}) works against the mock unchanged. */
class AnthropicJavaSdkCompatibilityTest {

    private static MockLlmServer server;
    private static AnthropicClient client;

    @BeforeAll
    static void start() {
        server = MockLlmServer.start();
        client = AnthropicOkHttpClient.builder()
                .baseUrl(server.baseUrl())
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

    private static MessageCreateParams question() {
        return MessageCreateParams.builder()
                .model("claude-sonnet-4-5")
                .maxTokens(1024)
                .system("Answer in one sentence.")
                .addUserMessage("What is a heddle?")
                .metadata(Metadata.builder().userId("bob").build())
                .build();
    }

    private static String text(Message message) {
        return message.content().get(0).text().map(TextBlock::text).orElseThrow();
    }

    @Test
    void messageReturnsTheDeterministicAnswerAndItsUsage() {
        Message message = client.messages().create(question());

        String answer = text(message);
        assertThat(answer).startsWith("claude-sonnet-4-5 answers (t=default): ").contains("What is a heddle?");
        assertThat(message.id()).startsWith("msg_");
        assertThat(message.stopReason()).contains(StopReason.END_TURN);
        assertThat(message.usage().inputTokens()).isEqualTo(
                MockAnswers.countTokens("Answer in one sentence.") + MockAnswers.countTokens("What is a heddle?"));
        assertThat(message.usage().outputTokens()).isEqualTo(MockAnswers.countTokens(answer));
        assertThat(text(client.messages().create(question()))).isEqualTo(answer);
        assertThat(server.stats().requestsForUser("bob")).isEqualTo(2);
        assertThat(server.stats().requests(MockLlmServer.MESSAGES)).isEqualTo(2);
    }

    @Test
    void streamedMessageAccumulatesToTheSameAnswer() {
        String expected = text(client.messages().create(question()));
        MessageAccumulator accumulator = MessageAccumulator.create();
        StringBuilder deltas = new StringBuilder();

        try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(question())) {
            stream.stream()
                    .peek(accumulator::accumulate)
                    .flatMap(event -> event.contentBlockDelta().stream())
                    .flatMap(delta -> delta.delta().text().stream())
                    .forEach(textDelta -> deltas.append(textDelta.text()));
        }

        assertThat(deltas.toString()).isEqualTo(expected);
        Message message = accumulator.message();
        assertThat(text(message)).isEqualTo(expected);
        assertThat(message.stopReason()).contains(StopReason.END_TURN);
        assertThat(message.usage().outputTokens()).isEqualTo(MockAnswers.countTokens(expected));
        assertThat(message.usage().inputTokens()).isEqualTo(
                MockAnswers.countTokens("Answer in one sentence.") + MockAnswers.countTokens("What is a heddle?"));
    }

    @Test
    void asyncClientGetsTheSameAnswer() throws Exception {
        String expected = text(client.messages().create(question()));
        AnthropicClientAsync async = AnthropicOkHttpClientAsync.builder()
                .baseUrl(server.baseUrl())
                .apiKey("test-key")
                .maxRetries(0)
                .build();
        try {
            assertThat(text(async.messages().create(question()).get(30, TimeUnit.SECONDS))).isEqualTo(expected);
        } finally {
            async.close();
        }
    }

    @Test
    void temperatureSentAsAnExtraBodyPropertyChangesTheAnswer() {
        // anthropic-java 3.x has no temperature() on MessageCreateParams; the raw body property still works
        Message warm = client.messages().create(question().toBuilder()
                .putAdditionalBodyProperty("temperature", JsonValue.from(0.5))
                .build());

        assertThat(text(warm)).startsWith("claude-sonnet-4-5 answers (t=0.5): ")
                .isNotEqualTo(text(client.messages().create(question())));
    }

    @Test
    void smallMaxTokensCutsTheAnswerAndSaysSo() {
        Message message = client.messages().create(question().toBuilder().maxTokens(5).build());

        assertThat(message.stopReason()).contains(StopReason.MAX_TOKENS);
        assertThat(message.usage().outputTokens()).isEqualTo(5);
        assertThat(MockAnswers.countTokens(text(message))).isEqualTo(5);
    }

    @Test
    void rateLimitFaultSurfacesAsRateLimitException() {
        server.faults(FaultPlan.next(1, FaultKind.RATE_LIMIT));

        assertThatThrownBy(() -> client.messages().create(question()))
                .isInstanceOfSatisfying(RateLimitException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(429);
                    assertThat(e.headers().values("retry-after")).containsExactly("1");
                });
        assertThat(text(client.messages().create(question()))).isNotEmpty();
    }
}
