package dev.heddle.preset;

import dev.heddle.config.MatchConfig;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * A preset for the official OpenAI and Anthropic Java SDKs, which share one design: a service method
 * {@code create(XxxCreateParams, RequestOptions)} whose params hold a JSON {@code _body()}, responses
 * that the SDK's own Jackson mapper ({@code com.xxx.core.ObjectMappers.jsonMapper()}) writes and
 * reads, and errors that carry the HTTP status and headers.
 *
 * <p>The cache key is the request body as the SDK sends it, re-written with sorted keys and without
 * the fields that do not change the answer ({@link Sdk#fieldsNotInKey}); request options (timeouts,
 * extra headers) are never part of it. The response codec is the SDK's JSON, with the response class
 * name in front.
 *
 * <p>The provider is the SDK's own vendor: a client pointed at another host (Azure OpenAI through
 * openai-java, Bedrock or Vertex AI through anthropic-java) still says {@code openai} or
 * {@code anthropic}, since where the client sends its requests is private to it.
 */
final class StainlessSdkPreset implements Preset {

    /**
     * How one SDK differs from the other.
     *
     * @param name the preset name
     * @param provider the OpenTelemetry {@code gen_ai.provider.name} of the SDK's vendor
     * @param targets the woven service methods
     * @param objectMappers the SDK's {@code ObjectMappers} class
     * @param fieldsNotInKey body fields that do not change the answer
     * @param userPath where the body names the end user
     * @param errorPackage the package of the SDK's exceptions
     * @param streaming how the SDK's {@code createStreaming} answers
     */
    record Sdk(String name, String provider, List<MatchConfig> targets, String objectMappers, Set<String> fieldsNotInKey,
            List<String> userPath, String errorPackage, StainlessStreamTap.Dialect streaming) {

        /** @return the package of the SDK's request and response types, such as {@code com.openai.models.} */
        String modelPackage() {
            return objectMappers.substring(0, objectMappers.indexOf(".core.")) + ".models.";
        }
    }

    private static final Set<Object> COMPLETE_FINISH_REASONS = Set.of("stop", "tool_calls", "function_call");
    private static final Set<String> COMPLETE_STOP_REASONS = Set.of("end_turn", "stop_sequence", "tool_use");
    private static final Set<Object> TOOL_FINISH_REASONS = Set.of("tool_calls", "function_call");
    private static final Class<?>[] ONE_OBJECT = {Object.class};
    private static final Class<?>[] ONE_STRING = {String.class};
    private static final Class<?>[] STRING_AND_CLASS = {String.class, Class.class};
    private final Sdk sdk;
    private final StainlessStreamTap tap;
    private final StreamedPreset streamed;
    private final StainlessStreamTap asyncTap;
    private final StreamedPreset asyncStreamed;

    StainlessSdkPreset(Sdk sdk) {
        this.sdk = sdk;
        this.tap = new StainlessStreamTap(this, sdk.streaming(), false);
        this.streamed = new StreamedPreset(this, tap);
        this.asyncTap = new StainlessStreamTap(this, sdk.streaming(), true);
        this.asyncStreamed = new StreamedPreset(this, asyncTap);
    }

    @Override
    public String name() {
        return sdk.name();
    }

    /** The plain methods, then the streaming ones ({@code createStreaming}). */
    @Override
    public List<MatchConfig> targets() {
        List<MatchConfig> targets = new ArrayList<>(sdk.targets());
        targets.addAll(tap.targets());
        targets.addAll(asyncTap.targets());
        return List.copyOf(targets);
    }

    /** The blocking or the asynchronous client's {@code createStreaming}: each replays through its own stream type. */
    @Override
    public Preset forMethod(String signature) {
        if (tap.streams(signature)) return streamed;
        return asyncTap.streams(signature) ? asyncStreamed : this;
    }

    /** @return the SDK's package of core types, such as {@code com.openai.core.} */
    String corePackage() {
        return sdk.objectMappers().substring(0, sdk.objectMappers().indexOf(".core.") + ".core.".length());
    }

    /**
     * @param params the request
     * @return its body as the SDK sends it, parsed
     */
    Map<String, Object> requestBody(Object params) {
        return body(new Object[] {params});
    }

    @Override
    public String provider(Object self) {
        return sdk.provider();
    }

    @Override
    public String cacheKey(Object self, Object[] arguments) {
        Map<String, Object> body = body(arguments);
        sdk.fieldsNotInKey().forEach(body::remove);
        return CanonicalJson.write(body);
    }

    @Override
    public Optional<String> model(Object self, Object[] arguments) {
        return Optional.ofNullable(body(arguments).get("model")).map(Object::toString);
    }

    /** The SDK's params are immutable: {@code params.toBuilder().model(model).build()} makes the new request. */
    @Override
    public Object[] withModel(Object self, Object[] arguments, String model) {
        if (arguments.length == 0 || arguments[0] == null) throw new IllegalArgumentException("no request");
        Object builder = SdkReflection.call(arguments[0], "toBuilder");
        SdkReflection.call(builder, "model", ONE_STRING, model);
        Object[] changed = arguments.clone();
        changed[0] = SdkReflection.call(builder, "build");
        return changed;
    }

