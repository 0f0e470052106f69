package dev.heddle.preset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParseException;
import com.sun.net.httpserver.HttpServer;
import dev.heddle.config.MatchConfig;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.MessageType;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.metadata.ChatGenerationMetadata;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.DefaultUsage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.content.Media;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.ai.openai.api.OpenAiApi;
import org.springframework.ai.openai.api.ResponseFormat;
import org.springframework.ai.retry.NonTransientAiException;
import org.springframework.ai.retry.TransientAiException;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.function.FunctionToolCallback;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.retry.support.RetryTemplate;
import org.springframework.util.MimeTypeUtils;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.client.ResourceAccessException;

class SpringAiPresetTest {

    private static final Preset PRESET = Presets.named("spring-ai").orElseThrow();
    private static final ClassLoader SDK = ChatModel.class.getClassLoader();

    /** A model that could reach no server: building one calls nothing. */
    private static OpenAiChatModel model(OpenAiChatOptions defaults) {
        OpenAiApi api = OpenAiApi.builder().baseUrl("http://127.0.0.1:1").apiKey("x").build();
        return OpenAiChatModel.builder().openAiApi(api).defaultOptions(defaults).build();
    }

    private static OpenAiChatOptions.Builder options() {
        return OpenAiChatOptions.builder().model("gpt-4o-mini").temperature(0.2);
    }

    private static Prompt prompt(String question, ChatOptions options) {
        return new Prompt(List.of(new SystemMessage("Answer briefly."), new UserMessage(question)), options);
    }

    private static String key(ChatModel model, Prompt prompt) {
        return PRESET.cacheKey(model, new Object[] {prompt});
    }

    private static final OpenAiChatModel DEFAULT_MODEL = model(options().build());

    @Test
    void onlyAnAnswerWhoseGenerationsEndedNormallyIsComplete() {
        Generation stopped = new Generation(new AssistantMessage("A heddle lifts warp threads."),
                ChatGenerationMetadata.builder().finishReason("STOP").build());
        Generation cutOff = new Generation(new AssistantMessage("A heddle"),
                ChatGenerationMetadata.builder().finishReason("LENGTH").build());

        assertThat(PRESET.isCompleteAnswer(new ChatResponse(List.of(stopped)))).isTrue();
        assertThat(PRESET.isCompleteAnswer(new ChatResponse(List.of(stopped, cutOff)))).isFalse();
        assertThat(PRESET.isCompleteAnswer(new ChatResponse(List.of()))).isFalse();
    }

    @Test
    void targetsTheCallOfAPromptInEveryChatModelAndItsStreamInEveryStreamingChatModel() {
        assertThat(PRESET.name()).isEqualTo("spring-ai");
        assertThat(Presets.names()).contains("spring-ai");
        assertThat(PRESET.targets()).containsExactly(new MatchConfig("org.springframework.ai.chat.model.ChatModel", "call",
                Optional.of(List.of("org.springframework.ai.chat.prompt.Prompt"))),
                new MatchConfig("org.springframework.ai.chat.model.StreamingChatModel", "stream",
                        Optional.of(List.of("org.springframework.ai.chat.prompt.Prompt"))));
    }

    @Test
    void equalPromptsBuiltSeparatelyHaveEqualKeys() {
        String first = key(DEFAULT_MODEL, prompt("What is a heddle?", options().maxTokens(50).build()));
        String second = key(model(options().build()), prompt("What is a heddle?", options().maxTokens(50).build()));

        assertThat(first).isEqualTo(second).contains("OpenAiChatModel").contains("What is a heddle?");
    }

