package dev.heddle.preset;

import dev.heddle.config.MatchConfig;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

/**
 * The preset for LangChain4j chat models ({@code dev.langchain4j:langchain4j-*} 1.x), named
 * {@code langchain4j}.
 *
 * <h2>What is woven</h2>
 * {@code ChatModel.doChat(ChatRequest)}, in every class that implements
 * {@code dev.langchain4j.model.chat.ChatModel} and declares it. Checked against the 1.19.0 bytecode:
 * <ul>
 *   <li>{@code ChatModel} is an interface whose methods are all {@code default}. {@code chat(String)},
 *       {@code chat(ChatMessage...)} and {@code chat(List)} each build a {@code ChatRequest} and call
 *       {@code chat(ChatRequest)}; that calls {@code chat(ChatRequest, ChatRequestOptions.EMPTY)}
 *       (new in 1.19), which merges {@code defaultRequestParameters().overrideWith(request.parameters())}
 *       into a new {@code ChatRequest}, calls the listeners' {@code onRequest}, then
 *       {@code doChat(mergedRequest)} exactly once, then {@code onResponse} or {@code onError}.</li>
 *   <li>The default {@code doChat} only throws; {@code OpenAiChatModel}, {@code OpenAiResponsesChatModel}
 *       and {@code DisabledChatModel} override it (and none of them overrides any {@code chat}
 *       overload), so weaving {@code doChat} sees every call once, with the final merged request, and
 *       a cache hit still lets the model's listeners see the request and the (cached) response.</li>
 *   <li>{@code OpenAiChatModel.doChat} does the SDK's own retries inside
 *       ({@code RetryUtils.withRetryMappingExceptions}), so what it throws is already mapped to
 *       {@code dev.langchain4j.exception.*}.</li>
 * </ul>
 * A model class that overrides one of the {@code chat} overloads instead of {@code doChat} is not
 * seen; a subclass whose {@code doChat} calls {@code super.doChat} is woven at both levels.
 *
 * <h2>Streaming</h2>
 * {@code StreamingChatModel.doChat(ChatRequest, StreamingChatResponseHandler)} too, in every class that
 * implements {@code dev.langchain4j.model.chat.StreamingChatModel} and declares it; {@link #forMethod}
 * gives a {@link StreamedPreset} over {@link LangChain4jStreamTap} for it. Checked against the 1.19.0
 * bytecode:
 * <ul>
 *   <li>{@code StreamingChatModel} is an interface whose methods are all {@code default}.
 *       {@code chat(String, handler)} and {@code chat(List, handler)} build a {@code ChatRequest} and call
 *       {@code chat(ChatRequest, handler)}; that calls {@code chat(ChatRequest, ChatRequestOptions.EMPTY,
 *       handler)}, which merges {@code defaultRequestParameters().overrideWith(request.parameters())} into a
 *       new {@code ChatRequest}, wraps the handler in one that tells the listeners ({@code StreamingChatModel$1}:
 *       {@code onResponse} before the handler's {@code onCompleteResponse}, {@code onError} before its
 *       {@code onError}), calls the listeners' {@code onRequest}, then {@code doChat(mergedRequest,
 *       wrappedHandler)} exactly once, and returns.</li>
 *   <li>The default {@code doChat} only throws; {@code OpenAiStreamingChatModel},
 *       {@code OpenAiResponsesStreamingChatModel} and {@code DisabledStreamingChatModel} override it and none
 *       of them overrides a {@code chat} overload. The OpenAI ones start the HTTP call and return at once;
 *       the callbacks come on the HTTP client's thread, each through
 *       {@code InternalStreamingChatResponseHandlerUtils}, which gives an exception of a callback to the
 *       handler's {@code onError}. {@code DisabledStreamingChatModel.doChat} throws
 *       {@code ModelDisabledException} at once.</li>
 *   <li>The text, thinking and tool call partials come through the two-argument callbacks, whose context
 *       carries a {@code StreamingHandle}: a handler can cancel the stream (see {@link LangChain4jStreamTap}).</li>
 * </ul>
 * So a cache hit still lets the listeners see the request and the (replayed) response, as for plain calls.
 *
 * <h2>Cache key</h2>
 * A canonical JSON object of
 * <ul>
 *   <li>{@code chatModel}: the concrete model class, since two providers answer the same request
 *       differently;</li>
 *   <li>{@code messages}: LangChain4j's own JSON of the messages
 *       ({@code ChatMessageSerializer.messagesToJson}), so system prompt, history, tool results,
 *       images and message names all count;</li>
 *   <li>{@code parameters}: {@code modelName, temperature, topP, topK, frequencyPenalty,
 *       presencePenalty, maxOutputTokens, stopSequences, toolSpecifications} (each as
 *       {@code ToolSpecification.toJson()}), {@code toolChoice, responseFormat} (type, schema name and
 *       the schema through {@code JsonSchemaElementJsonUtils.toMap}), and every other public getter a
 *       provider's parameters subclass adds (for OpenAI: {@code maxCompletionTokens, logitBias,
 *       parallelToolCalls, seed, reasoningEffort, logprobs, topLogprobs, customParameters}; for the
 *       Responses API also {@code previousResponseId, include, serverTools, ...}), since an unknown
 *       parameter may change the answer;</li>
 * </ul>
 * and leaves out what does not change the answer: {@link #NOT_IN_KEY} ({@code user, store, metadata,
 * serviceTier, safetyIdentifier, promptCacheKey, promptCacheRetention, streamIncludeObfuscation}).
 * Null values and empty lists or maps are left out too, so that absent and empty key alike. Settings
 * that live only in the model object and not in its request parameters (base URL, API key, strict
 * tools or JSON schema flags, thinking flags) are not part of the key.
 *
 * <h2>Errors</h2>
 * LangChain4j maps an HTTP failure to {@code RateLimitException} (429), {@code TimeoutException}
 * (408), {@code InternalServerException} (5xx), all {@code RetriableException}s, or to
 * {@code AuthenticationException}, {@code ModelNotFoundException}, {@code InvalidRequestException}
 * ({@code NonRetriableException}s), each wrapping the client's {@code HttpException(statusCode, body)}.
 * When an {@code HttpException} is in the chain its status decides, as for the other presets (408,
 * 409, 429 and 5xx are retryable); otherwise the class does; otherwise lost connections and timeouts
 * of the JDK are. {@link #retryAfter} is always empty: {@code HttpException} carries only the status
 * and the body, the HTTP clients drop the headers of a failed response, and LangChain4j's own retries
 * use a fixed exponential back-off.
 *
 * <h2>Response codec</h2>
 * A JSON object of the {@code aiMessage} as LangChain4j's {@code ChatMessageSerializer} writes it (text,
 * thinking, tool calls, attributes) and the {@code metadata}: its class and every property its
 * builder can set back (id, model name, token usage, finish reason, and for OpenAI {@code created,
 * serviceTier, systemFingerprint, logProbs} and the token details), so that a cached answer has the
 * same metadata class as a live one. The raw HTTP response and server-sent events are left out: they
 * describe the original exchange, not the answer, and would put the vendor's headers into a shared
 * cache. A response without them decodes to an equal {@code ChatResponse} (one exception: an
 * {@code OpenAiChatResponseMetadata} built by hand with a plain {@code TokenUsage} keeps it as it is
 * but reads it back as an {@code OpenAiTokenUsage}, which is what is stored; {@code OpenAiChatModel}
 * itself always gives an {@code OpenAiTokenUsage}).
 *
 * <h2>Telemetry</h2>
 * The provider is told by the model's class ({@link ProviderName}). The response facts are the
 * metadata's {@code id} and {@code modelName}, and its {@code finishReason} in the words of the
 * OpenTelemetry GenAI conventions: the enum's name in lower case, and {@code TOOL_EXECUTION} as
 * {@code tool_calls}.
 */