    @Override
    public Optional<String> user(Object self, Object[] arguments) {
        Object user = CanonicalJson.at(body(arguments), sdk.userPath().toArray(String[]::new));
        return user instanceof String text && !text.isBlank() ? Optional.of(text) : Optional.empty();
    }

    /**
     * The last user message is embedded; the model, the system prompt, the earlier messages and every
     * other key field form the fingerprint.
     */
    @Override
    public EmbeddingText textToEmbed(Object self, Object[] arguments) {
        Map<String, Object> body = body(arguments);
        sdk.fieldsNotInKey().forEach(body::remove);
        String text = "";
        if (body.get("messages") instanceof List<?> messages) {
            List<Object> context = new ArrayList<>(messages);
            for (int i = context.size() - 1; i >= 0; i--) {
                if (context.get(i) instanceof Map<?, ?> message && "user".equals(message.get("role"))) {
                    text = text(message.get("content"));
                    context.remove(i);
                    break;
                }
            }
            body.put("messages", context);
        }
        return EmbeddingText.withContext(text, CanonicalJson.write(body));
    }

    @Override
    public Optional<TokenUsage> usage(Object response) {
        if (!SdkReflection.has(response, "usage")) return Optional.empty();
        return SdkReflection.value(response, "usage").map(usage -> SdkReflection.has(usage, "promptTokens")
                ? new TokenUsage(tokens(usage, "promptTokens"), tokens(usage, "completionTokens"))
                : new TokenUsage(tokens(usage, "inputTokens"), tokens(usage, "outputTokens")));
    }

    /**
     * OpenAI chat: every choice finished with {@code stop}, {@code tool_calls} or {@code function_call};
     * the Responses API: status {@code completed}; Anthropic: {@code end_turn}, {@code stop_sequence}
     * or {@code tool_use}. Read from the response's JSON, so it works for every response type.
     */
    @Override
    public boolean isCompleteAnswer(Object response) {
        Object json = json(response);
        if (CanonicalJson.at(json, "choices") instanceof List<?> choices) {
            return !choices.isEmpty() && choices.stream()
                    .allMatch(choice -> COMPLETE_FINISH_REASONS.contains(CanonicalJson.at(choice, "finish_reason")));
        }
        if (CanonicalJson.at(json, "stop_reason") instanceof String stopReason) {
            return COMPLETE_STOP_REASONS.contains(stopReason);
        }
        if (CanonicalJson.at(json, "status") instanceof String status) {
            return status.equals("completed");
        }
        return true;
    }

    /** OpenAI chat: a choice finished with {@code tool_calls} or {@code function_call}; Responses: a {@code function_call} output; Anthropic: {@code tool_use}. */
    @Override
    public boolean asksForTools(Object response) {
        Object json = json(response);
        if (CanonicalJson.at(json, "choices") instanceof List<?> choices) {
            return choices.stream().anyMatch(choice -> TOOL_FINISH_REASONS.contains(CanonicalJson.at(choice, "finish_reason")));
        }
        if (CanonicalJson.at(json, "stop_reason") instanceof String stopReason) return stopReason.equals("tool_use");
        if (CanonicalJson.at(json, "output") instanceof List<?> output) {
            return output.stream().anyMatch(item -> "function_call".equals(CanonicalJson.at(item, "type")));
        }
        return false;
    }

    /**
     * Read from the response's JSON, like {@link #isCompleteAnswer}: its {@code id} and {@code model};
     * as finish reasons, each OpenAI chat choice's {@code finish_reason}, Anthropic's
     * {@code stop_reason}, or, for the Responses API, which has none, the
     * {@code incomplete_details.reason} of an incomplete response ({@code max_output_tokens},
     * {@code content_filter}) and otherwise its {@code status} ({@code completed}, {@code failed}, ...).
     */
    @Override
    public ResponseFacts responseFacts(Object response) {
        try {
            Object json = json(response);
            List<String> reasons = new ArrayList<>();
            if (CanonicalJson.at(json, "choices") instanceof List<?> choices) {
                for (Object choice : choices) {
                    if (CanonicalJson.at(choice, "finish_reason") instanceof String reason) reasons.add(reason);
                }
            } else if (CanonicalJson.at(json, "stop_reason") instanceof String stopReason) {
                reasons.add(stopReason);
            } else if (CanonicalJson.at(json, "incomplete_details", "reason") instanceof String incomplete) {
                reasons.add(incomplete);
            } else if (CanonicalJson.at(json, "status") instanceof String status) {
                reasons.add(status);
            }
            return new ResponseFacts(string(json, "id"), string(json, "model"), reasons);
        } catch (RuntimeException | LinkageError unreadable) {
            // a response the SDK cannot write (or no SDK response at all) has no facts to tell
            return ResponseFacts.NONE;
        }
    }