    @Test
    void theAnswerChangingFieldsChangeTheKey() {
        String base = key(DEFAULT_MODEL, prompt("What is a heddle?", options().build()));

        assertThat(key(DEFAULT_MODEL, prompt("What is a heddle?", options().temperature(0.9).build()))).isNotEqualTo(base);
        assertThat(key(DEFAULT_MODEL, prompt("What is a heddle?", options().model("gpt-4o").build()))).isNotEqualTo(base);
        assertThat(key(DEFAULT_MODEL, prompt("What is a loom?", options().build()))).isNotEqualTo(base);
        assertThat(key(DEFAULT_MODEL, prompt("What is a heddle?", options().maxCompletionTokens(9).build()))).isNotEqualTo(base);
        assertThat(key(DEFAULT_MODEL, prompt("What is a heddle?", options().seed(4).build()))).isNotEqualTo(base);
        assertThat(key(DEFAULT_MODEL, prompt("What is a heddle?", options().stop(List.of("\n")).build()))).isNotEqualTo(base);
        assertThat(key(DEFAULT_MODEL, prompt("What is a heddle?", options().reasoningEffort("low").build()))).isNotEqualTo(base);
        assertThat(key(DEFAULT_MODEL, prompt("What is a heddle?",
                options().responseFormat(new ResponseFormat(ResponseFormat.Type.JSON_OBJECT, null)).build()))).isNotEqualTo(base);
        assertThat(key(DEFAULT_MODEL, new Prompt(List.of(new SystemMessage("Answer at length."),
                new UserMessage("What is a heddle?")), options().build()))).isNotEqualTo(base);
    }

    @Test
    void theModelsDefaultOptionsTakePartWhenThePromptHasNone() {
        Prompt noOptions = new Prompt("What is a heddle?");

        assertThat(key(model(options().model("gpt-4o-mini").build()), noOptions))
                .isNotEqualTo(key(model(options().model("gpt-4o").build()), noOptions));
        assertThat(key(model(options().temperature(0.1).build()), noOptions))
                .isNotEqualTo(key(model(options().temperature(0.9).build()), noOptions));
        assertThat(PRESET.model(model(options().model("gpt-4o").build()), new Object[] {noOptions})).contains("gpt-4o");
    }

    @Test
    void aPromptOptionOverridesTheDefault() {
        Prompt asksForGpt4o = prompt("What is a heddle?", ChatOptions.builder().model("gpt-4o").build());

        assertThat(key(model(options().model("gpt-4o-mini").build()), asksForGpt4o))
                .isEqualTo(key(model(options().model("o3").build()), asksForGpt4o));
        assertThat(PRESET.model(DEFAULT_MODEL, new Object[] {asksForGpt4o})).contains("gpt-4o");
    }

    /** The key of (defaults D, prompt P) is the key of (defaults = what OpenAiChatModel itself merges, no prompt options). */
    @Test
    void theEffectiveOptionsAreTheOnesOpenAiChatModelMerges() throws Exception {
        OpenAiChatModel model = model(options().stop(List.of("X")).logitBias(Map.of("1", 1, "2", 2))
                .extraBody(Map.of("e1", "v")).toolNames(Set.of("weather")).build());
        Prompt prompt = prompt("What is a heddle?", OpenAiChatOptions.builder().temperature(0.9).stop(List.of())
                .logitBias(Map.of("1", 5)).extraBody(Map.of("e2", "w")).build());
        Method merge = OpenAiChatModel.class.getDeclaredMethod("buildRequestPrompt", Prompt.class);
        merge.setAccessible(true);
        OpenAiChatOptions merged = (OpenAiChatOptions) ((Prompt) merge.invoke(model, prompt)).getOptions();

        String mergedByHeddle = key(model, prompt);

        assertThat(mergedByHeddle).isEqualTo(key(model(merged), new Prompt(prompt.getInstructions())));
        assertThat(mergedByHeddle).contains("\"temperature\":0.9").contains("\"e1\":\"v\"").contains("\"e2\":\"w\"")
                .contains("weather").doesNotContain("\"stopSequences\"");
    }

    @Test
    void theUserIsReadButDoesNotChangeTheKey() {
        Prompt alice = prompt("What is a heddle?", options().user("alice").build());
        Prompt bob = prompt("What is a heddle?", options().user("bob").build());

        assertThat(key(DEFAULT_MODEL, alice)).isEqualTo(key(DEFAULT_MODEL, bob)).doesNotContain("alice");
        assertThat(PRESET.user(DEFAULT_MODEL, new Object[] {alice})).contains("alice");
        assertThat(PRESET.user(model(options().user("carol").build()), new Object[] {new Prompt("hi")})).contains("carol");
        assertThat(PRESET.user(DEFAULT_MODEL, new Object[] {new Prompt("hi")})).isEmpty();
    }

