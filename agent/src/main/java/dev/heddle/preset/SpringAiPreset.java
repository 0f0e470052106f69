package dev.heddle.preset;

import dev.heddle.config.MatchConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.URL;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A preset for Spring AI chat models (written against Spring AI 1.1.2, {@code spring-ai-model} and
 * {@code spring-ai-openai}). Everything about Spring AI's objects goes through reflection: Heddle
 * lives in its own class loader and never links against the app's Spring AI.
 *
 * <h2>What is woven</h2>
 * {@code ChatModel.call(Prompt)} in every class that implements {@code
 * org.springframework.ai.chat.model.ChatModel} and declares the method with a body. Verified in the
 * 1.1.2 byte code:
 * <ul>
 *   <li>{@code ChatModel.call(String)}, {@code call(Message...)} and the generic bridge {@code
 *       call(ModelRequest)} are interface default methods that build a {@code Prompt} and call {@code
 *       call(Prompt)} through the interface, so every call reaches the woven method exactly once.
 *       The bridge {@code call(ModelRequest)} that javac also puts in each implementation is
 *       synthetic and never woven, nor would its parameter type match.</li>
 *   <li>{@code OpenAiChatModel.call(Prompt)} runs {@code buildRequestPrompt} and {@code
 *       internalCall}, neither of them woven; the internal tool-calling loop recurses through
 *       {@code internalCall}, not {@code call(Prompt)}, and the final response's usage is the
 *       cumulative usage of the loop ({@code UsageCalculator.getCumulativeUsage}), so one call is
 *       counted once with all its tokens. OpenAiChatModel is the only ChatModel implementation in
 *       {@code spring-ai-model}/{@code spring-ai-openai} 1.1.2; none delegates to another one.
 *       A user-written ChatModel decorator that calls another ChatModel's {@code call(Prompt)}
 *       is woven twice and counted twice, and so may be a CGLIB or JDK proxy of a ChatModel.</li>
 *   <li>{@code StreamingChatModel.stream(Prompt)} in every class that implements {@code
 *       org.springframework.ai.chat.model.StreamingChatModel} and declares it with a body, through
 *       a {@link StreamedPreset} with {@link SpringAiStreamTap} (see {@link #forMethod}).
 *       {@code ChatModel} extends {@code StreamingChatModel} and gives {@code stream(Prompt)} a
 *       default body that throws {@code UnsupportedOperationException} ("streaming is not
 *       supported"); interface methods are never woven, so a ChatModel that does not stream is
 *       left alone. {@code stream(String)} and {@code stream(Message...)} are defaults of {@code
 *       StreamingChatModel} that build a {@code Prompt}, call {@code stream(Prompt)} through the
 *       interface and {@code map} the chunks to their text, so they reach the woven method once
 *       (a cache hit replays {@code ChatResponse} chunks, which they map as usual). The generic
 *       {@code stream(ModelRequest)} is a default too, and javac's bridge of it in {@code
 *       OpenAiChatModel} is synthetic and casts to {@code Prompt} before {@code stream(Prompt)}:
 *       never woven. {@code OpenAiChatModel.stream(Prompt)} runs {@code buildRequestPrompt} and
 *       {@code internalStream}; the internal tool-calling loop recurses through {@code
 *       internalStream}, not {@code stream(Prompt)}.</li>
 *   <li>With internal tool execution (Spring AI's default), {@code call(Prompt)} runs the app's tool
 *       callbacks before it returns; a cache hit returns the final answer without running them.</li>
 * </ul>
 *
 * <h2>The cache key</h2>
 * Canonical JSON of three parts:
 * <ul>
 *   <li>{@code chatModel}: the receiver's class name (a {@code $$} proxy suffix cut off).</li>
 *   <li>{@code messages}: for each instruction its type ({@code MessageType.getValue()}: user,
 *       system, assistant, tool) and text; the media of user and assistant messages (MIME type, the
 *       data itself for a URL, the SHA-256 of bytes, the name unless it is the random default
 *       {@code media-<subtype>-<uuid>}; the id never); an assistant message's tool calls (id, type,
 *       name, arguments); a tool message's responses (id, name, data). Message metadata is not
 *       sent to the model and is left out.</li>
 *   <li>{@code options}: the <em>effective</em> options, the prompt's {@code ChatOptions} merged
 *       over the receiver's {@code ChatModel.getDefaultOptions()} the way Spring AI 1.1.2 merges
 *       them ({@code OpenAiChatModel.buildRequestPrompt}): a property the prompt sets (non-null)
 *       wins; {@code toolNames} and {@code toolCallbacks} of the prompt win only when non-empty
 *       ({@code ToolCallingChatOptions.mergeToolNames/mergeToolCallbacks}); {@code toolContext}
 *       and {@code extraBody} are the default map overlaid with the prompt's. Every public
 *       {@code getXxx()}/{@code isXxx()} property of either options object is in, so a vendor's
 *       own answer-changing options (Anthropic, Ollama, ...) are keyed without this class knowing
 *       them, except these, which do not change the answer: {@code user}, {@code metadata},
 *       {@code store}, {@code httpHeaders}, {@code streamUsage}, {@code streamOptions},
 *       {@code serviceTier}, {@code promptCacheKey}, {@code safetyIdentifier}; and two
 *       duplicates: {@code stop} (= {@code stopSequences}) and {@code outputSchema} (derived from
 *       {@code responseFormat}, and it throws when there is none). For {@code OpenAiChatOptions}
 *       that leaves in: model, temperature, topP, topK, maxTokens, maxCompletionTokens,
 *       stopSequences, frequencyPenalty, presencePenalty, n, seed, responseFormat,
 *       reasoningEffort, verbosity, logitBias, logprobs, topLogprobs, outputModalities,
 *       outputAudio, tools, toolChoice, parallelToolCalls, toolNames, toolCallbacks (each as its
 *       {@code ToolDefinition} name, description and input schema, and {@code returnDirect}),
 *       internalToolExecutionEnabled, toolContext, extraBody, webSearchOptions. Null values and
 *       empty collections are left out. A value this class cannot render canonically (an app
 *       object in the tool context, say) makes the key throw, and the call runs uncached.</li>
 * </ul>
 * Not in the key, because Spring AI does not expose it: the endpoint ({@code OpenAiApi}'s base URL
 * is package-private) and a custom ChatModel's configuration outside {@code getDefaultOptions()}.
 * Tool callbacks are keyed by their definitions, not their code or the data they read.
 *
 * <h2>Model, user, text to embed</h2>
 * The model is the effective options' {@code model}; the user their {@code getUser()} (OpenAI's
 * {@code user}), when the options have one. The text to embed is the last user message's text; the
 * context fingerprint (SHA-256, 32 hex digits) covers the rest of the key, that message's media
 * and position included.
 *
 * <h2>Usage</h2>
 * {@code ChatResponse.getMetadata().getUsage()}: prompt and completion tokens (null counts as 0);
 * none when the usage is missing, Spring AI's {@code EmptyUsage}, or both counts are 0.
 *
 * <h2>Telemetry</h2>
 * The provider is told by the model's class ({@link ProviderName}). The response facts are
 * {@code getMetadata().getId()} and {@code getModel()} (Spring AI's default, an empty string, counts
 * as none) and each generation's {@code getMetadata().getFinishReason()} in lower case: Spring AI
 * passes on the vendor's reason, upper-cased by some models ({@code OpenAiChatModel} gives
 * {@code STOP}, {@code TOOL_CALLS}), so lower case is the vendor's own word again.
 *
 * <h2>Errors</h2>
 * Retryable: {@code TransientAiException}; a {@code RestClientResponseException} (or WebFlux's
 * {@code WebClientResponseException}) with status 408, 409, 429 or 5xx; {@code
 * ResourceAccessException}, {@code WebClientRequestException}, I/O errors (but not Jackson's) and
 * timeouts, anywhere in the cause chain. Spring AI's default {@code
 * RetryUtils.DEFAULT_RESPONSE_ERROR_HANDLER} turns every HTTP 4xx into a {@code
 * NonTransientAiException} and every 5xx into a {@code TransientAiException}, both with the message
 * {@code "<status> - <body>"} and no headers: a 429 is "non-transient" there, so the status is read
 * back from the message. Its default {@code RetryTemplate} has already tried a transient error up to
 * 10 times before the woven method throws. {@code retryAfter} reads {@code retry-after-ms}, then
 * {@code Retry-After}, from the headers of a {@code RestClientResponseException} or {@code
 * WebClientResponseException}; the default handler's exceptions carry none.
 *
 * <h2>The response codec</h2>
 * JSON of: each generation's assistant text, tool calls, media (MIME type, data, id, name) and
 * metadata properties; its finish reason, content filters and generation metadata; the response's
 * id, model, usage (prompt, completion and total tokens, and the native usage object) and metadata
 * entries. Metadata values survive with their exact types when they are strings, booleans, boxed
 * numbers, {@code BigDecimal}/{@code BigInteger}, enums, {@code byte[]}, lists, sets, maps with
 * string keys and public records of those (such as OpenAI's {@code LogProbs} and annotations); an
 * entry with any other value, or a null one, is dropped, and so is one whose enum or record class
 * the decoding class loader no longer has. Lost: the rate limit (stale once cached; it comes back as
 * Spring AI's empty one), the prompt metadata (comes back empty), and the concrete {@code Usage}
 * class (comes back as a {@code DefaultUsage} with the same counts; an {@code EmptyUsage} stays
 * empty). The decoded response is rebuilt with Spring AI's own builders and constructors.
 */
final class SpringAiPreset implements Preset {

    private static final Set<String> INCOMPLETE_FINISH_REASONS = Set.of("length", "max_tokens", "content_filter", "refusal");
    private static final String CHAT_MODEL = "org.springframework.ai.chat.model.ChatModel";
    private static final String PROMPT = "org.springframework.ai.chat.prompt.Prompt";
    private static final String ASSISTANT_MESSAGE = "org.springframework.ai.chat.messages.AssistantMessage";
    private static final String TOOL_CALL = ASSISTANT_MESSAGE + "$ToolCall";
    private static final String MEDIA = "org.springframework.ai.content.Media";
    private static final String MIME_TYPE = "org.springframework.util.MimeType";
    private static final String GENERATION = "org.springframework.ai.chat.model.Generation";
    private static final String CHAT_RESPONSE = "org.springframework.ai.chat.model.ChatResponse";
    private static final String GENERATION_METADATA = "org.springframework.ai.chat.metadata.ChatGenerationMetadata";
    private static final String RESPONSE_METADATA = "org.springframework.ai.chat.metadata.ChatResponseMetadata";
    private static final String USAGE = "org.springframework.ai.chat.metadata.Usage";
    private static final String DEFAULT_USAGE = "org.springframework.ai.chat.metadata.DefaultUsage";
    private static final String EMPTY_USAGE = "org.springframework.ai.chat.metadata.EmptyUsage";
    private static final String TRANSIENT = "org.springframework.ai.retry.TransientAiException";
    private static final String NON_TRANSIENT = "org.springframework.ai.retry.NonTransientAiException";
    private static final String REST_RESPONSE_ERROR = "org.springframework.web.client.RestClientResponseException";
    private static final String WEB_CLIENT_RESPONSE_ERROR =
            "org.springframework.web.reactive.function.client.WebClientResponseException";
    private static final String RESOURCE_ACCESS_ERROR = "org.springframework.web.client.ResourceAccessException";
    private static final String WEB_CLIENT_REQUEST_ERROR =
            "org.springframework.web.reactive.function.client.WebClientRequestException";
    /**
     * The app's Jackson's base exception: an unreadable body is an {@code IOException} too, and
     * reading it again will not help. Not a constant, so that the shading of Heddle's own
     * jackson-core does not rewrite the name.
     */
    private static final String JACKSON_ERROR = String.join(".", "com", "fasterxml", "jackson", "core", "JacksonException");

    /** Option properties that do not change the answer, or repeat another property. */
    private static final Set<String> OPTIONS_NOT_IN_KEY = Set.of("user", "metadata", "store", "httpHeaders",
            "streamUsage", "streamOptions", "serviceTier", "promptCacheKey", "safetyIdentifier", "stop",
            "outputSchema", "class");
    /** Options whose prompt value wins only when it is not empty. */
    private static final Set<String> NON_EMPTY_WINS = Set.of("toolNames", "toolCallbacks");
    /** Options whose prompt map is laid over the default map. */
    private static final Set<String> MAPS_MERGED = Set.of("toolContext", "extraBody");

    private static final Pattern DEFAULT_MEDIA_NAME =
            Pattern.compile("media-.*-\\p{XDigit}{8}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{12}");
    /** How Spring AI's default error handler words an HTTP error: {@code "429 - {...}"}. */
    private static final Pattern STATUS_MESSAGE = Pattern.compile("^(\\d{3}) - ");
    private static final Pattern JSON_NUMBER = Pattern.compile("-?(0|[1-9]\\d*)(\\.\\d+)?([eE][+-]?\\d+)?");
    private static final int MAX_DEPTH = 32;
    private static final int FORMAT = 1;

    private static final Class<?>[] ONE_STRING = {String.class};
    private static final Class<?>[] ONE_MAP = {Map.class};
    private static final Class<?>[] ONE_LIST = {List.class};
    private static final Class<?>[] ONE_SET = {Set.class};
    private static final Class<?>[] STRING_AND_OBJECT = {String.class, Object.class};

    /** The property getters of a class: public, no parameters, {@code getXxx} or boolean {@code isXxx}. */
    private static final ClassValue<Map<String, String>> PROPERTIES = new ClassValue<>() {
        @Override
        protected Map<String, String> computeValue(Class<?> type) {
            Map<String, String> getters = new TreeMap<>();
            for (Method method : type.getMethods()) {
                if (Modifier.isStatic(method.getModifiers()) || method.getParameterCount() != 0
                        || method.getReturnType() == void.class || method.isBridge()) {
                    continue;
                }
                String name = method.getName();
                String property = null;
                if (name.startsWith("get") && name.length() > 3) {
                    property = name.substring(3);
                } else if (name.startsWith("is") && name.length() > 2
                        && (method.getReturnType() == boolean.class || method.getReturnType() == Boolean.class)) {
                    property = name.substring(2);
                }
                if (property == null || name.equals("getClass")) continue;
                getters.putIfAbsent(Character.toLowerCase(property.charAt(0)) + property.substring(1), name);
            }
            return getters;
        }
    };

    /** How {@code stream(Prompt)} is teed and replayed; it reuses this preset's key and codec. */
    private final SpringAiStreamTap tap = new SpringAiStreamTap(this);
    private final StreamedPreset streamed = new StreamedPreset(this, tap);

    @Override
    public String name() {
        return "spring-ai";
    }

    /** {@code call(Prompt)} of every ChatModel, and the tap's {@code stream(Prompt)} of every StreamingChatModel. */
    @Override
    public List<MatchConfig> targets() {
        List<MatchConfig> targets = new ArrayList<>();
        targets.add(new MatchConfig(CHAT_MODEL, "call", Optional.of(List.of(PROMPT))));
        targets.addAll(tap.targets());
        return List.copyOf(targets);
    }

    /** The streamed preset for {@code stream(Prompt)}; this one for everything else. */
    @Override
    public Preset forMethod(String signature) {
        return tap.streams(signature) ? streamed : this;
    }

    @Override
    public String provider(Object self) {
        return ProviderName.ofModel(self, name());
    }

    @Override
    public String cacheKey(Object self, Object[] arguments) {
        return CanonicalJson.write(key(self, arguments));
    }

    /**
     * @param self the receiver of the woven call
     * @param arguments the woven call's arguments, a {@code Prompt} first
     * @param property an option property, such as {@code streamOptions}
     * @return its effective value, the prompt's over the model's default, merged as Spring AI merges it
     */
    Object effectiveOption(Object self, Object[] arguments, String property) {
        return effective(self, prompt(arguments), property);
    }

    /**
     * @param finishReason a generation's finish reason
     * @return whether it says the answer was cut off: {@code length}, {@code max_tokens}, {@code
     *     content_filter} or {@code refusal}, in any case
     */
    static boolean isIncompleteFinishReason(String finishReason) {
        return INCOMPLETE_FINISH_REASONS.contains(finishReason.toLowerCase(Locale.ROOT));
    }

    @Override
    public Optional<String> model(Object self, Object[] arguments) {
        return effective(self, prompt(arguments), "model") instanceof String model && !model.isBlank()
                ? Optional.of(model) : Optional.empty();
    }

    @Override
    public Optional<String> user(Object self, Object[] arguments) {
        return effective(self, prompt(arguments), "user") instanceof String user && !user.isBlank()
                ? Optional.of(user) : Optional.empty();
    }

    /**
     * The last user message's text is embedded; the fingerprint covers the rest of the key, that
     * message's media and position included.
     */
    @Override
    @SuppressWarnings("unchecked")
    public EmbeddingText textToEmbed(Object self, Object[] arguments) {
        Map<String, Object> key = key(self, arguments);
        List<Object> messages = new ArrayList<>((List<Object>) key.get("messages"));
        String text = "";
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i) instanceof Map<?, ?> message && "user".equals(message.get("type"))) {
                Map<String, Object> rest = new TreeMap<>((Map<String, Object>) message);
                Object removed = rest.remove("text");
                text = removed == null ? "" : removed.toString();
                messages.set(i, rest);
                break;
            }
        }
        key.put("messages", messages);
        return EmbeddingText.withContext(text, CanonicalJson.write(key));
    }

    @Override
    public Optional<TokenUsage> usage(Object response) {
        if (response == null || !SdkReflection.has(response, "getMetadata")) return Optional.empty();
        Object metadata = SdkReflection.call(response, "getMetadata");
        if (metadata == null || !SdkReflection.has(metadata, "getUsage")) return Optional.empty();
        Object usage = SdkReflection.call(metadata, "getUsage");
        if (usage == null || isA(usage.getClass(), EMPTY_USAGE)) return Optional.empty();
        long input = tokens(SdkReflection.call(usage, "getPromptTokens"));
        long output = tokens(SdkReflection.call(usage, "getCompletionTokens"));
        return input == 0 && output == 0 ? Optional.empty() : Optional.of(new TokenUsage(input, output));
    }

    /**
     * At least one generation, and every generation finished normally or for a tool call: a finish
     * reason of {@code length}, {@code max_tokens}, {@code content_filter} or {@code refusal} (any
     * case) is not complete; no finish reason counts as complete when the text is not empty.
     */
    @Override
    public boolean isCompleteAnswer(Object response) {
        Object results = SdkReflection.call(response, "getResults");
        if (!(results instanceof List<?> generations) || generations.isEmpty()) return false;
        for (Object generation : generations) {
            Object metadata = SdkReflection.call(generation, "getMetadata");
            Object finishReason = metadata == null ? null : SdkReflection.call(metadata, "getFinishReason");
            if (finishReason instanceof String reason && !reason.isBlank()) {
                if (isIncompleteFinishReason(reason)) return false;
                continue;
            }
            Object output = SdkReflection.call(generation, "getOutput");
            Object text = output == null ? null : SdkReflection.call(output, "getText");
            if (!(text instanceof String string) || string.isEmpty()) return false;
        }
        return true;
    }

    /** A generation whose assistant message has tool calls. */
    @Override
    public boolean asksForTools(Object response) {
        Object results = SdkReflection.call(response, "getResults");
        if (!(results instanceof List<?> generations)) return false;
        for (Object generation : generations) {
            Object output = SdkReflection.call(generation, "getOutput");
            if (output != null && SdkReflection.has(output, "hasToolCalls")
                    && Boolean.TRUE.equals(SdkReflection.call(output, "hasToolCalls"))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public ResponseFacts responseFacts(Object response) {
        try {
            if (response == null || !isA(response.getClass(), CHAT_RESPONSE)) return ResponseFacts.NONE;
            Object metadata = SdkReflection.call(response, "getMetadata");
            Optional<String> id = metadata == null ? Optional.empty() : text(SdkReflection.call(metadata, "getId"));
            Optional<String> model = metadata == null ? Optional.empty() : text(SdkReflection.call(metadata, "getModel"));
            List<String> reasons = new ArrayList<>();
            if (SdkReflection.call(response, "getResults") instanceof List<?> generations) {
                for (Object generation : generations) {
                    Object generationMetadata = generation == null ? null : SdkReflection.call(generation, "getMetadata");
                    if (generationMetadata == null) continue;
                    text(SdkReflection.call(generationMetadata, "getFinishReason"))
                            .ifPresent(reason -> reasons.add(reason.toLowerCase(Locale.ROOT)));
                }
            }
            return new ResponseFacts(id, model, reasons);
        } catch (RuntimeException | LinkageError unreadable) {
            // a response of a Spring AI that lacks these getters tells nothing, and must not fail the call
            return ResponseFacts.NONE;
        }
    }

    private static Optional<String> text(Object value) {
        return value instanceof String text && !text.isBlank() ? Optional.of(text) : Optional.empty();
    }

    @Override
    public boolean isRetryable(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            Class<?> type = cause.getClass();
            if (isA(type, TRANSIENT) || isA(type, RESOURCE_ACCESS_ERROR) || isA(type, WEB_CLIENT_REQUEST_ERROR)
                    || cause instanceof IOException && !isA(type, JACKSON_ERROR) || cause instanceof TimeoutException) {
                return true;
            }
            if (isA(type, NON_TRANSIENT)) {
                return statusInMessage(cause).map(SpringAiPreset::retryableStatus).orElse(false);
            }
            Optional<Integer> status = httpStatus(cause);
            // a 2xx with an exception is a body that broke off (a stream cut mid-way): its cause tells
            if (status.isPresent() && (status.get() < 200 || status.get() >= 300)) return retryableStatus(status.get());
        }
        return false;
    }

    @Override
    public Optional<Integer> statusCode(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            Optional<Integer> status = httpStatus(cause);
            if (status.isEmpty() && isA(cause.getClass(), NON_TRANSIENT)) status = statusInMessage(cause);
            if (status.isPresent()) return status;
        }
        return Optional.empty();
    }

    @Override
    public Optional<Duration> retryAfter(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            Object headers = null;
            if (isA(cause.getClass(), REST_RESPONSE_ERROR)) {
                headers = SdkReflection.call(cause, "getResponseHeaders");
            } else if (isA(cause.getClass(), WEB_CLIENT_RESPONSE_ERROR)) {
                headers = SdkReflection.call(cause, "getHeaders");
            }
            if (headers == null) continue;
            Optional<Duration> inMillis = firstHeader(headers, "retry-after-ms").flatMap(RetryAfter::parseMillis);
            if (inMillis.isPresent()) return inMillis;
            return firstHeader(headers, "Retry-After").flatMap(value -> RetryAfter.parse(value, Instant.now()));
        }
        return Optional.empty();
    }

    // ---------------------------------------------------------------- the key

    private Map<String, Object> key(Object self, Object[] arguments) {
        Object prompt = prompt(arguments);
        Map<String, Object> key = new TreeMap<>();
        key.put("chatModel", self == null ? null : modelClassName(self.getClass()));
        List<Object> messages = new ArrayList<>();
        Object instructions = SdkReflection.call(prompt, "getInstructions");
        if (instructions instanceof List<?> list) {
            for (Object message : list) messages.add(message(message));
        } else if (instructions != null) {
            throw new IllegalArgumentException("the prompt's instructions are not a list");
        }
        key.put("messages", messages);
        key.put("options", effectiveOptions(self, prompt));
        return key;
    }

    private static Object prompt(Object[] arguments) {
        if (arguments == null || arguments.length == 0 || arguments[0] == null) {
            throw new IllegalArgumentException("no prompt");
        }
        Object prompt = arguments[0];
        if (!isA(prompt.getClass(), PROMPT)) throw new IllegalArgumentException("not a Prompt: " + prompt.getClass());
        return prompt;
    }

    private static String modelClassName(Class<?> type) {
        String name = type.getName();
        int proxy = name.indexOf("$$");
        return proxy > 0 ? name.substring(0, proxy) : name;
    }

    private static Map<String, Object> message(Object message) {
        if (message == null) throw new IllegalArgumentException("a null message");
        Map<String, Object> keyed = new TreeMap<>();
        Object type = SdkReflection.call(message, "getMessageType");
        keyed.put("type", type == null ? null : SdkReflection.call(type, "getValue"));
        keyed.put("text", SdkReflection.call(message, "getText"));
        putIfNotEmpty(keyed, "media", optional(message, "getMedia"));
        putIfNotEmpty(keyed, "toolCalls", optional(message, "getToolCalls"));
        putIfNotEmpty(keyed, "responses", optional(message, "getResponses"));
        return keyed;
    }

    private static Object optional(Object target, String getter) {
        return SdkReflection.has(target, getter) ? keyValue(SdkReflection.call(target, getter), 0) : null;
    }

    private static void putIfNotEmpty(Map<String, Object> map, String name, Object value) {
        if (value == null || value instanceof List<?> list && list.isEmpty()
                || value instanceof Map<?, ?> object && object.isEmpty()) {
            return;
        }
        map.put(name, value);
    }

    private static Map<String, Object> effectiveOptions(Object self, Object prompt) {
        Object runtime = SdkReflection.call(prompt, "getOptions");
        Object defaults = defaultOptions(self);
        Set<String> properties = new TreeSet<>();
        if (runtime != null) properties.addAll(PROPERTIES.get(runtime.getClass()).keySet());
        if (defaults != null) properties.addAll(PROPERTIES.get(defaults.getClass()).keySet());
        properties.removeAll(OPTIONS_NOT_IN_KEY);
        Map<String, Object> options = new TreeMap<>();
        for (String property : properties) {
            putIfNotEmpty(options, property, keyValue(merged(property, property(runtime, property), property(defaults, property)), 0));
        }
        return options;
    }

    private static Object effective(Object self, Object prompt, String property) {
        return merged(property, property(SdkReflection.call(prompt, "getOptions"), property),
                property(defaultOptions(self), property));
    }

    private static Object defaultOptions(Object self) {
        return self != null && SdkReflection.has(self, "getDefaultOptions") ? SdkReflection.call(self, "getDefaultOptions") : null;
    }

    private static Object property(Object options, String property) {
        if (options == null) return null;
        String getter = PROPERTIES.get(options.getClass()).get(property);
        return getter == null ? null : SdkReflection.call(options, getter);
    }

    /** Spring AI 1.1.2's merge of one option: see the class comment. */
    private static Object merged(String property, Object runtime, Object defaults) {
        if (MAPS_MERGED.contains(property) && runtime instanceof Map<?, ?> prompt && defaults instanceof Map<?, ?> model) {
            Map<Object, Object> overlaid = new LinkedHashMap<>(model);
            overlaid.putAll(prompt);
            return overlaid;
        }
        if (NON_EMPTY_WINS.contains(property)) {
            boolean empty = runtime == null || runtime instanceof Collection<?> collection && collection.isEmpty();
            return empty ? defaults : runtime;
        }
        return runtime != null ? runtime : defaults;
    }

    /**
     * A value as canonical JSON values: maps sorted, sets sorted, numbers as written, records and
     * Spring AI's own beans by their properties, tool callbacks by their definitions.
     *
     * @throws IllegalArgumentException for a value that cannot be rendered canonically
     */
    private static Object keyValue(Object value, int depth) {
        if (depth > MAX_DEPTH) throw new IllegalArgumentException("a request value nested too deeply to key");
        if (value == null || value instanceof Boolean) return value;
        if (value instanceof CharSequence || value instanceof Character) return value.toString();
        if (value instanceof Number number) return number(number);
        if (value instanceof Enum<?> constant) return constant.name();
        if (value instanceof byte[] bytes) return Map.of("sha256", sha256(bytes, 32));
        if (value instanceof Optional<?> optional) return keyValue(optional.orElse(null), depth + 1);
        if (value instanceof URI || value instanceof URL) return value.toString();
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> keyed = new TreeMap<>();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                keyed.put(String.valueOf(entry.getKey()), keyValue(entry.getValue(), depth + 1));
            }
            return keyed;
        }
        if (value instanceof Set<?> set) {
            List<Object> keyed = new ArrayList<>();
            for (Object element : set) keyed.add(keyValue(element, depth + 1));
            keyed.sort(Comparator.comparing(CanonicalJson::write));
            return keyed;
        }
        if (value instanceof Collection<?> collection) {
            List<Object> keyed = new ArrayList<>();
            for (Object element : collection) keyed.add(keyValue(element, depth + 1));
            return keyed;
        }
        Class<?> type = value.getClass();
        if (type.isRecord()) {
            Map<String, Object> keyed = new TreeMap<>();
            for (RecordComponent component : type.getRecordComponents()) {
                keyed.put(component.getName(), keyValue(SdkReflection.call(value, component.getName()), depth + 1));
            }
            return keyed;
        }
        if (isA(type, MIME_TYPE)) return value.toString();
        if (isA(type, MEDIA)) return media(value, depth);
        if (SdkReflection.has(value, "getToolDefinition")) return toolCallback(value, depth);
        if (type.getName().startsWith("org.springframework.ai.")) {
            Map<String, Object> keyed = new TreeMap<>();
            for (Map.Entry<String, String> property : PROPERTIES.get(type).entrySet()) {
                keyed.put(property.getKey(), keyValue(SdkReflection.call(value, property.getValue()), depth + 1));
            }
            return keyed;
        }
        throw new IllegalArgumentException("a request value of type " + type.getName() + " cannot be keyed");
    }

    private static Object number(Number number) {
        String text = number instanceof BigDecimal decimal ? decimal.toString() : String.valueOf(number);
        return JSON_NUMBER.matcher(text).matches() ? new CanonicalJson.Number(text) : text;
    }

    private static Map<String, Object> media(Object media, int depth) {
        Map<String, Object> keyed = new TreeMap<>();
        Object mimeType = SdkReflection.call(media, "getMimeType");
        keyed.put("mimeType", mimeType == null ? null : mimeType.toString());
        keyed.put("data", keyValue(SdkReflection.call(media, "getData"), depth + 1));
        Object name = SdkReflection.call(media, "getName");
        if (name instanceof String text && !DEFAULT_MEDIA_NAME.matcher(text).matches()) keyed.put("name", text);
        return keyed;
    }

    private static Map<String, Object> toolCallback(Object callback, int depth) {
        Map<String, Object> keyed = new TreeMap<>();
        Object definition = SdkReflection.call(callback, "getToolDefinition");
        if (definition != null) {
            keyed.put("name", SdkReflection.call(definition, "name"));
            keyed.put("description", SdkReflection.call(definition, "description"));
            keyed.put("inputSchema", SdkReflection.call(definition, "inputSchema"));
        }
        Object metadata = SdkReflection.has(callback, "getToolMetadata") ? SdkReflection.call(callback, "getToolMetadata") : null;
        if (metadata != null && SdkReflection.has(metadata, "returnDirect")) {
            keyed.put("returnDirect", keyValue(SdkReflection.call(metadata, "returnDirect"), depth + 1));
        }
        return keyed;
    }

    // ---------------------------------------------------------------- usage and errors

    private static long tokens(Object count) {
        return count instanceof Number number ? number.longValue() : 0L;
    }

    private static boolean retryableStatus(int code) {
        return code == 408 || code == 409 || code == 429 || code >= 500;
    }

    private static Optional<Integer> statusInMessage(Throwable error) {
        String message = error.getMessage();
        if (message == null) return Optional.empty();
        Matcher matcher = STATUS_MESSAGE.matcher(message);
        return matcher.find() ? Optional.of(Integer.parseInt(matcher.group(1))) : Optional.empty();
    }

    private static Optional<Integer> httpStatus(Throwable error) {
        if (!isA(error.getClass(), REST_RESPONSE_ERROR) && !isA(error.getClass(), WEB_CLIENT_RESPONSE_ERROR)) {
            return Optional.empty();
        }
        Object status = SdkReflection.call(error, "getStatusCode");
        return status == null ? Optional.empty() : Optional.of(((Number) SdkReflection.call(status, "value")).intValue());
    }

    private static Optional<String> firstHeader(Object headers, String name) {
        Object value = SdkReflection.call(headers, "getFirst", ONE_STRING, name);
        return value == null ? Optional.empty() : Optional.of(value.toString());
    }

    /** Whether a class is, or extends, the class of that name (Heddle cannot link against it). */
    private static boolean isA(Class<?> type, String className) {
        for (Class<?> current = type; current != null; current = current.getSuperclass()) {
            if (current.getName().equals(className)) return true;
            for (Class<?> implemented : current.getInterfaces()) {
                if (isA(implemented, className)) return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- the codec

    @Override
    public String encode(Object response) {
        if (response == null || !isA(response.getClass(), CHAT_RESPONSE)) {
            throw new IllegalArgumentException("not a ChatResponse: " + (response == null ? null : response.getClass()));
        }
        Map<String, Object> encoded = new TreeMap<>();
        encoded.put("format", new CanonicalJson.Number(String.valueOf(FORMAT)));
        List<Object> generations = new ArrayList<>();
        Object results = SdkReflection.call(response, "getResults");
        if (results instanceof List<?> list) {
            for (Object generation : list) generations.add(encodeGeneration(generation));
        }
        encoded.put("generations", generations);
        Object metadata = SdkReflection.call(response, "getMetadata");
        if (metadata != null) {
            encoded.put("id", SdkReflection.call(metadata, "getId"));
            encoded.put("model", SdkReflection.call(metadata, "getModel"));
            encoded.put("usage", encodeUsage(SdkReflection.call(metadata, "getUsage")));
            encoded.put("metadata", taggedEntries(SdkReflection.call(metadata, "entrySet")));
        }
        return CanonicalJson.write(encoded);
    }

    private static Map<String, Object> encodeGeneration(Object generation) {
        Map<String, Object> encoded = new TreeMap<>();
        Object output = SdkReflection.call(generation, "getOutput");
        if (output != null) {
            encoded.put("text", SdkReflection.call(output, "getText"));
            List<Object> toolCalls = new ArrayList<>();
            Object calls = SdkReflection.call(output, "getToolCalls");
            if (calls instanceof List<?> list) {
                for (Object call : list) {
                    Map<String, Object> encodedCall = new TreeMap<>();
                    for (String part : List.of("id", "type", "name", "arguments")) {
                        encodedCall.put(part, SdkReflection.call(call, part));
                    }
                    toolCalls.add(encodedCall);
                }
            }
            encoded.put("toolCalls", toolCalls);
            List<Object> media = new ArrayList<>();
            Object attached = SdkReflection.call(output, "getMedia");
            if (attached instanceof List<?> list) {
                for (Object item : list) media.add(encodeMedia(item));
            }
            encoded.put("media", media);
            Object properties = SdkReflection.call(output, "getMetadata");
            encoded.put("properties", taggedEntries(properties instanceof Map<?, ?> map ? map.entrySet() : null));
        }
        Object metadata = SdkReflection.call(generation, "getMetadata");
        if (metadata != null) {
            encoded.put("finishReason", SdkReflection.call(metadata, "getFinishReason"));
            Object filters = SdkReflection.call(metadata, "getContentFilters");
            encoded.put("contentFilters", filters instanceof Collection<?> set ? new ArrayList<>(set.stream().map(String::valueOf).toList()) : List.of());
            encoded.put("metadata", taggedEntries(SdkReflection.call(metadata, "entrySet")));
        }
        return encoded;
    }

    private static Map<String, Object> encodeMedia(Object media) {
        Map<String, Object> encoded = new TreeMap<>();
        Object mimeType = SdkReflection.call(media, "getMimeType");
        encoded.put("mimeType", mimeType == null ? null : mimeType.toString());
        Object data = SdkReflection.call(media, "getData");
        if (!(data instanceof byte[] || data instanceof String)) {
            throw new IllegalArgumentException("media data of type " + (data == null ? null : data.getClass().getName()) + " cannot be stored");
        }
        encoded.put("data", tagged(data, 0));
        encoded.put("id", SdkReflection.call(media, "getId"));
        encoded.put("name", SdkReflection.call(media, "getName"));
        return encoded;
    }

    private static Map<String, Object> encodeUsage(Object usage) {
        if (usage == null || isA(usage.getClass(), EMPTY_USAGE)) return null;
        Map<String, Object> encoded = new TreeMap<>();
        encoded.put("promptTokens", nullableInteger(SdkReflection.call(usage, "getPromptTokens")));
        encoded.put("completionTokens", nullableInteger(SdkReflection.call(usage, "getCompletionTokens")));
        encoded.put("totalTokens", nullableInteger(SdkReflection.call(usage, "getTotalTokens")));
        try {
            encoded.put("native", tagged(SdkReflection.call(usage, "getNativeUsage"), 0));
        } catch (Unstorable unstorable) {
            encoded.put("native", null);
        }
        return encoded;
    }

    private static Object nullableInteger(Object value) {
        return value instanceof Number number ? new CanonicalJson.Number(String.valueOf(number.longValue())) : null;
    }

    /** Metadata entries with their values tagged by type; an entry whose value cannot be stored is dropped. */
    private static Map<String, Object> taggedEntries(Object entries) {
        Map<String, Object> encoded = new TreeMap<>();
        if (!(entries instanceof Collection<?> collection)) return encoded;
        for (Object item : collection) {
            if (!(item instanceof Map.Entry<?, ?> entry) || !(entry.getKey() instanceof String key)) continue;
            try {
                encoded.put(key, tagged(entry.getValue(), 0));
            } catch (Unstorable dropped) {
                // an object of the SDK's or the app's that has no faithful JSON form; see the class comment
            }
        }
        return encoded;
    }

    /** A value that the codec cannot store faithfully. */
    private static final class Unstorable extends RuntimeException {
        Unstorable(String message) {
            super(message, null, false, false);
        }
    }

    /** {@code [tag, value]}, so that a value comes back with the type it had: see {@link #untagged}. */
    private static Object tagged(Object value, int depth) {
        if (depth > MAX_DEPTH) throw new Unstorable("nested too deeply");
        if (value == null) return null;
        if (value instanceof String text) return List.of("s", text);
        if (value instanceof Boolean bool) return List.of("z", bool);
        if (value instanceof Integer number) return List.of("i", number.toString());
        if (value instanceof Long number) return List.of("l", number.toString());
        if (value instanceof Double number) return List.of("d", number.toString());
        if (value instanceof Float number) return List.of("f", number.toString());
        if (value instanceof BigDecimal number) return List.of("D", number.toString());
        if (value instanceof BigInteger number) return List.of("I", number.toString());
        if (value instanceof byte[] bytes) return List.of("b", Base64.getEncoder().encodeToString(bytes));
        if (value instanceof Enum<?> constant) return List.of("e", constant.getDeclaringClass().getName(), constant.name());
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> encoded = new TreeMap<>();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!(entry.getKey() instanceof String key)) throw new Unstorable("a map key that is not a string");
                encoded.put(key, tagged(entry.getValue(), depth + 1));
            }
            return List.of("M", encoded);
        }
        if (value instanceof Collection<?> collection) {
            List<Object> encoded = new ArrayList<>();
            for (Object element : collection) encoded.add(tagged(element, depth + 1));
            return List.of(value instanceof Set<?> ? "S" : "L", encoded);
        }
        Class<?> type = value.getClass();
        if (type.isRecord() && Modifier.isPublic(type.getModifiers())) {
            Map<String, Object> components = new TreeMap<>();
            for (RecordComponent component : type.getRecordComponents()) {
                components.put(component.getName(), tagged(SdkReflection.call(value, component.getName()), depth + 1));
            }
            return List.of("r", type.getName(), components);
        }
        throw new Unstorable("a value of type " + type.getName());
    }

    @Override
    public Object decode(String encoded, ClassLoader sdkLoader) {
        try {
            return decodeStored(encoded, sdkLoader);
        } catch (ClassCastException | NullPointerException wrongShape) {
            // JSON, but not shaped as encode() writes it: a value or a null where a list or an object should be
            throw new IllegalArgumentException("not an encoded Spring AI ChatResponse: " + wrongShape.getMessage(), wrongShape);
        }
    }

    @SuppressWarnings("unchecked")
    private Object decodeStored(String encoded, ClassLoader sdkLoader) {
        if (!(CanonicalJson.parse(encoded) instanceof Map<?, ?> parsed)
                || !(parsed.get("format") instanceof CanonicalJson.Number format)
                || !format.text().equals(String.valueOf(FORMAT))) {
            throw new IllegalArgumentException("not an encoded Spring AI ChatResponse");
        }
        Map<String, Object> stored = (Map<String, Object>) parsed;
        List<Object> generations = new ArrayList<>();
        for (Object generation : (List<Object>) stored.getOrDefault("generations", List.of())) {
            generations.add(decodeGeneration((Map<String, Object>) generation, sdkLoader));
        }
        Object builder = SdkReflection.callStatic(sdkLoader, RESPONSE_METADATA, "builder");
        if (stored.get("id") instanceof String id) SdkReflection.call(builder, "id", ONE_STRING, id);
        if (stored.get("model") instanceof String model) SdkReflection.call(builder, "model", ONE_STRING, model);
        if (stored.get("usage") instanceof Map<?, ?> usage) {
            SdkReflection.call(builder, "usage", new Class<?>[] {SdkReflection.load(sdkLoader, USAGE)},
                    decodeUsage((Map<String, Object>) usage, sdkLoader));
        }
        for (Map.Entry<String, Object> entry : untaggedEntries(stored.get("metadata"), sdkLoader).entrySet()) {
            SdkReflection.call(builder, "keyValue", STRING_AND_OBJECT, entry.getKey(), entry.getValue());
        }
        Object metadata = SdkReflection.call(builder, "build");
        return construct(sdkLoader, CHAT_RESPONSE, new Class<?>[] {List.class, SdkReflection.load(sdkLoader, RESPONSE_METADATA)},
                generations, metadata);
    }

    @SuppressWarnings("unchecked")
    private static Object decodeGeneration(Map<String, Object> stored, ClassLoader loader) {
        Object builder = SdkReflection.callStatic(loader, ASSISTANT_MESSAGE, "builder");
        SdkReflection.call(builder, "content", ONE_STRING, stored.get("text") instanceof String text ? text : null);
        List<Object> toolCalls = new ArrayList<>();
        for (Object call : (List<Object>) stored.getOrDefault("toolCalls", List.of())) {
            Map<String, Object> parts = (Map<String, Object>) call;
            toolCalls.add(construct(loader, TOOL_CALL, new Class<?>[] {String.class, String.class, String.class, String.class},
                    parts.get("id"), parts.get("type"), parts.get("name"), parts.get("arguments")));
        }
        SdkReflection.call(builder, "toolCalls", ONE_LIST, toolCalls);
        List<Object> media = new ArrayList<>();
        for (Object item : (List<Object>) stored.getOrDefault("media", List.of())) {
            media.add(decodeMedia((Map<String, Object>) item, loader));
        }
        SdkReflection.call(builder, "media", ONE_LIST, media);
        SdkReflection.call(builder, "properties", ONE_MAP, untaggedEntries(stored.get("properties"), loader));
        Object message = SdkReflection.call(builder, "build");

        Object metadataBuilder = SdkReflection.callStatic(loader, GENERATION_METADATA, "builder");
        SdkReflection.call(metadataBuilder, "finishReason", ONE_STRING,
                stored.get("finishReason") instanceof String reason ? reason : null);
        Set<String> filters = new LinkedHashSet<>();
        for (Object filter : (List<Object>) stored.getOrDefault("contentFilters", List.of())) filters.add(String.valueOf(filter));
        SdkReflection.call(metadataBuilder, "contentFilters", ONE_SET, filters);
        SdkReflection.call(metadataBuilder, "metadata", ONE_MAP, untaggedEntries(stored.get("metadata"), loader));
        Object metadata = SdkReflection.call(metadataBuilder, "build");
        return construct(loader, GENERATION, new Class<?>[] {SdkReflection.load(loader, ASSISTANT_MESSAGE),
                SdkReflection.load(loader, GENERATION_METADATA)}, message, metadata);
    }

    private static Object decodeMedia(Map<String, Object> stored, ClassLoader loader) {
        Object builder = SdkReflection.callStatic(loader, MEDIA, "builder");
        Object mimeType = invokeStatic(loader, MIME_TYPE, "valueOf", ONE_STRING, stored.get("mimeType"));
        SdkReflection.call(builder, "mimeType", new Class<?>[] {SdkReflection.load(loader, MIME_TYPE)}, mimeType);
        SdkReflection.call(builder, "data", new Class<?>[] {Object.class}, untagged(stored.get("data"), loader));
        if (stored.get("id") instanceof String id) SdkReflection.call(builder, "id", ONE_STRING, id);
        if (stored.get("name") instanceof String name) SdkReflection.call(builder, "name", ONE_STRING, name);
        return SdkReflection.call(builder, "build");
    }

    private static Object decodeUsage(Map<String, Object> stored, ClassLoader loader) {
        Object nativeUsage;
        try {
            nativeUsage = untagged(stored.get("native"), loader);
        } catch (RuntimeException lost) {
            nativeUsage = null;
        }
        return construct(loader, DEFAULT_USAGE, new Class<?>[] {Integer.class, Integer.class, Integer.class, Object.class},
                integer(stored.get("promptTokens")), integer(stored.get("completionTokens")),
                integer(stored.get("totalTokens")), nativeUsage);
    }

    private static Integer integer(Object stored) {
        return stored instanceof CanonicalJson.Number number ? Integer.valueOf(number.text()) : null;
    }

    /** Metadata entries back; an entry that no longer decodes (a record class gone, say) is dropped. */
    private static Map<String, Object> untaggedEntries(Object stored, ClassLoader loader) {
        Map<String, Object> entries = new LinkedHashMap<>();
        if (!(stored instanceof Map<?, ?> map)) return entries;
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            try {
                Object value = untagged(entry.getValue(), loader);
                if (value != null) entries.put((String) entry.getKey(), value);
            } catch (RuntimeException dropped) {
                // best effort for metadata; see the class comment
            }
        }
        return entries;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object untagged(Object stored, ClassLoader loader) {
        if (stored == null) return null;
        if (!(stored instanceof List<?> pair) || pair.size() < 2 || !(pair.get(0) instanceof String tag)) {
            throw new IllegalArgumentException("not a stored value: " + stored);
        }
        Object value = pair.get(1);
        switch (tag) {
            case "s" -> {
                return value;
            }
            case "z" -> {
                return value;
            }
            case "i" -> {
                return Integer.valueOf((String) value);
            }
            case "l" -> {
                return Long.valueOf((String) value);
            }
            case "d" -> {
                return Double.valueOf((String) value);
            }
            case "f" -> {
                return Float.valueOf((String) value);
            }
            case "D" -> {
                return new BigDecimal((String) value);
            }
            case "I" -> {
                return new BigInteger((String) value);
            }
            case "b" -> {
                return Base64.getDecoder().decode((String) value);
            }
            case "e" -> {
                Class<?> type = SdkReflection.load(loader, (String) value);
                return Enum.valueOf((Class) type, (String) pair.get(2));
            }
            case "M" -> {
                Map<String, Object> map = new LinkedHashMap<>();
                for (Map.Entry<String, Object> entry : ((Map<String, Object>) value).entrySet()) {
                    map.put(entry.getKey(), untagged(entry.getValue(), loader));
                }
                return map;
            }
            case "L", "S" -> {
                Collection<Object> collection = tag.equals("L") ? new ArrayList<>() : new LinkedHashSet<>();
                for (Object element : (List<Object>) value) collection.add(untagged(element, loader));
                return collection;
            }
            case "r" -> {
                Class<?> type = SdkReflection.load(loader, (String) value);
                Map<String, Object> components = (Map<String, Object>) pair.get(2);
                RecordComponent[] parts = type.getRecordComponents();
                if (parts == null) throw new IllegalArgumentException(type.getName() + " is no longer a record");
                Class<?>[] types = new Class<?>[parts.length];
                Object[] arguments = new Object[parts.length];
                for (int i = 0; i < parts.length; i++) {
                    types[i] = parts[i].getType();
                    arguments[i] = untagged(components.get(parts[i].getName()), loader);
                }
                return construct(type, types, arguments);
            }
            default -> throw new IllegalArgumentException("unknown stored type " + tag);
        }
    }

    // ---------------------------------------------------------------- reflection helpers

    private static Object construct(ClassLoader loader, String className, Class<?>[] types, Object... arguments) {
        return construct(SdkReflection.load(loader, className), types, arguments);
    }

    private static Object construct(Class<?> type, Class<?>[] types, Object... arguments) {
        try {
            Constructor<?> constructor = type.getConstructor(types);
            return constructor.newInstance(arguments);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("new " + type.getName() + " failed: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the SDK has no public constructor " + type.getName() + List.of(types), e);
        }
    }

    private static Object invokeStatic(ClassLoader loader, String className, String name, Class<?>[] types, Object... arguments) {
        Class<?> type = SdkReflection.load(loader, className);
        try {
            return type.getMethod(name, types).invoke(null, arguments);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException(className + "." + name + " failed: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the SDK has no " + className + "." + name + List.of(types), e);
        }
    }

    private static String sha256(byte[] bytes, int length) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return HexFormat.of().formatHex(digest, 0, length);
        } catch (NoSuchAlgorithmException e) {
            throw new UncheckedIOException(new IOException("SHA-256 is missing from this JVM", e));
        }
    }
}
