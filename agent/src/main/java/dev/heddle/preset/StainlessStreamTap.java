package dev.heddle.preset;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.heddle.bootstrap.AgentLog;
import dev.heddle.config.MatchConfig;
import dev.heddle.stream.RecordedStream;
import dev.heddle.stream.StreamRecorder;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.Spliterator;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Streaming for the OpenAI and Anthropic Java SDKs: {@code createStreaming(params, options)} of the
 * blocking chat completions and messages services, which sends the request, checks the status (an
 * HTTP error is thrown here, before any chunk, where retries and fallbacks still act) and returns a
 * {@code StreamResponse<chunk>}: an {@code AutoCloseable} whose {@code stream()} reads the
 * server-sent events as the caller pulls them.
 *
 * <p>The tee is a {@code StreamResponse} of the SDK's own interface (a {@link Proxy}) whose
 * {@code stream()} pulls each chunk from the SDK's stream only when the caller asks for it, records
 * it and hands it on: the end of the SDK's stream completes the recording, an exception from it
 * fails it (and reaches the caller unchanged), a {@code close()} before the end cancels it. A replay
 * is the same interface over the recorded chunks.
 *
 * <p>Not teed in this version: the asynchronous services' {@code createStreaming} (an
 * {@code AsyncStreamResponse}) and the Responses API's; they pass through untouched.
 */
final class StainlessStreamTap implements StreamTap {

    /** How one SDK's stream reads. */
    enum Dialect {
        /** OpenAI chat completion chunks: choices with a delta and, at the end, a finish reason; usage on a last chunk. */
        OPENAI_CHAT("com.openai.services.blocking.chat.ChatCompletionService", "com.openai.services.async.chat.ChatCompletionServiceAsync",
                "com.openai.models.chat.completions.ChatCompletionCreateParams", "com.openai.core.RequestOptions"),
        /** Anthropic message events: message_start, content_block_delta, message_delta (stop reason, usage), message_stop. */
        ANTHROPIC_MESSAGES("com.anthropic.services.blocking.MessageService", "com.anthropic.services.async.MessageServiceAsync",
                "com.anthropic.models.messages.MessageCreateParams", "com.anthropic.core.RequestOptions");

        private final String service;
        private final String asyncService;
        private final String params;
        private final String options;

        Dialect(String service, String asyncService, String params, String options) {
            this.service = service;
            this.asyncService = asyncService;
            this.params = params;
            this.options = options;
        }

        String descriptorPrefix() {
            return ":createStreaming(L" + params.replace('.', '/') + ";L" + options.replace('.', '/') + ";)";
        }
    }

    private static final Set<Object> COMPLETE_FINISH_REASONS = Set.of("stop", "tool_calls", "function_call");
    private static final Set<Object> TOOL_FINISH_REASONS = Set.of("tool_calls", "function_call");
    private static final Set<Object> COMPLETE_STOP_REASONS = Set.of("end_turn", "stop_sequence", "tool_use");

    private final StainlessSdkPreset base;
    private final Dialect dialect;
    private final boolean async;
    /** By the identity of a recording's chunk list, which is immutable; a few, while their stream ends. */
    private final Cache<List<Object>, List<Object>> parsedRecordings = Caffeine.newBuilder().weakKeys().maximumSize(64)
            .executor(Runnable::run).build();

    /**
     * @param base the SDK's plain preset, whose codec and request reading this tap reuses
     * @param dialect how the SDK's chunks read
     * @param async whether this is the asynchronous client's {@code createStreaming} ({@code AsyncStreamResponse})
     */
    StainlessStreamTap(StainlessSdkPreset base, Dialect dialect, boolean async) {
        this.base = base;
        this.dialect = dialect;
        this.async = async;
    }

    @Override
    public List<MatchConfig> targets() {
        return List.of(new MatchConfig(async ? dialect.asyncService : dialect.service, "createStreaming",
                Optional.of(List.of(dialect.params, dialect.options))));
    }

    @Override
    public boolean streams(String signature) {
        return signature.contains(dialect.descriptorPrefix()) && signature.endsWith(async ? "AsyncStreamResponse;" : "/StreamResponse;");
    }

    /** OpenAI: whether the stream ends with a usage chunk ({@code stream_options.include_usage}), which the plain key leaves out. */
    @Override
    public String keyQualifier(Object self, Object[] arguments) {
        if (dialect != Dialect.OPENAI_CHAT || arguments.length == 0 || arguments[0] == null) return "";
        Object includeUsage = CanonicalJson.at(base.requestBody(arguments[0]), "stream_options", "include_usage");
        return Boolean.TRUE.equals(includeUsage) ? "+usage" : "";
    }