    @Test
    void toolsAreKeyedByTheirDefinitions() {
        Function<Map<String, Object>, String> weather = ignored -> "sunny";
        ToolCallback sunny = FunctionToolCallback.builder("weather", weather).description("The weather in a city")
                .inputSchema("{\"type\":\"object\"}").inputType(Map.class).build();
        ToolCallback vague = FunctionToolCallback.builder("weather", weather).description("Something about the sky")
                .inputSchema("{\"type\":\"object\"}").inputType(Map.class).build();
        ToolCallback sunnyAgain = FunctionToolCallback.builder("weather", ignored -> "rain").description("The weather in a city")
                .inputSchema("{\"type\":\"object\"}").inputType(Map.class).build();

        String withSunny = key(DEFAULT_MODEL, prompt("Weather in Lyon?", options().toolCallbacks(sunny).build()));

        assertThat(withSunny).contains("The weather in a city")
                .isNotEqualTo(key(DEFAULT_MODEL, prompt("Weather in Lyon?", options().build())))
                .isNotEqualTo(key(DEFAULT_MODEL, prompt("Weather in Lyon?", options().toolCallbacks(vague).build())))
                .isEqualTo(key(DEFAULT_MODEL, prompt("Weather in Lyon?", options().toolCallbacks(sunnyAgain).build())));
    }

    @Test
    void toolCallsAndToolResponsesInTheConversationAreKeyed() {
        AssistantMessage asked = AssistantMessage.builder().content("")
                .toolCalls(List.of(new AssistantMessage.ToolCall("call_1", "function", "weather", "{\"city\":\"Lyon\"}"))).build();
        Function<String, Prompt> answered = data -> new Prompt(List.of(new UserMessage("Weather in Lyon?"), asked,
                ToolResponseMessage.builder().responses(List.of(new ToolResponseMessage.ToolResponse("call_1", "weather", data))).build()),
                options().build());

        assertThat(key(DEFAULT_MODEL, answered.apply("sunny"))).contains("call_1").contains("Lyon")
                .isEqualTo(key(DEFAULT_MODEL, answered.apply("sunny")))
                .isNotEqualTo(key(DEFAULT_MODEL, answered.apply("rain")));
    }

    @Test
    void mediaIsKeyedByItsContentNotItsRandomDefaultName() {
        Function<byte[], Prompt> withImage = bytes -> new Prompt(UserMessage.builder().text("What is this?")
                .media(List.of(Media.builder().mimeType(MimeTypeUtils.IMAGE_PNG).data(bytes).build())).build(), options().build());

        assertThat(key(DEFAULT_MODEL, withImage.apply(new byte[] {1, 2, 3})))
                .isEqualTo(key(DEFAULT_MODEL, withImage.apply(new byte[] {1, 2, 3})))
                .isNotEqualTo(key(DEFAULT_MODEL, withImage.apply(new byte[] {1, 2, 4})))
                .doesNotContain("media-png-");
    }

    @Test
    void anOptionThatCannotBeKeyedMakesTheKeyThrow() {
        Prompt prompt = prompt("What is a heddle?", options().toolContext(Map.of("tenant", new Object())).build());

        assertThatThrownBy(() -> key(DEFAULT_MODEL, prompt)).isInstanceOf(IllegalArgumentException.class);
        assertThat(key(DEFAULT_MODEL, prompt("What is a heddle?", options().toolContext(Map.of("tenant", "acme")).build())))
                .contains("acme");
    }