final class LangChain4jPreset implements Preset {

    private static final String CHAT_MODEL = "dev.langchain4j.model.chat.ChatModel";
    private static final String CHAT_REQUEST = "dev.langchain4j.model.chat.request.ChatRequest";
    private static final String CHAT_RESPONSE = "dev.langchain4j.model.chat.response.ChatResponse";
    private static final String SERIALIZER = "dev.langchain4j.data.message.ChatMessageSerializer";
    private static final String DESERIALIZER = "dev.langchain4j.data.message.ChatMessageDeserializer";
    private static final String SCHEMA_JSON = "dev.langchain4j.internal.JsonSchemaElementJsonUtils";
    private static final String TOOL_SPECIFICATION = "dev.langchain4j.agent.tool.ToolSpecification";
    private static final String RESPONSE_FORMAT = "dev.langchain4j.model.chat.request.ResponseFormat";
    private static final String JSON_SCHEMA = "dev.langchain4j.model.chat.request.json.JsonSchema";
    private static final String JSON_SCHEMA_ELEMENT = "dev.langchain4j.model.chat.request.json.JsonSchemaElement";
    private static final String TOKEN_USAGE = "dev.langchain4j.model.output.TokenUsage";
    private static final String HTTP_EXCEPTION = "dev.langchain4j.exception.HttpException";
    private static final String RETRIABLE = "dev.langchain4j.exception.RetriableException";
    private static final String NON_RETRIABLE = "dev.langchain4j.exception.NonRetriableException";