    @Override
    public Object teeResult(Object returned, StreamRecorder recorder) {
        if (returned == null) {
            recorder.failed(new IllegalStateException("createStreaming returned null"));
            return null;
        }
        if (async) return StainlessAsyncStreams.tee(returned, asyncStreamResponseType(returned.getClass().getClassLoader()), recorder);
        Class<?> type = streamResponseType(returned.getClass().getClassLoader());
        Object teed = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, new Teed(returned, recorder));
        // its chunk stream keeps it reachable while the caller reads, so only a dropped stream is cancelled
        recorder.cancelWhenUnreachable(teed);
        return teed;
    }

    @Override
    public Object replay(RecordedStream recorded, Object[] arguments, ClassLoader sdkLoader) {
        if (async) return StainlessAsyncStreams.replay(recorded.chunks(), asyncStreamResponseType(sdkLoader));
        Class<?> type = streamResponseType(sdkLoader);
        List<Object> chunks = recorded.chunks();
        return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> switch (method.getName()) {
            case "stream" -> chunks.stream();
            case "close" -> null;
            default -> SdkProxies.objectMethod(proxy, method, args, "replayed stream of " + chunks.size() + " chunks");
        });
    }

    private Class<?> streamResponseType(ClassLoader loader) {
        return SdkReflection.load(loader, base.corePackage() + "http.StreamResponse");
    }

    private Class<?> asyncStreamResponseType(ClassLoader loader) {
        return SdkReflection.load(loader, base.corePackage() + "http.AsyncStreamResponse");
    }

    /** The teed {@code StreamResponse}: the SDK's own, read only as the caller reads. */
    private static final class Teed implements InvocationHandler {
        private final Object original;
        private final StreamRecorder recorder;

        Teed(Object original, StreamRecorder recorder) {
            this.original = original;
            this.recorder = recorder;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            switch (method.getName()) {
                case "stream" -> {
                    Stream<?> stream = (Stream<?>) SdkProxies.forward(method, original, args);
                    return StreamSupport.stream(new TeedChunks(stream.spliterator(), recorder, proxy), false)
                            .onClose(stream::close);
                }
                case "close" -> {
                    // closed before its end: the caller abandoned it (after the end, the recording is already over)
                    recorder.cancelled();
                    return SdkProxies.forward(method, original, args);
                }
                default -> {
                    return method.getDeclaringClass() == Object.class
                            ? SdkProxies.objectMethod(proxy, method, args, "Heddle-teed " + original)
                            : SdkProxies.forward(method, original, args);
                }
            }
        }
    }

    /** The SDK's chunks, pulled one at a time as the caller pulls, each recorded on its way. */
    private static final class TeedChunks implements Spliterator<Object> {
        private final Spliterator<?> chunks;
        private final StreamRecorder recorder;
        @SuppressWarnings({"unused", "FieldCanBeLocal"})
        private final Object response;

        /** @param response the teed response, kept reachable while its chunks are read */
        TeedChunks(Spliterator<?> chunks, StreamRecorder recorder, Object response) {
            this.chunks = chunks;
            this.recorder = recorder;
            this.response = response;
        }

        @Override
        public boolean tryAdvance(Consumer<? super Object> action) {
            boolean advanced;
            try {
                advanced = chunks.tryAdvance(chunk -> {
                    recordSafely(chunk);
                    action.accept(chunk);
                });
            } catch (RuntimeException | Error broken) {
                // an exception of the caller's own action is not the stream's, but it ends the reading all the same
                recorder.failed(broken);
                throw broken;
            }
            if (!advanced) recorder.completed();
            return advanced;
        }

        private void recordSafely(Object chunk) {
            try {
                recorder.chunk(chunk);
            } catch (RuntimeException internalError) {
                AgentLog.internalError("stream.record", internalError);
            }
        }

        @Override
        public Spliterator<Object> trySplit() {
            return null;
        }

        @Override
        public long estimateSize() {
            return Long.MAX_VALUE;
        }

        @Override
        public int characteristics() {
            return ORDERED | NONNULL;
        }
    }

    @Override
    public Optional<TokenUsage> reportedUsage(List<Object> chunks) {
        List<Object> json = parsed(chunks);
        if (dialect == Dialect.OPENAI_CHAT) {
            for (int i = json.size() - 1; i >= 0; i--) {
                Object usage = CanonicalJson.at(json.get(i), "usage");
                if (usage instanceof Map<?, ?>) {
                    return Optional.of(new TokenUsage(count(usage, "prompt_tokens"), count(usage, "completion_tokens")));
                }
            }
            return Optional.empty();
        }
        Long input = null;
        Long output = null;
        for (Object event : json) {
            Object type = CanonicalJson.at(event, "type");
            if ("message_start".equals(type)) input = count(CanonicalJson.at(event, "message", "usage"), "input_tokens");
            if ("message_delta".equals(type)) output = count(CanonicalJson.at(event, "usage"), "output_tokens");
        }
        return input == null || output == null ? Optional.empty() : Optional.of(new TokenUsage(input, output));
    }

    @Override
    public String text(List<Object> chunks) {
        StringBuilder text = new StringBuilder();
        for (Object json : parsed(chunks)) {
            if (dialect == Dialect.OPENAI_CHAT) {
                if (CanonicalJson.at(json, "choices") instanceof List<?> choices) {
                    for (Object choice : choices) {
                        if (CanonicalJson.at(choice, "delta", "content") instanceof String piece) text.append(piece);
                    }
                }
            } else if (CanonicalJson.at(json, "delta", "text") instanceof String piece) {
                text.append(piece);
            }
        }
        return text.toString();
    }

    @Override
    public boolean finishedWhole(List<Object> chunks) {
        List<Object> reasons = finishReasons(chunks);
        if (reasons.isEmpty()) return false;
        Set<Object> complete = dialect == Dialect.OPENAI_CHAT ? COMPLETE_FINISH_REASONS : COMPLETE_STOP_REASONS;
        return reasons.stream().allMatch(complete::contains)
                && (dialect == Dialect.OPENAI_CHAT || parsed(chunks).stream().anyMatch(json -> "message_stop".equals(
                        CanonicalJson.at(json, "type"))));
    }

    @Override
    public boolean asksForTools(List<Object> chunks) {
        List<Object> reasons = finishReasons(chunks);
        return dialect == Dialect.OPENAI_CHAT ? reasons.stream().anyMatch(TOOL_FINISH_REASONS::contains)
                : reasons.contains("tool_use");
    }

    /** OpenAI: each choice's finish reason, by choice; Anthropic: the message's stop reason. */
    private List<Object> finishReasons(List<Object> chunks) {
        Map<Object, Object> byChoice = new TreeMap<>();
        List<Object> stopReasons = new ArrayList<>();
        for (Object json : parsed(chunks)) {
            if (dialect == Dialect.OPENAI_CHAT) {
                if (CanonicalJson.at(json, "choices") instanceof List<?> choices) {
                    for (Object choice : choices) {
                        Object reason = CanonicalJson.at(choice, "finish_reason");
                        if (reason instanceof String) byChoice.put(String.valueOf(CanonicalJson.at(choice, "index")), reason);
                    }
                }
            } else if ("message_delta".equals(CanonicalJson.at(json, "type"))
                    && CanonicalJson.at(json, "delta", "stop_reason") instanceof String reason) {
                stopReasons.add(reason);
            }
        }
        return dialect == Dialect.OPENAI_CHAT ? new ArrayList<>(byChoice.values()) : stopReasons;
    }

    @Override
    public ResponseFacts facts(List<Object> chunks) {
        if (chunks.isEmpty()) return ResponseFacts.NONE;
        Object first = parsed(chunks).get(0);
        Object head = dialect == Dialect.OPENAI_CHAT ? first : CanonicalJson.at(first, "message");
        List<String> reasons = finishReasons(chunks).stream().map(Object::toString).toList();
        return new ResponseFacts(string(head, "id"), string(head, "model"), reasons);
    }

    /**
     * The chunks as the SDK writes them, parsed once per recording: at a stream's end the pipeline
     * asks several questions of the same chunks (whole? tools? usage? facts?).
     */
    private List<Object> parsed(List<Object> chunks) {
        return parsedRecordings.get(chunks, recording -> recording.stream().map(base::json).toList());
    }

    private static Optional<String> string(Object json, String name) {
        return CanonicalJson.at(json, name) instanceof String text && !text.isBlank() ? Optional.of(text) : Optional.empty();
    }

    private static long count(Object json, String name) {
        try {
            return CanonicalJson.at(json, name) instanceof CanonicalJson.Number number ? new java.math.BigDecimal(number.text()).longValueExact() : 0L;
        } catch (ArithmeticException notACount) {
            return 0L;
        }
    }

    @Override
    public String encodeChunk(Object chunk) {
        return base.encode(chunk);
    }

    @Override
    public Object decodeChunk(String encoded, ClassLoader sdkLoader) {
        return base.decode(encoded, sdkLoader);
    }
}