    @Test
    void aPromptIsRequired() {
        assertThatThrownBy(() -> PRESET.cacheKey(DEFAULT_MODEL, new Object[] {null})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PRESET.cacheKey(DEFAULT_MODEL, new Object[] {"a string"})).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theLastUserMessageIsEmbeddedAndTheRestFingerprinted() {
        Object[] heddle = {prompt("What is a heddle?", options().build())};
        Object[] heddleAgain = {prompt("Tell me what a heddle is", options().build())};
        Object[] otherSystem = {new Prompt(List.of(new SystemMessage("Answer in French."), new UserMessage("What is a heddle?")),
                options().build())};
        Object[] otherModel = {prompt("What is a heddle?", options().model("gpt-4o").build())};

        EmbeddingText text = PRESET.textToEmbed(DEFAULT_MODEL, heddle);

        assertThat(text.text()).isEqualTo("What is a heddle?");
        assertThat(text.contextFingerprint()).hasSize(32)
                .isEqualTo(PRESET.textToEmbed(DEFAULT_MODEL, heddleAgain).contextFingerprint())
                .isNotEqualTo(PRESET.textToEmbed(DEFAULT_MODEL, otherSystem).contextFingerprint())
                .isNotEqualTo(PRESET.textToEmbed(DEFAULT_MODEL, otherModel).contextFingerprint());
        assertThat(PRESET.textToEmbed(DEFAULT_MODEL, new Object[] {new Prompt(List.<Message>of(new UserMessage("first"),
                new AssistantMessage("ok"), new UserMessage("second")))}).text()).isEqualTo("second");
        assertThat(PRESET.textToEmbed(DEFAULT_MODEL, new Object[] {new Prompt(new SystemMessage("only a system"))}).text()).isEmpty();
    }

    @Test
    void usageIsReadFromTheResponseMetadata() {
        ChatResponse response = new ChatResponse(List.of(new Generation(new AssistantMessage("A heddle lifts warp threads."))),
                ChatResponseMetadata.builder().usage(new DefaultUsage(12, 5)).build());

        assertThat(PRESET.usage(response)).contains(new TokenUsage(12, 5));
        assertThat(PRESET.usage(new ChatResponse(List.of(new Generation(new AssistantMessage("x")))))).isEmpty();
        assertThat(PRESET.usage(new ChatResponse(List.of(), ChatResponseMetadata.builder().usage(new DefaultUsage(null, 3)).build())))
                .contains(new TokenUsage(0, 3));
    }

    private static ChatResponse richResponse() {
        AssistantMessage text = AssistantMessage.builder().content("A heddle lifts warp threads.")
                .properties(Map.of("id", "chatcmpl-7", "index", 0, "created", 1700000000L, "score", 0.5,
                        "role", MessageType.ASSISTANT, "tags", List.of("a", "b"), "nested", Map.of("k", true),
                        "native", new OpenAiApi.Usage(1, 2, 3), "unstorable", new Object()))
                .build();
        AssistantMessage toolCall = AssistantMessage.builder().content(null)
                .toolCalls(List.of(new AssistantMessage.ToolCall("call_1", "function", "weather", "{\"city\":\"Lyon\"}"))).build();
        return new ChatResponse(List.of(
                new Generation(text, ChatGenerationMetadata.builder().finishReason("STOP").metadata("logprobs", List.of(-0.1, -0.2))
                        .contentFilter("none").build()),
                new Generation(toolCall)),
                ChatResponseMetadata.builder().id("chatcmpl-7").model("gpt-4o-mini-2024-07-18")
                        .usage(new DefaultUsage(12, 5, 17, new OpenAiApi.Usage(12, 5, 17)))
                        .keyValue("created", 1700000000L).keyValue("system-fingerprint", "fp_1").build());
    }

    @Test
    void aResponseWithAToolCallAsksForTools() {
        assertThat(PRESET.asksForTools(richResponse())).isTrue();
        assertThat(PRESET.asksForTools(new ChatResponse(List.of(new Generation(
                AssistantMessage.builder().content("Sunny.").build()))))).isFalse();
    }

    @Test
    void anEncodedResponseDecodesToAnEqualOne() {
        ChatResponse original = richResponse();

        String encoded = PRESET.encode(original);
        ChatResponse decoded = (ChatResponse) PRESET.decode(encoded, SDK);

        assertThat(encoded).doesNotContain("unstorable");
        AssistantMessage first = decoded.getResults().get(0).getOutput();
        assertThat(first.getText()).isEqualTo("A heddle lifts warp threads.");
        assertThat(first.getMetadata()).containsEntry("index", 0).containsEntry("created", 1700000000L)
                .containsEntry("score", 0.5).containsEntry("role", MessageType.ASSISTANT)
                .containsEntry("native", new OpenAiApi.Usage(1, 2, 3)).doesNotContainKey("unstorable");
        Map<String, Object> storable = new java.util.HashMap<>(original.getResults().get(0).getOutput().getMetadata());
        storable.remove("unstorable");
        assertThat(first.getMetadata()).isEqualTo(storable);
        assertThat(decoded.getResults().get(0).getMetadata()).isEqualTo(original.getResults().get(0).getMetadata());
        assertThat(decoded.getResults().get(1)).isEqualTo(original.getResults().get(1));
        assertThat(decoded.getResults().get(1).getOutput().getToolCalls()).containsExactly(
                new AssistantMessage.ToolCall("call_1", "function", "weather", "{\"city\":\"Lyon\"}"));
        ChatResponseMetadata metadata = decoded.getMetadata();
        assertThat(metadata.getId()).isEqualTo("chatcmpl-7");
        assertThat(metadata.getModel()).isEqualTo("gpt-4o-mini-2024-07-18");
        assertThat(metadata.getUsage()).isEqualTo(original.getMetadata().getUsage());
        assertThat(metadata.entrySet()).isEqualTo(original.getMetadata().entrySet());
        assertThat(PRESET.usage(decoded)).isEqualTo(PRESET.usage(original));
        assertThat(PRESET.encode(decoded)).isEqualTo(encoded);
    }

    @Test
    void mediaInAnAnswerSurvivesTheRoundTrip() {
        Media audio = Media.builder().mimeType(MimeTypeUtils.parseMimeType("audio/wav")).data(new byte[] {9, 8, 7}).id("audio_1").build();
        ChatResponse original = new ChatResponse(List.of(new Generation(AssistantMessage.builder().content("hi")
                .media(List.of(audio)).build())));

        ChatResponse decoded = (ChatResponse) PRESET.decode(PRESET.encode(original), SDK);

        Media back = decoded.getResult().getOutput().getMedia().get(0);
        assertThat(back.getMimeType()).isEqualTo(audio.getMimeType());
        assertThat(back.getDataAsByteArray()).isEqualTo(new byte[] {9, 8, 7});
        assertThat(back.getId()).isEqualTo("audio_1");
        assertThat(back.getName()).isEqualTo(audio.getName());
        assertThat(decoded.getMetadata().getUsage().getClass().getSimpleName()).isEqualTo("EmptyUsage");
        assertThat(PRESET.usage(decoded)).isEmpty();
    }

    @Test
    void somethingElseIsNotDecoded() {
        assertThatThrownBy(() -> PRESET.decode("{\"format\":99}", SDK)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PRESET.encode("not a response")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rateLimitsServerErrorsAndLostConnectionsAreRetryable() {
        assertThat(PRESET.isRetryable(new TransientAiException("500 - oops"))).isTrue();
        assertThat(PRESET.isRetryable(new NonTransientAiException("429 - {\"error\":\"rate_limit_exceeded\"}"))).isTrue();
        assertThat(PRESET.isRetryable(new NonTransientAiException("400 - {\"error\":\"bad\"}"))).isFalse();
        assertThat(PRESET.isRetryable(new NonTransientAiException("no status"))).isFalse();
        assertThat(PRESET.isRetryable(HttpClientErrorException.create(HttpStatus.TOO_MANY_REQUESTS, "Too Many Requests",
                new HttpHeaders(), new byte[0], StandardCharsets.UTF_8))).isTrue();
        assertThat(PRESET.isRetryable(HttpServerErrorException.create(HttpStatus.SERVICE_UNAVAILABLE, "Unavailable",
                new HttpHeaders(), new byte[0], StandardCharsets.UTF_8))).isTrue();
        assertThat(PRESET.isRetryable(HttpClientErrorException.create(HttpStatus.BAD_REQUEST, "Bad Request",
                new HttpHeaders(), new byte[0], StandardCharsets.UTF_8))).isFalse();
        assertThat(PRESET.isRetryable(new ResourceAccessException("I/O error", new SocketTimeoutException("read")))).isTrue();
        assertThat(PRESET.isRetryable(new IllegalStateException("wrapped", new TransientAiException("503 - down")))).isTrue();
        assertThat(PRESET.isRetryable(new IllegalArgumentException("a bug"))).isFalse();
        assertThat(PRESET.isRetryable(new IllegalStateException("unreadable", new JsonParseException(null, "bad body")))).isFalse();
    }

    @Test
    void aStreamThatBrokeOffAfterA200IsJudgedByItsCause() {
        var brokenOff = new org.springframework.web.reactive.function.client.WebClientResponseException(200, "OK", null, null, null);
        brokenOff.initCause(new java.io.IOException("Connection prematurely closed DURING response"));
        var refused = new org.springframework.web.reactive.function.client.WebClientResponseException(400, "Bad Request", null, null,
                null);
        refused.initCause(new java.io.IOException("irrelevant"));

        assertThat(PRESET.isRetryable(brokenOff)).isTrue();
        assertThat(PRESET.isRetryable(refused)).as("a 4xx is judged by its status").isFalse();
    }

    @Test
    void theRetryAfterHeaderIsReadWhenTheErrorCarriesIt() {
        HttpHeaders headers = new HttpHeaders();
        headers.add("Retry-After", "7");
        HttpClientErrorException limited = HttpClientErrorException.create(HttpStatus.TOO_MANY_REQUESTS, "Too Many Requests",
                headers, new byte[0], StandardCharsets.UTF_8);

        assertThat(PRESET.retryAfter(limited)).contains(Duration.ofSeconds(7));
        assertThat(PRESET.retryAfter(new IllegalStateException("wrapped", limited))).contains(Duration.ofSeconds(7));
        assertThat(PRESET.retryAfter(new NonTransientAiException("429 - slow down"))).isEmpty();
    }

    // -------- against OpenAiChatModel itself, with an in-process stub server on the loopback interface

    private static final String COMPLETION = """
            {"id":"chatcmpl-9","object":"chat.completion","created":1700000000,"model":"gpt-4o-mini-2024-07-18",
             "system_fingerprint":"fp_9",
             "choices":[{"index":0,"message":{"role":"assistant","content":"A heddle lifts warp threads.","refusal":null,
                          "annotations":[]},
                         "logprobs":{"content":[{"token":"A","logprob":-0.25,"bytes":[65],"top_logprobs":[]}],"refusal":null},
                         "finish_reason":"stop"}],
             "usage":{"prompt_tokens":12,"completion_tokens":5,"total_tokens":17,
                      "prompt_tokens_details":{"cached_tokens":0},"completion_tokens_details":{"reasoning_tokens":0}}}
            """;

    private interface StubCall {
        void run(OpenAiChatModel model) throws Exception;
    }

    private static void withStub(int status, String body, StubCall call) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        try {
            OpenAiApi api = OpenAiApi.builder().baseUrl("http://127.0.0.1:" + server.getAddress().getPort()).apiKey("x").build();
            call.run(OpenAiChatModel.builder().openAiApi(api).defaultOptions(options().build())
                    .retryTemplate(RetryTemplate.builder().maxAttempts(1).build()).build());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aResponseOfOpenAiChatModelSurvivesTheRoundTrip() throws Exception {
        withStub(200, COMPLETION, model -> {
            ChatResponse original = model.call(prompt("What is a heddle?", OpenAiChatOptions.builder().logprobs(true).build()));

            ChatResponse decoded = (ChatResponse) PRESET.decode(PRESET.encode(original), SDK);

            assertThat(decoded.getResults()).isEqualTo(original.getResults());
            Object logprobs = decoded.getResult().getMetadata().get("logprobs");
            assertThat(logprobs).isInstanceOf(OpenAiApi.LogProbs.class)
                    .isEqualTo(original.getResult().getMetadata().get("logprobs"));
            assertThat(decoded.getMetadata().getUsage()).isEqualTo(original.getMetadata().getUsage());
            assertThat(decoded.getMetadata().getId()).isEqualTo("chatcmpl-9");
            assertThat(decoded.getMetadata().entrySet()).isEqualTo(original.getMetadata().entrySet());
            assertThat(PRESET.usage(decoded)).contains(new TokenUsage(12, 5));
        });
    }

    @Test
    void theErrorsOfOpenAiChatModelAreClassified() throws Exception {
        withStub(429, "{\"error\":{\"type\":\"rate_limit_exceeded\"}}", model ->
                assertThat(PRESET.isRetryable(catchCall(model))).isTrue());
        withStub(400, "{\"error\":{\"type\":\"invalid_request_error\"}}", model ->
                assertThat(PRESET.isRetryable(catchCall(model))).isFalse());
        withStub(503, "{\"error\":{\"type\":\"server_error\"}}", model ->
                assertThat(PRESET.isRetryable(catchCall(model))).isTrue());
    }

    private static Throwable catchCall(OpenAiChatModel model) {
        try {
            model.call(new Prompt("What is a heddle?"));
        } catch (RuntimeException error) {
            return error;
        }
        throw new AssertionError("the call did not fail");
    }

    @Test
    void theProviderIsToldByTheModelClassAndTheOperationIsChat() {
        ChatModel custom = prompt -> new ChatResponse(List.of());

        assertThat(PRESET.provider(DEFAULT_MODEL)).isEqualTo("openai");
        assertThat(PRESET.provider(custom)).as("a lambda's class tells nothing").isEqualTo("spring-ai");
        assertThat(PRESET.provider(null)).isEqualTo("spring-ai");
        assertThat(PRESET.operation()).isEqualTo("chat");
    }

    @Test
    void aResponseTellsItsIdModelAndEachGenerationsFinishReasonInLowerCase() {
        ChatResponse twoReasons = new ChatResponse(List.of(
                new Generation(new AssistantMessage("a"), ChatGenerationMetadata.builder().finishReason("STOP").build()),
                new Generation(new AssistantMessage(""), ChatGenerationMetadata.builder().finishReason("TOOL_CALLS").build())));

        assertThat(PRESET.responseFacts(richResponse())).as("a generation without a finish reason adds none")
                .isEqualTo(new ResponseFacts(Optional.of("chatcmpl-7"), Optional.of("gpt-4o-mini-2024-07-18"), List.of("stop")));
        assertThat(PRESET.responseFacts(twoReasons).finishReasons()).containsExactly("stop", "tool_calls");
    }

    @Test
    void aResponseWithoutMetadataTellsNothingAndDoesNotThrow() {
        assertThat(PRESET.responseFacts(new ChatResponse(List.of(new Generation(new AssistantMessage("x"))))))
                .isEqualTo(ResponseFacts.NONE);
        assertThat(PRESET.responseFacts(new ChatResponse(List.of()))).isEqualTo(ResponseFacts.NONE);
        assertThat(PRESET.responseFacts("not a response")).isEqualTo(ResponseFacts.NONE);
        assertThat(PRESET.responseFacts(null)).isEqualTo(ResponseFacts.NONE);
    }

    @Test
    void aResponseOfOpenAiChatModelTellsTheVendorsFacts() throws Exception {
        withStub(200, COMPLETION, model -> assertThat(PRESET.responseFacts(model.call(prompt("What is a heddle?", options().build()))))
                .isEqualTo(new ResponseFacts(Optional.of("chatcmpl-9"), Optional.of("gpt-4o-mini-2024-07-18"), List.of("stop"))));
    }
}
