package dev.heddle.preset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heddle.config.MatchConfig;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.LangChain4jException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.ToolChoice;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.ChatResponseMetadata;
import dev.langchain4j.model.openai.LogProb;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiChatRequestParameters;
import dev.langchain4j.model.openai.OpenAiChatResponseMetadata;
import dev.langchain4j.model.openai.OpenAiTokenUsage;
import dev.langchain4j.model.output.FinishReason;
import java.io.IOException;
import java.net.ConnectException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LangChain4jPresetTest {

    private static final Preset PRESET = Presets.named("langchain4j").orElseThrow();

    /** The receiver of the woven call; its class is part of the key, nothing else of it. */
    private static final OpenAiChatModel MODEL = OpenAiChatModel.builder()
            .apiKey("test").baseUrl("http://localhost:1").modelName("gpt-4o-mini").build();

    private static final ToolSpecification WEATHER = ToolSpecification.builder()
            .name("weather").description("The weather in a city")
            .parameters(JsonObjectSchema.builder().addStringProperty("city").required("city").build())
            .build();

    private static List<ChatMessage> conversation(String system, String question) {
        return List.of(SystemMessage.from(system), UserMessage.from("What is a loom?"),
                AiMessage.from("A machine for weaving."), UserMessage.from(question));
    }

    private static OpenAiChatRequestParameters.Builder parameters() {
        return OpenAiChatRequestParameters.builder().modelName("gpt-4o-mini").temperature(0.2).maxOutputTokens(200);
    }

    private static ChatRequest request(List<ChatMessage> messages, ChatRequestParameters parameters) {
        return ChatRequest.builder().messages(messages).parameters(parameters).build();
    }

    private static ChatRequest request(ChatRequestParameters parameters) {
        return request(conversation("Answer briefly.", "What is a heddle?"), parameters);
    }

    private static ChatRequest request() {
        return request(parameters().build());
    }

    private static String key(ChatRequest request) {
        return PRESET.cacheKey(MODEL, new Object[] {request});
    }

    @Test
    void itWeavesDoChatOfEveryChatModelAndStreamingChatModel() {
        assertThat(PRESET.name()).isEqualTo("langchain4j");
        assertThat(PRESET.targets()).containsExactly(new MatchConfig("dev.langchain4j.model.chat.ChatModel", "doChat",
                Optional.of(List.of("dev.langchain4j.model.chat.request.ChatRequest"))),
                new MatchConfig("dev.langchain4j.model.chat.StreamingChatModel", "doChat",
                        Optional.of(List.of("dev.langchain4j.model.chat.request.ChatRequest",
                                "dev.langchain4j.model.chat.response.StreamingChatResponseHandler"))));
        assertThat(Presets.names()).contains("langchain4j");
    }

    @Test
    void equalRequestsBuiltSeparatelyHaveEqualKeys() {
        assertThat(request()).isNotSameAs(request());
        assertThat(key(request())).isEqualTo(key(request()));
    }

    @Test
    void temperatureModelMessagesAndSystemMessageChangeTheKey() {
        String key = key(request());

        assertThat(key(request(parameters().temperature(0.9).build()))).isNotEqualTo(key);
        assertThat(key(request(parameters().modelName("gpt-4o").build()))).isNotEqualTo(key);
        assertThat(key(request(parameters().maxOutputTokens(50).build()))).isNotEqualTo(key);
        assertThat(key(request(parameters().seed(7).build()))).isNotEqualTo(key);
        assertThat(key(request(conversation("Answer briefly.", "And a shaft?"), parameters().build()))).isNotEqualTo(key);
        assertThat(key(request(conversation("Be formal.", "What is a heddle?"), parameters().build()))).isNotEqualTo(key);
    }

    @Test
    void toolsToolChoiceAndResponseFormatChangeTheKey() {
        String key = key(request());
        ToolSpecification otherWeather = WEATHER.toBuilder().description("Today's weather").build();
        ResponseFormat json = ResponseFormat.builder().type(ResponseFormatType.JSON)
                .jsonSchema(JsonSchema.builder().name("answer")
                        .rootElement(JsonObjectSchema.builder().addStringProperty("text").build()).build())
                .build();
        ResponseFormat otherJson = ResponseFormat.builder().type(ResponseFormatType.JSON)
                .jsonSchema(JsonSchema.builder().name("answer")
                        .rootElement(JsonObjectSchema.builder().addIntegerProperty("text").build()).build())
                .build();

        String withTool = key(request(parameters().toolSpecifications(WEATHER).build()));
        assertThat(withTool).isNotEqualTo(key);
        assertThat(key(request(parameters().toolSpecifications(WEATHER).build()))).isEqualTo(withTool);
        assertThat(key(request(parameters().toolSpecifications(otherWeather).build()))).isNotEqualTo(withTool);
        assertThat(key(request(parameters().toolSpecifications(WEATHER).toolChoice(ToolChoice.REQUIRED).build())))
                .isNotEqualTo(withTool);
        String withFormat = key(request(parameters().responseFormat(json).build()));
        assertThat(withFormat).isNotEqualTo(key);
        assertThat(key(request(parameters().responseFormat(otherJson).build()))).isNotEqualTo(withFormat);
    }

    @Test
    void theUserStoreAndMetadataDoNotChangeTheKey() {
        String key = key(request(parameters().user("alice").store(true).metadata(Map.of("team", "a")).build()));

        assertThat(key(request(parameters().user("bob").build()))).isEqualTo(key);
        assertThat(key(request())).isEqualTo(key);
    }

    @Test
    void theModelClassIsPartOfTheKey() {
        Object[] arguments = {request()};

        assertThat(PRESET.cacheKey(new Object(), arguments)).isNotEqualTo(PRESET.cacheKey(MODEL, arguments));
    }

    @Test
    void aRequestWithPlainParametersIsKeyedToo() {
        ChatRequest plain = ChatRequest.builder().messages(UserMessage.from("Hi")).temperature(0.3).modelName("m").build();

        assertThat(PRESET.cacheKey(MODEL, new Object[] {plain}))
                .contains("\"temperature\":0.3").contains("\"modelName\":\"m\"").contains("Hi");
        assertThat(PRESET.user(MODEL, new Object[] {plain})).isEmpty();
    }

    @Test
    void modelAndUserAreReadFromTheParameters() {
        Object[] arguments = {request(parameters().user("alice").build())};

        assertThat(PRESET.model(MODEL, arguments)).contains("gpt-4o-mini");
        assertThat(PRESET.user(MODEL, arguments)).contains("alice");
        assertThat(PRESET.user(MODEL, new Object[] {request()})).isEmpty();
    }

    @Test
    void theLastUserMessageIsEmbeddedAndTheRestIsItsContext() {
        EmbeddingText text = PRESET.textToEmbed(MODEL, new Object[] {request()});
        EmbeddingText otherSystem = PRESET.textToEmbed(MODEL,
                new Object[] {request(conversation("Be formal.", "What is a heddle?"), parameters().build())});
        EmbeddingText otherQuestion = PRESET.textToEmbed(MODEL,
                new Object[] {request(conversation("Answer briefly.", "What's a heddle?"), parameters().build())});
        EmbeddingText otherUser = PRESET.textToEmbed(MODEL, new Object[] {request(parameters().user("bob").build())});

        assertThat(text.text()).isEqualTo("What is a heddle?");
        assertThat(text.contextFingerprint()).hasSize(32).matches("[0-9a-f]+");
        assertThat(otherSystem.text()).isEqualTo(text.text());
        assertThat(otherSystem.contextFingerprint()).isNotEqualTo(text.contextFingerprint());
        assertThat(otherQuestion.text()).isEqualTo("What's a heddle?");
        assertThat(otherQuestion.contextFingerprint()).isEqualTo(text.contextFingerprint());
        assertThat(otherUser.contextFingerprint()).isEqualTo(text.contextFingerprint());
    }

    @Test
    void theImagesOfTheLastUserMessageAreContextNotText() {
        EmbeddingText cat = PRESET.textToEmbed(MODEL, new Object[] {request(List.of(UserMessage.from(
                TextContent.from("What is this?"), ImageContent.from("https://example.com/cat.png"))), parameters().build())});
        EmbeddingText dog = PRESET.textToEmbed(MODEL, new Object[] {request(List.of(UserMessage.from(
                TextContent.from("What is this?"), ImageContent.from("https://example.com/dog.png"))), parameters().build())});
        EmbeddingText dogAgain = PRESET.textToEmbed(MODEL, new Object[] {request(List.of(UserMessage.from(
                TextContent.from("What's that?"), ImageContent.from("https://example.com/dog.png"))), parameters().build())});

        assertThat(cat.text()).isEqualTo("What is this?");
        assertThat(dog.contextFingerprint()).isNotEqualTo(cat.contextFingerprint());
        assertThat(dogAgain.contextFingerprint()).isEqualTo(dog.contextFingerprint());
    }

    private static ChatResponse response() {
        return ChatResponse.builder()
                .aiMessage(AiMessage.from("A heddle lifts warp threads."))
                .id("chatcmpl-7").modelName("gpt-4o-mini-2024-07-18")
                .tokenUsage(new dev.langchain4j.model.output.TokenUsage(12, 5))
                .finishReason(FinishReason.STOP)
                .build();
    }

    @Test
    void onlyAnAnswerThatStoppedOrAskedForToolsIsComplete() {
        ChatResponse cutOff = ChatResponse.builder().aiMessage(AiMessage.from("A heddle")).finishReason(FinishReason.LENGTH).build();
        ChatResponse filtered = ChatResponse.builder().aiMessage(AiMessage.from("")).finishReason(FinishReason.CONTENT_FILTER).build();
        ChatResponse noReasonButText = ChatResponse.builder().aiMessage(AiMessage.from("A heddle lifts.")).build();

        assertThat(PRESET.isCompleteAnswer(response())).isTrue();
        assertThat(PRESET.isCompleteAnswer(cutOff)).isFalse();
        assertThat(PRESET.isCompleteAnswer(filtered)).isFalse();
        assertThat(PRESET.isCompleteAnswer(noReasonButText)).isTrue();
    }

    @Test
    void usageComesFromTheResponse() {
        ChatResponse partial = ChatResponse.builder().aiMessage(AiMessage.from("x"))
                .tokenUsage(new dev.langchain4j.model.output.TokenUsage(null, 4)).build();
        ChatResponse none = ChatResponse.builder().aiMessage(AiMessage.from("x")).build();

        assertThat(PRESET.usage(response())).contains(new TokenUsage(12, 5));
        assertThat(PRESET.usage(partial)).contains(new TokenUsage(0, 4));
        assertThat(PRESET.usage(none)).isEmpty();
        assertThat(PRESET.usage("not a response")).isEmpty();
    }

    @Test
    void aResponseSurvivesEncodingAndDecodingWithoutJavaSerialization() {
        ChatResponse response = response();

        String encoded = PRESET.encode(response);
        Object decoded = PRESET.decode(encoded, ChatResponse.class.getClassLoader());

        assertThat(encoded).startsWith("{").contains("A heddle lifts warp threads.").contains("\"finishReason\":\"STOP\"");
        assertThat(decoded).isInstanceOf(ChatResponse.class).isEqualTo(response);
        assertThat(((ChatResponse) decoded).metadata().getClass()).isEqualTo(ChatResponseMetadata.class);
        assertThat(PRESET.encode(decoded)).isEqualTo(encoded);
    }

    @Test
    void toolCallsThinkingAndAttributesSurviveTheCodec() {
        AiMessage message = AiMessage.builder()
                .text("Let me look.").thinking("The user wants the weather.")
                .toolExecutionRequests(List.of(ToolExecutionRequest.builder()
                        .id("call_1").name("weather").arguments("{\"city\":\"Lyon\"}").build()))
                .attributes(Map.of("source", "test"))
                .build();
        ChatResponse response = ChatResponse.builder().aiMessage(message).id("x")
                .finishReason(FinishReason.TOOL_EXECUTION).build();

        assertThat(PRESET.decode(PRESET.encode(response), ChatResponse.class.getClassLoader())).isEqualTo(response);
        assertThat(PRESET.asksForTools(response)).isTrue();
        assertThat(PRESET.asksForTools(ChatResponse.builder().aiMessage(AiMessage.from("Sunny.")).build())).isFalse();
    }

    @Test
    void openAiMetadataKeepsItsClassAndDetailsButNotTheRawHttpResponse() {
        OpenAiTokenUsage usage = OpenAiTokenUsage.builder().inputTokenCount(12).outputTokenCount(5).totalTokenCount(17)
                .inputTokensDetails(OpenAiTokenUsage.InputTokensDetails.builder().cachedTokens(8).build())
                .outputTokensDetails(OpenAiTokenUsage.OutputTokensDetails.builder().reasoningTokens(2).build())
                .build();
        LogProb logProb = LogProb.builder().token("A").logprob(-0.25).bytes(List.of(65))
                .topLogprobs(List.of(LogProb.builder().token("The").logprob(-1.5).bytes(List.of(84, 104, 101)).build()))
                .build();
        OpenAiChatResponseMetadata.Builder metadata = OpenAiChatResponseMetadata.builder()
                .created(1_700_000_000L).serviceTier("default").systemFingerprint("fp_1").logProbs(List.of(logProb));
        metadata.id("chatcmpl-7").modelName("gpt-4o-mini").tokenUsage(usage).finishReason(FinishReason.STOP);
        ChatResponse response = ChatResponse.builder().aiMessage(AiMessage.from("A heddle.")).metadata(metadata.build()).build();
        SuccessfulHttpResponse http = SuccessfulHttpResponse.builder().statusCode(200)
                .headers(Map.of("set-cookie", List.of("secret"))).body("{}").build();
        ChatResponse live = response.toBuilder().metadata(((OpenAiChatResponseMetadata) response.metadata()).toBuilder()
                .rawHttpResponse(http).build()).build();

        Object decoded = PRESET.decode(PRESET.encode(response), ChatResponse.class.getClassLoader());
        String encodedLive = PRESET.encode(live);

        assertThat(decoded).isEqualTo(response);
        assertThat(((ChatResponse) decoded).metadata()).isInstanceOf(OpenAiChatResponseMetadata.class);
        assertThat(((ChatResponse) decoded).tokenUsage()).isEqualTo(usage);
        assertThat(PRESET.usage(decoded)).contains(new TokenUsage(12, 5));
        assertThat(encodedLive).doesNotContain("secret").isEqualTo(PRESET.encode(response));
    }

    @Test
    void rateLimitsServerErrorsAndTimeoutsAreRetryableAndBadRequestsAreNot() {
        assertThat(PRESET.isRetryable(new RateLimitException(new HttpException(429, "slow down")))).isTrue();
        assertThat(PRESET.isRetryable(new RateLimitException("slow down"))).isTrue();
        assertThat(PRESET.isRetryable(new InternalServerException(new HttpException(503, "busy")))).isTrue();
        assertThat(PRESET.isRetryable(new dev.langchain4j.exception.TimeoutException("read timed out"))).isTrue();
        assertThat(PRESET.isRetryable(new HttpException(502, "bad gateway"))).isTrue();
        assertThat(PRESET.isRetryable(new LangChain4jException(new RuntimeException(new ConnectException("refused")))))
                .isTrue();

        assertThat(PRESET.isRetryable(new InvalidRequestException(new HttpException(400, "bad request")))).isFalse();
        assertThat(PRESET.isRetryable(new InvalidRequestException("bad request"))).isFalse();
        assertThat(PRESET.isRetryable(new AuthenticationException(new HttpException(401, "who?")))).isFalse();
        assertThat(PRESET.isRetryable(new HttpException(400, "bad request"))).isFalse();
        assertThat(PRESET.isRetryable(new IllegalArgumentException("bad"))).isFalse();
    }

    @Test
    void thereIsNoRetryAfterSinceTheExceptionsDoNotKeepTheHeaders() {
        assertThat(PRESET.retryAfter(new RateLimitException(new HttpException(429, "{\"error\":\"slow down\"}")))).isEmpty();
    }

    @Test
    void aRequestThatIsNotAChatRequestCannotBeKeyed() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PRESET.cacheKey(MODEL, new Object[] {"hi"}))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PRESET.cacheKey(MODEL, new Object[0]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theMergedRequestThatDoChatSeesIsKeyedLikeTheSameRequestBuiltByHand() {
        // what ChatModel.chat(ChatRequest) passes to doChat: the model's defaults overridden by the request's
        ChatRequest asked = ChatRequest.builder().messages(new ArrayList<>(conversation("Answer briefly.", "What is a heddle?")))
                .parameters(ChatRequestParameters.builder().temperature(0.2).maxOutputTokens(200).build()).build();
        ChatRequest merged = ChatRequest.builder().messages(asked.messages())
                .parameters(MODEL.defaultRequestParameters().overrideWith(asked.parameters())).build();

        assertThat(key(merged)).isEqualTo(key(request()));
    }

    @Test
    void theProviderIsToldByTheModelClassAndTheOperationIsChat() {
        ChatModel custom = new ChatModel() {
        };

        assertThat(PRESET.provider(MODEL)).isEqualTo("openai");
        assertThat(PRESET.provider(custom)).as("an anonymous model's class tells nothing").isEqualTo("langchain4j");
        assertThat(PRESET.provider(null)).isEqualTo("langchain4j");
        assertThat(PRESET.operation()).isEqualTo("chat");
    }

    @Test
    void aResponseTellsTheIdModelAndFinishReasonOfItsMetadata() {
        assertThat(PRESET.responseFacts(response()))
                .isEqualTo(new ResponseFacts(Optional.of("chatcmpl-7"), Optional.of("gpt-4o-mini-2024-07-18"), List.of("stop")));
    }

    @Test
    void finishReasonsAreWrittenInTheWordsOfTheConventions() {
        Map<FinishReason, String> expected = Map.of(FinishReason.STOP, "stop", FinishReason.LENGTH, "length",
                FinishReason.TOOL_EXECUTION, "tool_calls", FinishReason.CONTENT_FILTER, "content_filter",
                FinishReason.OTHER, "other");

        expected.forEach((reason, word) -> assertThat(PRESET.responseFacts(
                ChatResponse.builder().aiMessage(AiMessage.from("x")).finishReason(reason).build()).finishReasons())
                .as(reason.name()).containsExactly(word));
    }

    @Test
    void anOpenAiResponseTellsItsFactsThroughItsOwnMetadataClass() {
        OpenAiChatResponseMetadata.Builder metadata = OpenAiChatResponseMetadata.builder().systemFingerprint("fp_1");
        metadata.id("chatcmpl-8").modelName("gpt-4o").finishReason(FinishReason.TOOL_EXECUTION);
        ChatResponse response = ChatResponse.builder().aiMessage(AiMessage.from("x")).metadata(metadata.build()).build();

        assertThat(PRESET.responseFacts(response))
                .isEqualTo(new ResponseFacts(Optional.of("chatcmpl-8"), Optional.of("gpt-4o"), List.of("tool_calls")));
    }

    @Test
    void aResponseWithoutMetadataFieldsTellsNothingAndDoesNotThrow() {
        assertThat(PRESET.responseFacts(ChatResponse.builder().aiMessage(AiMessage.from("x")).build())).isEqualTo(ResponseFacts.NONE);
        assertThat(PRESET.responseFacts("not a response")).isEqualTo(ResponseFacts.NONE);
        assertThat(PRESET.responseFacts(null)).isEqualTo(ResponseFacts.NONE);
    }
}