    /** The parameters every {@code ChatRequestParameters} has, in the key under these names. */
    private static final List<String> COMMON_PARAMETERS = List.of("modelName", "temperature", "topP", "topK",
            "frequencyPenalty", "presencePenalty", "maxOutputTokens", "stopSequences", "toolSpecifications",
            "toolChoice", "responseFormat");

    /** Provider parameters that do not change the answer: who asks, where it is stored, how fast it is served. */
    static final Set<String> NOT_IN_KEY = Set.of("user", "store", "metadata", "serviceTier", "safetyIdentifier",
            "promptCacheKey", "promptCacheRetention", "streamIncludeObfuscation");

    /** Methods of a parameters or metadata object that are not properties. */
    private static final Set<String> NOT_PROPERTIES = Set.of("toBuilder", "hashCode", "toString", "getClass",
            "builder", "overrideWith", "defaultedBy");

    /** Metadata that describes the HTTP exchange rather than the answer. */
    private static final Set<String> NOT_STORED = Set.of("rawHttpResponse", "rawServerSentEvents");

    /** The key under which the codec writes an object's class. */
    private static final String TYPE = "@type";

    /** What {@link #encodeValue} returns for a value it cannot store. */
    private static final Object UNENCODABLE = new Object();

    /** Static methods of the SDK, per class of the SDK object whose loader resolved them. */
    private static final ClassValue<Map<String, Method>> STATICS = new ClassValue<>() {
        @Override
        protected Map<String, Method> computeValue(Class<?> type) {
            return new ConcurrentHashMap<>();
        }
    };

    /** The property names of SDK value classes, found once per class. */
    private static final ClassValue<Set<String>> PROPERTIES = new ClassValue<>() {
        @Override
        protected Set<String> computeValue(Class<?> type) {
            Set<String> names = new TreeSet<>();
            for (Method method : type.getMethods()) {
                if (method.getParameterCount() != 0 || Modifier.isStatic(method.getModifiers()) || method.isBridge()
                        || method.isSynthetic() || method.getReturnType() == void.class
                        || method.getDeclaringClass() == Object.class || NOT_PROPERTIES.contains(method.getName())) {
                    continue;
                }
                names.add(method.getName());
            }
            return Collections.unmodifiableSet(names);
        }
    };

    private static final MatchConfig TARGET = new MatchConfig(CHAT_MODEL, "doChat", Optional.of(List.of(CHAT_REQUEST)));

    @Override
    public String name() {
        return "langchain4j";
    }

    private final LangChain4jStreamTap tap = new LangChain4jStreamTap(this);
    private final StreamedPreset streamed = new StreamedPreset(this, tap);

    @Override
    public List<MatchConfig> targets() {
        List<MatchConfig> targets = new ArrayList<>(List.of(TARGET));
        targets.addAll(tap.targets());
        return List.copyOf(targets);
    }