    @Override
    public boolean isRetryable(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SocketTimeoutException || cause instanceof TimeoutException
                    || (cause instanceof IOException && !cause.getClass().getName().startsWith(sdk.errorPackage()))) {
                return true;
            }
            String type = cause.getClass().getName();
            if (!type.startsWith(sdk.errorPackage())) continue;
            if (type.endsWith("IoException") || type.endsWith("RetryableException")) return true;
            Optional<Integer> status = status(cause);
            if (status.isPresent()) {
                int code = status.get();
                return code == 408 || code == 409 || code == 429 || code >= 500;
            }
        }
        return false;
    }

    @Override
    public Optional<Integer> statusCode(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause.getClass().getName().startsWith(sdk.errorPackage())) {
                Optional<Integer> status = status(cause);
                if (status.isPresent()) return status;
            }
        }
        return Optional.empty();
    }

    @Override
    public Optional<Duration> retryAfter(Throwable error) {
        if (!error.getClass().getName().startsWith(sdk.errorPackage()) || !SdkReflection.has(error, "headers")) {
            return Optional.empty();
        }
        // service exceptions carry Headers; the SDK's I/O exception an Optional of them
        Object headers = SdkReflection.value(error, "headers").orElse(null);
        if (headers == null) return Optional.empty();
        Optional<Duration> inMillis = firstHeader(headers, "retry-after-ms").flatMap(RetryAfter::parseMillis);
        if (inMillis.isPresent()) return inMillis;
        return firstHeader(headers, "retry-after").flatMap(value -> RetryAfter.parse(value, Instant.now()));
    }

    @Override
    public String encode(Object response) {
        Object mapper = SdkReflection.callStatic(response.getClass().getClassLoader(), sdk.objectMappers(), "jsonMapper");
        String json = (String) SdkReflection.call(mapper, "writeValueAsString", ONE_OBJECT, response);
        return response.getClass().getName() + "\n" + json;
    }

    @Override
    public Object decode(String encoded, ClassLoader sdkLoader) {
        int newline = encoded.indexOf('\n');
        if (newline < 0) throw new IllegalArgumentException("not an encoded " + sdk.name() + " response");
        String typeName = encoded.substring(0, newline);
        // the stored text names the type: only the SDK's own response types may be built from it
        if (!typeName.startsWith(sdk.modelPackage())) {
            throw new IllegalArgumentException("not an encoded " + sdk.name() + " response: " + typeName.length()
                    + " characters of type name outside " + sdk.modelPackage());
        }
        Class<?> type = SdkReflection.load(sdkLoader, typeName);
        Object mapper = SdkReflection.callStatic(sdkLoader, sdk.objectMappers(), "jsonMapper");
        return SdkReflection.call(mapper, "readValue", STRING_AND_CLASS, encoded.substring(newline + 1), type);
    }

    /** The response (or a chunk of a stream) as the SDK writes it, parsed. */
    Object json(Object response) {
        String encoded = encode(response);
        return CanonicalJson.parse(encoded.substring(encoded.indexOf('\n') + 1));
    }

    private static Optional<String> string(Object json, String name) {
        return CanonicalJson.at(json, name) instanceof String text && !text.isBlank() ? Optional.of(text) : Optional.empty();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> body(Object[] arguments) {
        if (arguments.length == 0 || arguments[0] == null) throw new IllegalArgumentException("no request");
        Object params = arguments[0];
        Object body = SdkReflection.call(params, "_body");
        Object mapper = SdkReflection.callStatic(params.getClass().getClassLoader(), sdk.objectMappers(), "jsonMapper");
        String json = (String) SdkReflection.call(mapper, "writeValueAsString", ONE_OBJECT, body);
        Object parsed = CanonicalJson.parse(json);
        if (!(parsed instanceof Map<?, ?>)) throw new IllegalArgumentException("the request body is not a JSON object");
        return (Map<String, Object>) parsed;
    }

    /** A message's text: a string, or the {@code text} of its text parts. */
    private static String text(Object content) {
        if (content instanceof String string) return string;
        StringBuilder text = new StringBuilder();
        if (content instanceof List<?> parts) {
            for (Object part : parts) {
                if (CanonicalJson.at(part, "text") instanceof String piece) {
                    if (text.length() > 0) text.append('\n');
                    text.append(piece);
                }
            }
        }
        return text.toString();
    }

    private static long tokens(Object usage, String name) {
        return SdkReflection.value(usage, name).map(value -> ((Number) value).longValue()).orElse(0L);
    }

    private static Optional<Integer> status(Throwable error) {
        if (!SdkReflection.has(error, "statusCode")) return Optional.empty();
        return Optional.of(((Number) SdkReflection.call(error, "statusCode")).intValue());
    }

    private static Optional<String> firstHeader(Object headers, String name) {
        Object values = SdkReflection.call(headers, "values", ONE_STRING, name);
        return values instanceof List<?> list && !list.isEmpty() ? Optional.of(list.get(0).toString()) : Optional.empty();
    }

}
