package dev.heddle.preset;

import static org.assertj.core.api.Assertions.assertThat;

import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.Metadata;
import com.openai.core.ObjectMappers;
import com.openai.core.RequestOptions;
import com.openai.core.http.Headers;
import com.openai.errors.BadRequestException;
import com.openai.errors.InternalServerException;
import com.openai.errors.OpenAIIoException;
import com.openai.errors.RateLimitException;
import com.openai.models.ChatModel;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.responses.Response;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StainlessSdkPresetTest {

    private static final Preset OPENAI = Presets.named("openai-java").orElseThrow();
    private static final Preset ANTHROPIC = Presets.named("anthropic-java").orElseThrow();

    private static final String CHAT_COMPLETION_JSON = """
            {"id":"chatcmpl-7","object":"chat.completion","created":1700000000,"model":"gpt-4o-mini",
             "choices":[{"index":0,"message":{"role":"assistant","content":"A heddle lifts warp threads.","refusal":null},
                         "logprobs":null,"finish_reason":"stop"}],
             "usage":{"prompt_tokens":12,"completion_tokens":5,"total_tokens":17},"system_fingerprint":"fp"}
            """;

    private static final String MESSAGE_JSON = """
            {"id":"msg_3","type":"message","role":"assistant","model":"claude-3-5-haiku-latest",
             "content":[{"type":"text","text":"A heddle lifts warp threads."}],
             "stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":20,"output_tokens":6}}
            """;

    private static ChatCompletionCreateParams.Builder chat() {
        return ChatCompletionCreateParams.builder()
                .model(ChatModel.GPT_4O_MINI)
                .addSystemMessage("Answer briefly.")
                .addUserMessage("What is a heddle?")
                .temperature(0.2);
    }

    private static Object[] call(Object params) {
        return new Object[] {params, RequestOptions.none()};
    }

    private static String openAiKey(ChatCompletionCreateParams params) {
        return OPENAI.cacheKey(null, call(params));
    }

    @Test
    void equalRequestsBuiltSeparatelyHaveEqualKeys() {
        assertThat(openAiKey(chat().build())).isEqualTo(openAiKey(chat().build()));
    }

    @Test
    void temperatureModelAndMessagesChangeTheKey() {
        String key = openAiKey(chat().build());

        assertThat(openAiKey(chat().temperature(0.9).build())).isNotEqualTo(key);
        assertThat(openAiKey(chat().model(ChatModel.GPT_4O).build())).isNotEqualTo(key);
        assertThat(openAiKey(chat().addUserMessage("And a shaft?").build())).isNotEqualTo(key);
        assertThat(openAiKey(chat().maxCompletionTokens(50).build())).isNotEqualTo(key);
    }

    @Test
    void theUserAndTheStoreFlagDoNotChangeTheKey() {
        assertThat(openAiKey(chat().user("alice").store(true).build())).isEqualTo(openAiKey(chat().user("bob").build()));
    }

    @Test
    void modelAndUserAreReadFromTheRequest() {
        Object[] arguments = call(chat().user("alice").build());

        assertThat(OPENAI.model(null, arguments)).contains("gpt-4o-mini");
        assertThat(OPENAI.user(null, arguments)).contains("alice");
        assertThat(OPENAI.user(null, call(chat().build()))).isEmpty();
    }

    @Test
    void theLastUserMessageIsEmbeddedAndTheRestIsItsContext() {
        EmbeddingText text = OPENAI.textToEmbed(null, call(chat().build()));
        EmbeddingText otherSystem = OPENAI.textToEmbed(null, call(chat().addSystemMessage("Be formal.").build()));
        EmbeddingText otherUser = OPENAI.textToEmbed(null, call(chat().user("bob").build()));

        assertThat(text.text()).isEqualTo("What is a heddle?");
        assertThat(otherSystem.text()).isEqualTo(text.text());
        assertThat(otherSystem.contextFingerprint()).isNotEqualTo(text.contextFingerprint());
        assertThat(otherUser.contextFingerprint()).isEqualTo(text.contextFingerprint());
    }

    @Test
    void usageComesFromTheResponse() throws IOException {
        ChatCompletion completion = ObjectMappers.jsonMapper().readValue(CHAT_COMPLETION_JSON, ChatCompletion.class);

        assertThat(OPENAI.usage(completion)).contains(new TokenUsage(12, 5));
    }

    @Test
    void aResponseSurvivesEncodingAndDecodingWithoutJavaSerialization() throws IOException {
        ChatCompletion completion = ObjectMappers.jsonMapper().readValue(CHAT_COMPLETION_JSON, ChatCompletion.class);

        String encoded = OPENAI.encode(completion);
        Object decoded = OPENAI.decode(encoded, ChatCompletion.class.getClassLoader());

        assertThat(encoded).startsWith(ChatCompletion.class.getName() + "\n{");
        assertThat(decoded).isInstanceOf(ChatCompletion.class).isEqualTo(completion);
    }

    @Test
    void anAnswerCutOffByTheTokenLimitIsNotComplete() throws IOException {
        ChatCompletion stopped = ObjectMappers.jsonMapper().readValue(CHAT_COMPLETION_JSON, ChatCompletion.class);
        ChatCompletion cutOff = ObjectMappers.jsonMapper().readValue(
                CHAT_COMPLETION_JSON.replace("\"finish_reason\":\"stop\"", "\"finish_reason\":\"length\""), ChatCompletion.class);
        ChatCompletion filtered = ObjectMappers.jsonMapper().readValue(
                CHAT_COMPLETION_JSON.replace("\"finish_reason\":\"stop\"", "\"finish_reason\":\"content_filter\""),
                ChatCompletion.class);

        assertThat(OPENAI.isCompleteAnswer(stopped)).isTrue();
        assertThat(OPENAI.isCompleteAnswer(cutOff)).isFalse();
        assertThat(OPENAI.isCompleteAnswer(filtered)).isFalse();
    }

    @Test
    void anAnswerThatAsksForToolsIsKnownAsSuch() throws IOException {
        ChatCompletion stopped = ObjectMappers.jsonMapper().readValue(CHAT_COMPLETION_JSON, ChatCompletion.class);
        ChatCompletion toolCall = ObjectMappers.jsonMapper().readValue(
                CHAT_COMPLETION_JSON.replace("\"finish_reason\":\"stop\"", "\"finish_reason\":\"tool_calls\""), ChatCompletion.class);
        Message ended = com.anthropic.core.ObjectMappers.jsonMapper().readValue(MESSAGE_JSON, Message.class);
        Message toolUse = com.anthropic.core.ObjectMappers.jsonMapper().readValue(MESSAGE_JSON.replace("end_turn", "tool_use"),
                Message.class);

        assertThat(OPENAI.asksForTools(stopped)).isFalse();
        assertThat(OPENAI.asksForTools(toolCall)).isTrue();
        assertThat(ANTHROPIC.asksForTools(ended)).isFalse();
        assertThat(ANTHROPIC.asksForTools(toolUse)).isTrue();
    }

    @Test
    void anAnthropicAnswerThatHitMaxTokensIsNotComplete() throws IOException {
        Message ended = com.anthropic.core.ObjectMappers.jsonMapper().readValue(MESSAGE_JSON, Message.class);
        Message cutOff = com.anthropic.core.ObjectMappers.jsonMapper().readValue(
                MESSAGE_JSON.replace("end_turn", "max_tokens"), Message.class);

        assertThat(ANTHROPIC.isCompleteAnswer(ended)).isTrue();
        assertThat(ANTHROPIC.isCompleteAnswer(cutOff)).isFalse();
    }

    @Test
    void rateLimitsAndServerErrorsAreRetryableAndBadRequestsAreNot() {
        RateLimitException rateLimit = RateLimitException.builder()
                .headers(Headers.builder().put("retry-after", "7").build()).build();
        InternalServerException serverError = InternalServerException.builder()
                .statusCode(503).headers(Headers.builder().build()).build();
        BadRequestException badRequest = BadRequestException.builder().headers(Headers.builder().build()).build();

        assertThat(OPENAI.isRetryable(rateLimit)).isTrue();
        assertThat(OPENAI.isRetryable(serverError)).isTrue();
        assertThat(OPENAI.isRetryable(badRequest)).isFalse();
        assertThat(OPENAI.isRetryable(new IllegalArgumentException("bad"))).isFalse();
        assertThat(OPENAI.isRetryable(new java.net.SocketTimeoutException("read timed out"))).isTrue();
    }

    @Test
    void theVendorsRetryAfterIsRead() {
        RateLimitException seconds = RateLimitException.builder()
                .headers(Headers.builder().put("retry-after", "7").build()).build();
        RateLimitException millis = RateLimitException.builder()
                .headers(Headers.builder().put("retry-after-ms", "1500").put("retry-after", "2").build()).build();
        RateLimitException none = RateLimitException.builder().headers(Headers.builder().build()).build();

        assertThat(OPENAI.retryAfter(seconds)).contains(Duration.ofSeconds(7));
        assertThat(OPENAI.retryAfter(millis)).contains(Duration.ofMillis(1500));
        assertThat(OPENAI.retryAfter(none)).isEmpty();
    }

    @Test
    void aLostConnectionIsRetryableAndHasNoRetryAfter() {
        OpenAIIoException lost = new OpenAIIoException("connection reset", new java.io.IOException("reset"));

        assertThat(OPENAI.isRetryable(lost)).isTrue();
        assertThat(OPENAI.retryAfter(lost)).isEmpty();
    }

    private static MessageCreateParams.Builder message() {
        return MessageCreateParams.builder()
                .model("claude-3-5-haiku-latest")
                .maxTokens(200)
                .system("Answer briefly.")
                .addUserMessage("What is a heddle?");
    }

    private static Object[] anthropicCall(MessageCreateParams params) {
        return new Object[] {params, com.anthropic.core.RequestOptions.none()};
    }

    @Test
    void anthropicKeysIgnoreTheMetadataUserButNotTheSystemPrompt() {
        String key = ANTHROPIC.cacheKey(null, anthropicCall(message().build()));
        MessageCreateParams withUser = message().metadata(Metadata.builder().userId("alice").build()).build();

        assertThat(ANTHROPIC.cacheKey(null, anthropicCall(withUser))).isEqualTo(key);
        assertThat(ANTHROPIC.user(null, anthropicCall(withUser))).contains("alice");
        assertThat(ANTHROPIC.cacheKey(null, anthropicCall(message().system("Be formal.").build()))).isNotEqualTo(key);
        assertThat(ANTHROPIC.model(null, anthropicCall(message().build()))).contains("claude-3-5-haiku-latest");
    }

    @Test
    void aRequestCanAskAnotherModelWithEverythingElseKept() {
        Object[] original = call(chat().user("alice").build());

        Object[] cheaper = OPENAI.withModel(null, original, "gpt-3.5-turbo");
        Object[] anthropicCheaper = ANTHROPIC.withModel(null, anthropicCall(message().build()), "claude-3-haiku-20240307");

        assertThat(OPENAI.model(null, cheaper)).contains("gpt-3.5-turbo");
        assertThat(OPENAI.model(null, original)).as("the original request is left unchanged").contains("gpt-4o-mini");
        assertThat(OPENAI.cacheKey(null, cheaper)).isEqualTo(OPENAI.cacheKey(null,
                call(chat().model("gpt-3.5-turbo").build())));
        assertThat(OPENAI.user(null, cheaper)).contains("alice");
        assertThat(cheaper[1]).isSameAs(original[1]);
        assertThat(ANTHROPIC.model(null, anthropicCheaper)).contains("claude-3-haiku-20240307");
    }

    @Test
    void anthropicUsageAndCodecWork() throws IOException {
        Message response = com.anthropic.core.ObjectMappers.jsonMapper().readValue(MESSAGE_JSON, Message.class);

        assertThat(ANTHROPIC.usage(response)).contains(new TokenUsage(20, 6));
        assertThat(ANTHROPIC.decode(ANTHROPIC.encode(response), Message.class.getClassLoader())).isEqualTo(response);
    }

    @Test
    void theProviderIsTheSdksVendorAndTheOperationIsChat() {
        assertThat(OPENAI.provider(null)).isEqualTo("openai");
        assertThat(ANTHROPIC.provider(null)).isEqualTo("anthropic");
        assertThat(OPENAI.operation()).isEqualTo("chat");
        assertThat(ANTHROPIC.operation()).isEqualTo("chat");
    }

    @Test
    void aChatCompletionTellsItsIdModelAndTheFinishReasonOfEachChoice() throws IOException {
        ChatCompletion completion = ObjectMappers.jsonMapper().readValue(CHAT_COMPLETION_JSON, ChatCompletion.class);
        ChatCompletion twoChoices = ObjectMappers.jsonMapper().readValue(CHAT_COMPLETION_JSON.replace(
                "\"finish_reason\":\"stop\"}]", "\"finish_reason\":\"stop\"},"
                        + "{\"index\":1,\"message\":{\"role\":\"assistant\",\"content\":\"A heddle\"},\"finish_reason\":\"length\"}]"),
                ChatCompletion.class);
        ChatCompletion toolCall = ObjectMappers.jsonMapper().readValue(
                CHAT_COMPLETION_JSON.replace("\"finish_reason\":\"stop\"", "\"finish_reason\":\"tool_calls\""), ChatCompletion.class);

        assertThat(OPENAI.responseFacts(completion))
                .isEqualTo(new ResponseFacts(Optional.of("chatcmpl-7"), Optional.of("gpt-4o-mini"), List.of("stop")));
        assertThat(OPENAI.responseFacts(twoChoices).finishReasons()).containsExactly("stop", "length");
        assertThat(OPENAI.responseFacts(toolCall).finishReasons()).containsExactly("tool_calls");
    }

    @Test
    void anAnthropicMessageTellsItsIdModelAndStopReason() throws IOException {
        Message ended = com.anthropic.core.ObjectMappers.jsonMapper().readValue(MESSAGE_JSON, Message.class);
        Message toolUse = com.anthropic.core.ObjectMappers.jsonMapper().readValue(MESSAGE_JSON.replace("end_turn", "tool_use"),
                Message.class);

        assertThat(ANTHROPIC.responseFacts(ended))
                .isEqualTo(new ResponseFacts(Optional.of("msg_3"), Optional.of("claude-3-5-haiku-latest"), List.of("end_turn")));
        assertThat(ANTHROPIC.responseFacts(toolUse).finishReasons()).containsExactly("tool_use");
    }

    private static final String RESPONSE_JSON = """
            {"id":"resp_5","object":"response","created_at":1700000000,"model":"gpt-4o-mini-2024-07-18",
             "status":"completed","incomplete_details":null,"error":null,"instructions":null,"metadata":{},
             "output":[{"type":"message","id":"msg_1","status":"completed","role":"assistant",
                        "content":[{"type":"output_text","text":"A heddle lifts warp threads.","annotations":[]}]}],
             "parallel_tool_calls":true,"temperature":1.0,"tool_choice":"auto","tools":[],"top_p":1.0}
            """;

    @Test
    void aResponsesApiAnswerTellsItsStatusOrWhyItIsIncompleteForWantOfAFinishReason() throws IOException {
        Response completed = ObjectMappers.jsonMapper().readValue(RESPONSE_JSON, Response.class);
        Response cutOff = ObjectMappers.jsonMapper().readValue(RESPONSE_JSON.replace("\"status\":\"completed\",\"incomplete_details\":null",
                "\"status\":\"incomplete\",\"incomplete_details\":{\"reason\":\"max_output_tokens\"}"), Response.class);

        assertThat(OPENAI.responseFacts(completed))
                .isEqualTo(new ResponseFacts(Optional.of("resp_5"), Optional.of("gpt-4o-mini-2024-07-18"), List.of("completed")));
        assertThat(OPENAI.responseFacts(cutOff).finishReasons()).containsExactly("max_output_tokens");
    }

    @Test
    void aResponseWithoutTheseFieldsTellsNothingAndDoesNotThrow() throws IOException {
        ChatCompletion bare = ObjectMappers.jsonMapper().readValue("{\"object\":\"chat.completion\"}", ChatCompletion.class);
        Message bareMessage = com.anthropic.core.ObjectMappers.jsonMapper().readValue("{\"type\":\"message\"}", Message.class);

        assertThat(OPENAI.responseFacts(bare)).isEqualTo(ResponseFacts.NONE);
        assertThat(ANTHROPIC.responseFacts(bareMessage)).isEqualTo(ResponseFacts.NONE);
        assertThat(OPENAI.responseFacts("not a response")).isEqualTo(ResponseFacts.NONE);
        assertThat(OPENAI.responseFacts(null)).isEqualTo(ResponseFacts.NONE);
    }
}