    /** The streamed preset for {@code StreamingChatModel.doChat(ChatRequest, StreamingChatResponseHandler)}. */
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
        return CanonicalJson.write(key(self, request(arguments)));
    }

    @Override
    public Optional<String> model(Object self, Object[] arguments) {
        Object parameters = SdkReflection.call(request(arguments), "parameters");
        if (parameters == null) return Optional.empty();
        return SdkReflection.value(parameters, "modelName").map(Object::toString);
    }

    @Override
    public Optional<String> user(Object self, Object[] arguments) {
        Object parameters = SdkReflection.call(request(arguments), "parameters");
        if (parameters == null || !SdkReflection.has(parameters, "user")) return Optional.empty();
        return SdkReflection.value(parameters, "user").map(Object::toString).filter(user -> !user.isBlank());
    }

    /**
     * The text of the last user message is embedded; the model class, the system message, the earlier
     * messages, the parameters and the rest of the last user message (its images, files, name) form the
     * fingerprint, so that the same question about two different images never shares an answer.
     */
    @Override
    public EmbeddingText textToEmbed(Object self, Object[] arguments) {
        Map<String, Object> key = key(self, request(arguments));
        String text = "";
        if (key.get("messages") instanceof List<?> messages) {
            List<Object> context = new ArrayList<>(messages);
            for (int i = context.size() - 1; i >= 0; i--) {
                if (context.get(i) instanceof Map<?, ?> message && "USER".equals(message.get("type"))) {
                    text = text(message);
                    context.set(i, withoutText(message));
                    break;
                }
            }
            key.put("messages", context);
        }
        return EmbeddingText.withContext(text, CanonicalJson.write(key));
    }

    @Override
    public Optional<TokenUsage> usage(Object response) {
        if (response == null || !SdkReflection.has(response, "tokenUsage")) return Optional.empty();
        return SdkReflection.value(response, "tokenUsage")
                .map(usage -> new TokenUsage(tokens(usage, "inputTokenCount"), tokens(usage, "outputTokenCount")));
    }

    /** Finish reason {@code STOP} or {@code TOOL_EXECUTION}; without one, a non-empty text or tool calls. */
    @Override
    public boolean isCompleteAnswer(Object response) {
        Object finishReason = SdkReflection.has(response, "finishReason") ? SdkReflection.call(response, "finishReason") : null;
        if (finishReason != null) {
            String name = finishReason.toString();
            return name.equals("STOP") || name.equals("TOOL_EXECUTION");
        }
        Object message = SdkReflection.call(response, "aiMessage");
        if (message == null) return false;
        Object text = SdkReflection.call(message, "text");
        boolean hasToolCalls = Boolean.TRUE.equals(SdkReflection.call(message, "hasToolExecutionRequests"));
        return hasToolCalls || (text instanceof String string && !string.isEmpty());
    }

    /** A finish reason of {@code TOOL_EXECUTION}, or an AI message with tool execution requests. */
    @Override
    public boolean asksForTools(Object response) {
        Object finishReason = SdkReflection.has(response, "finishReason") ? SdkReflection.call(response, "finishReason") : null;
        if (finishReason != null && finishReason.toString().equals("TOOL_EXECUTION")) return true;
        Object message = SdkReflection.has(response, "aiMessage") ? SdkReflection.call(response, "aiMessage") : null;
        return message != null && Boolean.TRUE.equals(SdkReflection.call(message, "hasToolExecutionRequests"));
    }

    @Override
    public ResponseFacts responseFacts(Object response) {
        try {
            if (!isA(response, CHAT_RESPONSE)) return ResponseFacts.NONE;
            Object metadata = SdkReflection.call(response, "metadata");
            if (metadata == null) return ResponseFacts.NONE;
            Object finishReason = SdkReflection.call(metadata, "finishReason");
            return new ResponseFacts(string(metadata, "id"), string(metadata, "modelName"),
                    finishReason == null ? List.of() : List.of(finishReason(finishReason.toString())));
        } catch (RuntimeException | LinkageError unreadable) {
            // a metadata class that lacks what 1.x has tells nothing, and must not fail the call
            return ResponseFacts.NONE;
        }
    }

    /** {@code FinishReason}'s name in the conventions' words: {@code TOOL_EXECUTION} is what OpenAI calls {@code tool_calls}. */
    private static String finishReason(String name) {
        return name.equals("TOOL_EXECUTION") ? "tool_calls" : name.toLowerCase(Locale.ROOT);
    }

    private static Optional<String> string(Object target, String name) {
        return SdkReflection.value(target, name).map(Object::toString).filter(text -> !text.isBlank());
    }

    @Override
    public boolean isRetryable(Throwable error) {
        List<Throwable> chain = causes(error);
        for (Throwable cause : chain) {
            if (isA(cause, HTTP_EXCEPTION)) {
                int code = ((Number) SdkReflection.call(cause, "statusCode")).intValue();
                return code == 408 || code == 409 || code == 429 || code >= 500;
            }
        }
        for (Throwable cause : chain) {
            if (isA(cause, RETRIABLE)) return true;
            if (isA(cause, NON_RETRIABLE)) return false;
        }
        for (Throwable cause : chain) {
            if (cause instanceof SocketTimeoutException || cause instanceof TimeoutException
                    || cause instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Optional<Integer> statusCode(Throwable error) {
        for (Throwable cause : causes(error)) {
            if (isA(cause, HTTP_EXCEPTION)) return Optional.of(((Number) SdkReflection.call(cause, "statusCode")).intValue());
        }
        return Optional.empty();
    }

    /** Always empty: LangChain4j's exceptions do not keep the response headers (see the class comment). */
    @Override
    public Optional<Duration> retryAfter(Throwable error) {
        return Optional.empty();
    }

    @Override
    public String encode(Object response) {
        if (!isA(response, CHAT_RESPONSE)) throw new IllegalArgumentException("not a LangChain4j ChatResponse: " + response);
        Map<String, Object> encoded = new TreeMap<>();
        encoded.put(TYPE, response.getClass().getName());
        Object aiMessage = SdkReflection.call(response, "aiMessage");
        if (aiMessage != null) {
            String json = (String) callStatic(response.getClass(), SERIALIZER, "messageToJson", aiMessage);
            encoded.put("aiMessage", CanonicalJson.parse(json));
        }
        Object metadata = SdkReflection.call(response, "metadata");
        if (metadata != null) {
            Object value = encodeValue(metadata, 0);
            if (value == UNENCODABLE) throw new IllegalArgumentException("cannot encode the metadata " + metadata);
            encoded.put("metadata", value);
        }
        return CanonicalJson.write(encoded);
    }

    @Override
    public Object decode(String encoded, ClassLoader sdkLoader) {
        try {
            return decodeStored(encoded, sdkLoader);
        } catch (ClassCastException | NullPointerException wrongShape) {
            // JSON, but not shaped as encode() writes it: a value or a null where a list or an object should be
            throw new IllegalArgumentException("not an encoded LangChain4j response: " + wrongShape.getMessage(), wrongShape);
        }
    }

    private Object decodeStored(String encoded, ClassLoader sdkLoader) {
        if (!(CanonicalJson.parse(encoded) instanceof Map<?, ?> stored) || !(stored.get(TYPE) instanceof String)) {
            throw new IllegalArgumentException("not an encoded LangChain4j response");
        }
        Class<?> responseType = SdkReflection.load(sdkLoader, CHAT_RESPONSE);
        Object builder = SdkReflection.callStatic(sdkLoader, CHAT_RESPONSE, "builder");
        Object aiMessage = stored.get("aiMessage");
        if (aiMessage != null) {
            Object message = callStatic(responseType, DESERIALIZER, "messageFromJson", CanonicalJson.write(aiMessage));
            setProperty(builder, "aiMessage", message);
        }
        Object metadata = stored.get("metadata");
        if (metadata != null) {
            Class<?> metadataType = SdkReflection.load(sdkLoader, "dev.langchain4j.model.chat.response.ChatResponseMetadata");
            setProperty(builder, "metadata", decodeValue(metadata, metadataType, sdkLoader));
        }
        return SdkReflection.call(builder, "build");
    }

    // ---- the key ------------------------------------------------------------------------------

    private static Object request(Object[] arguments) {
        if (arguments == null || arguments.length == 0 || arguments[0] == null) throw new IllegalArgumentException("no request");
        if (!isA(arguments[0], CHAT_REQUEST)) throw new IllegalArgumentException("not a ChatRequest: " + arguments[0].getClass());
        return arguments[0];
    }

    private static Map<String, Object> key(Object self, Object request) {
        Map<String, Object> key = new TreeMap<>();
        if (self != null) key.put("chatModel", self.getClass().getName());
        Object messages = SdkReflection.call(request, "messages");
        if (messages != null) {
            key.put("messages", CanonicalJson.parse((String) callStatic(request.getClass(), SERIALIZER, "messagesToJson", messages)));
        }
        Object parameters = SdkReflection.call(request, "parameters");
        if (parameters != null) key.put("parameters", parameters(parameters));
        return key;
    }

    private static Map<String, Object> parameters(Object parameters) {
        Map<String, Object> key = new TreeMap<>();
        for (String name : COMMON_PARAMETERS) {
            put(key, name, keyValue(SdkReflection.call(parameters, name)));
        }
        for (String name : propertyNames(parameters.getClass())) {
            if (COMMON_PARAMETERS.contains(name) || NOT_IN_KEY.contains(name)) continue;
            put(key, name, keyValue(SdkReflection.call(parameters, name)));
        }
        return key;
    }

    /** Puts a value unless it is null or an empty list or map. */
    private static void put(Map<String, Object> map, String name, Object value) {
        if (value == null || (value instanceof Collection<?> list && list.isEmpty())
                || (value instanceof Map<?, ?> object && object.isEmpty())) {
            return;
        }
        map.put(name, value);
    }

    /** A parameter's value as the plain values {@link CanonicalJson#write} takes. */
    private static Object keyValue(Object value) {
        if (value == null || value instanceof String || value instanceof Boolean) return value;
        if (value instanceof Number number) return new CanonicalJson.Number(number.toString());
        if (value instanceof Enum<?> constant) return constant.name();
        if (value instanceof Optional<?> optional) return keyValue(optional.orElse(null));
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> object = new TreeMap<>();
            map.forEach((name, element) -> object.put(String.valueOf(name), keyValue(element)));
            return object;
        }
        if (value instanceof Collection<?> collection) {
            List<Object> list = new ArrayList<>();
            for (Object element : collection) list.add(keyValue(element));
            return list;
        }
        if (isA(value, TOOL_SPECIFICATION) && SdkReflection.has(value, "toJson")) {
            return CanonicalJson.parse((String) SdkReflection.call(value, "toJson"));
        }
        if (isA(value, RESPONSE_FORMAT)) {
            Map<String, Object> format = new TreeMap<>();
            put(format, "type", keyValue(SdkReflection.call(value, "type")));
            put(format, "jsonSchema", keyValue(SdkReflection.call(value, "jsonSchema")));
            return format;
        }
        if (isA(value, JSON_SCHEMA)) {
            Map<String, Object> schema = new TreeMap<>();
            put(schema, "name", keyValue(SdkReflection.call(value, "name")));
            put(schema, "rootElement", keyValue(SdkReflection.call(value, "rootElement")));
            return schema;
        }
        if (isA(value, JSON_SCHEMA_ELEMENT)) {
            return keyValue(callStatic(value.getClass(), SCHEMA_JSON, "toMap", value));
        }
        return value.toString();
    }

    /** The last user message's text: its text parts, one per line. */
    private static String text(Map<?, ?> message) {
        if (message.get("text") instanceof String text) return text;
        StringBuilder text = new StringBuilder();
        if (message.get("contents") instanceof List<?> contents) {
            for (Object content : contents) {
                if (content instanceof Map<?, ?> part && "TEXT".equals(part.get("type")) && part.get("text") instanceof String piece) {
                    if (text.length() > 0) text.append('\n');
                    text.append(piece);
                }
            }
        }
        return text.toString();
    }

    /** A user message without its text, as the context of the text. */
    private static Map<String, Object> withoutText(Map<?, ?> message) {
        Map<String, Object> rest = new TreeMap<>();
        message.forEach((name, value) -> rest.put((String) name, value));
        rest.remove("text");
        if (rest.get("contents") instanceof List<?> contents) {
            List<Object> notText = new ArrayList<>();
            for (Object content : contents) {
                if (!(content instanceof Map<?, ?> part && "TEXT".equals(part.get("type")))) notText.add(content);
            }
            rest.put("contents", notText);
        }
        return rest;
    }

    // ---- usage and errors ---------------------------------------------------------------------

    private static long tokens(Object usage, String name) {
        return SdkReflection.value(usage, name).map(value -> ((Number) value).longValue()).orElse(0L);
    }

    private static List<Throwable> causes(Throwable error) {
        List<Throwable> chain = new ArrayList<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable cause = error; cause != null && seen.add(cause); cause = cause.getCause()) {
            chain.add(cause);
        }
        return chain;
    }

    /** Whether the object's class, or a superclass or interface of it, has this name. */
    private static boolean isA(Object object, String typeName) {
        return object != null && isA(object.getClass(), typeName);
    }

    private static boolean isA(Class<?> type, String typeName) {
        if (type == null) return false;
        if (type.getName().equals(typeName)) return true;
        for (Class<?> implemented : type.getInterfaces()) {
            if (isA(implemented, typeName)) return true;
        }
        return isA(type.getSuperclass(), typeName);
    }

    // ---- the response codec -------------------------------------------------------------------

    /**
     * A metadata value as plain JSON values: strings, numbers, booleans and enum names as themselves,
     * lists element by element, and an object that its class's own {@code builder()} can rebuild as
     * its class name and properties; the plain {@code TokenUsage}, which has no builder, by its counts.
     */
    private static Object encodeValue(Object value, int depth) {
        if (value == null || value instanceof String || value instanceof Boolean) return value;
        if (value instanceof Number number) return new CanonicalJson.Number(number.toString());
        if (value instanceof Enum<?> constant) return constant.name();
        if (depth > 8) return UNENCODABLE;
        if (value instanceof List<?> list) {
            List<Object> encoded = new ArrayList<>();
            for (Object element : list) {
                Object one = encodeValue(element, depth + 1);
                if (one == UNENCODABLE) return UNENCODABLE;
                encoded.add(one);
            }
            return encoded;
        }
        Class<?> type = value.getClass();
        Map<String, Object> object = new TreeMap<>();
        object.put(TYPE, type.getName());
        if (type.getName().equals(TOKEN_USAGE)) {
            for (String count : List.of("inputTokenCount", "outputTokenCount", "totalTokenCount")) {
                object.put(count, encodeValue(SdkReflection.call(value, count), depth + 1));
            }
            return object;
        }
        Optional<Object> builder = builderOf(type);
        if (builder.isEmpty()) return UNENCODABLE;
        for (String name : propertyNames(type)) {
            if (NOT_STORED.contains(name) || setterOf(builder.get(), name, getterType(type, name)).isEmpty()) continue;
            Object property = SdkReflection.call(value, name);
            if (property == null) continue;
            Object encoded = encodeValue(property, depth + 1);
            if (encoded != UNENCODABLE) object.put(name, encoded);
        }
        return object;
    }

    /** Rebuilds what {@link #encodeValue} wrote, as the given type. */
    private static Object decodeValue(Object stored, Type target, ClassLoader loader) {
        if (stored == null) return null;
        Class<?> raw = rawClass(target);
        if (stored instanceof Map<?, ?> object && object.get(TYPE) instanceof String typeName) {
            Class<?> type = SdkReflection.load(loader, typeName);
            if (!raw.isAssignableFrom(type)) throw new IllegalArgumentException(typeName + " is not a " + raw.getName());
            if (typeName.equals(TOKEN_USAGE)) {
                Object[] counts = new Object[3];
                List<String> names = List.of("inputTokenCount", "outputTokenCount", "totalTokenCount");
                for (int i = 0; i < counts.length; i++) counts[i] = decodeValue(object.get(names.get(i)), Integer.class, loader);
                return construct(type, counts);
            }
            Object builder = builderOf(type).orElseThrow(() -> new IllegalArgumentException(typeName + " has no builder()"));
            for (Map.Entry<?, ?> property : object.entrySet()) {
                String name = (String) property.getKey();
                if (name.equals(TYPE)) continue;
                Method setter = setterOf(builder, name, getterType(type, name))
                        .orElseThrow(() -> new IllegalArgumentException(typeName + " cannot set " + name));
                Object value = decodeValue(property.getValue(), setter.getGenericParameterTypes()[0], loader);
                SdkReflection.call(builder, name, setter.getParameterTypes(), value);
            }
            return SdkReflection.call(builder, "build");
        }
        if (stored instanceof List<?> list) {
            Type element = target instanceof ParameterizedType generic ? generic.getActualTypeArguments()[0] : Object.class;
            List<Object> decoded = new ArrayList<>();
            for (Object one : list) decoded.add(decodeValue(one, element, loader));
            return decoded;
        }
        if (stored instanceof CanonicalJson.Number number) return number(number.text(), raw);
        if (stored instanceof String text && raw.isEnum()) return enumConstant(raw, text);
        return stored;
    }

    private static Object number(String text, Class<?> type) {
        if (type == Integer.class || type == int.class) return Integer.valueOf(text);
        if (type == Long.class || type == long.class) return Long.valueOf(text);
        if (type == Double.class || type == double.class) return Double.valueOf(text);
        if (type == Float.class || type == float.class) return Float.valueOf(text);
        if (type == Short.class || type == short.class) return Short.valueOf(text);
        if (type == Byte.class || type == byte.class) return Byte.valueOf(text);
        if (type == BigInteger.class) return new BigInteger(text);
        if (type == BigDecimal.class || type == Number.class || type == Object.class) return new BigDecimal(text);
        throw new IllegalArgumentException("a number cannot be a " + type.getName());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object enumConstant(Class<?> type, String name) {
        return Enum.valueOf((Class) type, name);
    }

    private static Class<?> rawClass(Type type) {
        if (type instanceof Class<?> plain) return plain;
        if (type instanceof ParameterizedType generic) return (Class<?>) generic.getRawType();
        return Object.class;
    }

    /** A fresh builder from the type's own public static {@code builder()}, not one it inherits. */
    private static Optional<Object> builderOf(Class<?> type) {
        try {
            Method factory = type.getMethod("builder");
            if (!Modifier.isStatic(factory.getModifiers()) || factory.getDeclaringClass() != type) return Optional.empty();
            return Optional.ofNullable(factory.invoke(null));
        } catch (NoSuchMethodException e) {
            return Optional.empty();
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(type.getName() + ".builder() is not accessible", e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException(type.getName() + ".builder() failed: " + e.getCause(), e.getCause());
        }
    }

    /**
     * The builder's one-argument method of this name that takes the property's type, or else the only
     * one that takes a supertype of it (a metadata's {@code tokenUsage(TokenUsage)} for its
     * {@code OpenAiTokenUsage tokenUsage()}).
     */
    private static Optional<Method> setterOf(Object builder, String name, Class<?> propertyType) {
        Method fitting = null;
        int fits = 0;
        for (Method method : builder.getClass().getMethods()) {
            if (!method.getName().equals(name) || method.getParameterCount() != 1 || Modifier.isStatic(method.getModifiers())
                    || method.isBridge()) {
                continue;
            }
            Class<?> parameter = method.getParameterTypes()[0];
            if (parameter == propertyType) return Optional.of(method);
            if (propertyType != null && parameter.isAssignableFrom(propertyType)) {
                fitting = method;
                fits++;
            }
        }
        return fits == 1 ? Optional.of(fitting) : Optional.empty();
    }

    private static Class<?> getterType(Class<?> type, String name) {
        try {
            return type.getMethod(name).getReturnType();
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    /**
     * The names of a class's public instance methods that take nothing and return something, other
     * than those of {@code Object} and of builders: the properties of a LangChain4j value class.
     */
    private static Set<String> propertyNames(Class<?> type) {
        return PROPERTIES.get(type);
    }

    private static Object construct(Class<?> type, Object[] counts) {
        try {
            return type.getConstructor(Integer.class, Integer.class, Integer.class).newInstance(counts);
        } catch (NoSuchMethodException | InstantiationException | IllegalAccessException e) {
            throw new IllegalStateException("cannot construct " + type.getName(), e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("constructing " + type.getName() + " failed: " + e.getCause(), e.getCause());
        }
    }

    private static void setProperty(Object builder, String name, Object value) {
        Class<?> type = value == null ? null : value.getClass();
        Method setter = setterOf(builder, name, type)
                .orElseThrow(() -> new IllegalStateException(builder.getClass().getName() + " has no " + name + "(...)"));
        SdkReflection.call(builder, name, setter.getParameterTypes(), value);
    }

    // ---- reflection on the SDK's static helpers -----------------------------------------------

    /**
     * Calls a public static one-argument method of an SDK class, found by name in the class loader of
     * {@code anchor} (an SDK class), so that Heddle never links against the SDK.
     */
    private static Object callStatic(Class<?> anchor, String className, String methodName, Object argument) {
        Method method = STATICS.get(anchor).computeIfAbsent(className + "#" + methodName, ignored -> {
            Class<?> type = SdkReflection.load(anchor.getClassLoader(), className);
            Method found = null;
            for (Method candidate : type.getMethods()) {
                if (candidate.getName().equals(methodName) && candidate.getParameterCount() == 1
                        && Modifier.isStatic(candidate.getModifiers())) {
                    if (found != null) throw new IllegalStateException(className + "." + methodName + " is overloaded");
                    found = candidate;
                }
            }
            if (found == null) throw new IllegalStateException("the SDK has no " + className + "." + methodName + "(...)");
            return found;
        });
        try {
            return method.invoke(null, argument);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException(method + " failed: " + e.getCause(), e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(method + " is not accessible", e);
        }
    }

}
