package dev.heddle.preset;

import dev.heddle.bootstrap.AgentLog;
import dev.heddle.config.MatchConfig;
import dev.heddle.stream.RecordedStream;
import dev.heddle.stream.RetryBeforeFirstChunk;
import dev.heddle.stream.StreamRecorder;
import java.io.UncheckedIOException;
import java.lang.ref.Reference;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Streaming for the {@code spring-ai} preset (Spring AI 1.1.2): {@code
 * StreamingChatModel.stream(Prompt)}, which returns a Reactor {@code Flux<ChatResponse>}. Reactor
 * and Spring AI are the app's, so everything goes through reflection; the callbacks handed to
 * Reactor are JDK functional interfaces, which both class loaders share.
 *
 * <h2>What is woven</h2>
 * {@code stream(Prompt)} in every class implementing {@code
 * org.springframework.ai.chat.model.StreamingChatModel}. {@code ChatModel} extends {@code
 * StreamingChatModel}; see {@link SpringAiPreset} for what the 1.1.2 byte code says about the
 * other {@code stream} methods (all of them end in {@code stream(Prompt)}).
 *
 * <h2>The tee</h2>
 * The returned Flux with {@code doOnNext} (each {@code ChatResponse} chunk to the recorder, before
 * it goes on to the caller), {@code doOnComplete}, {@code doOnError} and {@code doOnCancel}
 * (a {@code take(n)}, a disposed subscription, a {@code blockFirst}): operators that neither
 * subscribe early nor request more than the caller does. A Flux is a recipe: each subscription of
 * {@code OpenAiChatModel}'s Flux sends the request again. Only the <em>first</em> subscription is
 * teed; a second one (a caller that subscribes twice, or a {@code retry()} of its own) gets the
 * SDK's Flux untouched: it asks the model again, unrecorded, as it would without Heddle. A Flux
 * that its caller drops without subscribing, or whose subscription is dropped without a cancel
 * (so that nothing can signal any more), is recorded as cancelled once it is garbage, so that its
 * quota settles. A recorder that throws never reaches the caller's stream.
 *
 * <h2>What the chunks say</h2>
 * A chunk is the SDK's own {@code ChatResponse}. {@code OpenAiChatModel} builds one per
 * server-sent event (holding each back until the next one arrives, to move a usage chunk's usage
 * onto it): the delta text, an empty finish reason until the last text chunk ({@code STOP}, ...),
 * and {@code EmptyUsage}. With {@code streamUsage} (OpenAI's {@code
 * stream_options.include_usage}) the last text chunk and a final chunk without generations carry
 * the usage; in a tool-calling loop each chunk's usage is the loop's cumulative usage. So:
 * <ul>
 *   <li>the reported usage is the last chunk's usage that is not empty;</li>
 *   <li>the text is the generations' texts, in order;</li>
 *   <li>the answer is whole when no chunk gives a finish reason of a cut answer ({@code length},
 *       {@code max_tokens}, {@code content_filter}, {@code refusal}, any case) and some chunk
 *       gives a finish reason, or, when none does, the text is not empty (the plain preset's
 *       rule);</li>
 *   <li>the key qualifier is {@code +usage} when the effective options ask for the usage chunk
 *       ({@code streamOptions.includeUsage}), since that changes the chunks, and the plain key
 *       leaves {@code streamUsage}/{@code streamOptions} out.</li>
 * </ul>
 * A chunk is encoded with the plain preset's {@code ChatResponse} codec.
 *
 * <h2>Replay</h2>
 * {@code Flux.fromIterable} of the recorded chunks, from the app's Reactor: the same chunk
 * boundaries, all of them at once on subscription, again on each subscription.
 *
 * <h2>Failures before the first chunk</h2>
 * The Flux fails lazily: an HTTP error or a refused connection arrives as {@code onError} after
 * the caller subscribes, when the call has long returned. {@link #retryingBeforeFirstChunk} is a
 * retry the pipeline puts inside the tee for that.
 */
public final class SpringAiStreamTap implements StreamTap {

    private static final String STREAMING_CHAT_MODEL = "org.springframework.ai.chat.model.StreamingChatModel";
    private static final String PROMPT = "org.springframework.ai.chat.prompt.Prompt";
    private static final String FLUX = "reactor.core.publisher.Flux";
    private static final String STREAM_DESCRIPTOR =
            ":stream(Lorg/springframework/ai/chat/prompt/Prompt;)Lreactor/core/publisher/Flux;";
    private static final String WITH_USAGE = "+usage";

    private static final Class<?>[] CONSUMER = {Consumer.class};
    private static final Class<?>[] RUNNABLE = {Runnable.class};
    private static final Class<?>[] FUNCTION = {Function.class};

    private final SpringAiPreset base;

    /** @param base the preset of Spring AI's plain calls, whose key and response codec this tap reuses */
    SpringAiStreamTap(SpringAiPreset base) {
        this.base = base;
    }

    @Override
    public List<MatchConfig> targets() {
        return List.of(new MatchConfig(STREAMING_CHAT_MODEL, "stream", Optional.of(List.of(PROMPT))));
    }

    @Override
    public boolean streams(String signature) {
        return signature != null && signature.endsWith(STREAM_DESCRIPTOR);
    }

    /** {@code +usage} when the stream ends with a usage chunk; see the class comment. */
    @Override
    public String keyQualifier(Object self, Object[] arguments) {
        Object streamOptions = base.effectiveOption(self, arguments, "streamOptions");
        boolean withUsage = streamOptions != null && SdkReflection.has(streamOptions, "includeUsage")
                && Boolean.TRUE.equals(SdkReflection.call(streamOptions, "includeUsage"));
        return withUsage ? WITH_USAGE : "";
    }

    /**
     * The returned Flux, teed on its first subscription; see the class comment. When it cannot be
     * teed (not a Flux: a model of the app's that returns null, say), the caller gets it as it is
     * and the recorder is told that the stream failed, so that nothing waits for it or caches it.
     */
    @Override
    public Object teeResult(Object returned, StreamRecorder recorder) {
        try {
            Class<?> flux = fluxType(returned);
            Object teed = teed(returned, recorder);
            AtomicBoolean subscribed = new AtomicBoolean();
            Supplier<Object> perSubscription = () -> subscribed.compareAndSet(false, true) ? teed : returned;
            return invokeStatic(flux, "defer", new Class<?>[] {Supplier.class}, perSubscription);
        } catch (RuntimeException | LinkageError cannotTee) {
            tell(() -> recorder.failed(cannotTee));
            return returned;
        }
    }

    private static Object teed(Object flux, StreamRecorder recorder) {
        // reachable while the teed Flux is, and while a subscription to it can still signal (its
        // subscriber must reach onCancel to call it); once neither, the recording ends as cancelled
        Object signalsPossible = new Object();
        recorder.cancelWhenUnreachable(signalsPossible);
        Consumer<Object> onChunk = chunk -> tell(() -> recorder.chunk(chunk));
        Runnable onComplete = () -> tell(() -> recorder.completed());
        Consumer<Throwable> onError = error -> tell(() -> recorder.failed(error));
        Runnable onCancel = () -> {
            Reference.reachabilityFence(signalsPossible);
            tell(() -> recorder.cancelled());
        };
        Object teed = SdkReflection.call(flux, "doOnNext", CONSUMER, onChunk);
        teed = SdkReflection.call(teed, "doOnComplete", RUNNABLE, onComplete);
        teed = SdkReflection.call(teed, "doOnError", CONSUMER, onError);
        return SdkReflection.call(teed, "doOnCancel", RUNNABLE, onCancel);
    }

    /** Runs a call to the recorder; a bug there must never break the app's stream. */
    private static void tell(Runnable recorderCall) {
        try {
            recorderCall.run();
        } catch (RuntimeException internalError) {
            // the caller's stream goes on; at worst this call is not cached or counted right
            AgentLog.internalError("stream.record", internalError);
        }
    }

    /**
     * A Flux that asks again, after a wait, when the SDK's Flux fails before its first chunk: each
     * retry subscribes to the SDK's Flux again, which sends the request again. A failure after a
     * chunk has reached the caller is passed on as it is: the caller has seen part of an answer.
     * Put it inside the tee ({@code teeResult(retryingBeforeFirstChunk(returned, ...), recorder)}),
     * so that the recorder sees only the attempt that the caller sees.
     *
     * @param flux what {@code stream(Prompt)} returned
     * @param retryAfter given a failure before the first chunk and how many such failures there
     *     have been (1 for the first), how long to wait before asking again, or empty to pass the
     *     failure on to the caller; a function that throws passes it on
     * @return the Flux the caller gets (or the tee wraps)
     * @throws IllegalStateException when {@code flux} is not a Reactor Flux
     */
    @Override
    public Object retryingBeforeFirstChunk(Object flux, RetryBeforeFirstChunk retry) {
        return attempt(fluxType(flux), flux, 0, retry::decide);
    }

    private static Object attempt(Class<?> fluxType, Object flux, int failures,
            BiFunction<Throwable, Integer, Optional<Duration>> retryAfter) {
        Supplier<Object> perSubscription = () -> {
            AtomicBoolean started = new AtomicBoolean();
            Consumer<Object> onChunk = chunk -> started.set(true);
            Function<Throwable, Object> onError = error -> {
                Optional<Duration> wait = started.get() ? Optional.empty() : decided(retryAfter, error, failures + 1);
                if (wait.isPresent()) {
                    try {
                        Object again = attempt(fluxType, flux, failures + 1, retryAfter);
                        return SdkReflection.call(again, "delaySubscription", new Class<?>[] {Duration.class}, wait.get());
                    } catch (RuntimeException cannotRetry) {
                        // the caller gets the SDK's own failure rather than one of Heddle's
                    }
                }
                return invokeStatic(fluxType, "error", new Class<?>[] {Throwable.class}, error);
            };
            Object watched = SdkReflection.call(flux, "doOnNext", CONSUMER, onChunk);
            return SdkReflection.call(watched, "onErrorResume", FUNCTION, onError);
        };
        return invokeStatic(fluxType, "defer", new Class<?>[] {Supplier.class}, perSubscription);
    }

    private static Optional<Duration> decided(BiFunction<Throwable, Integer, Optional<Duration>> retryAfter,
            Throwable error, int failures) {
        try {
            Optional<Duration> wait = retryAfter.apply(error, failures);
            return wait == null ? Optional.empty() : wait;
        } catch (RuntimeException undecided) {
            return Optional.empty();
        }
    }

    /** {@code Flux.fromIterable(chunks)} of the app's Reactor. */
    @Override
    public Object replay(RecordedStream recorded, Object[] arguments, ClassLoader sdkLoader) {
        return invokeStatic(SdkReflection.load(sdkLoader, FLUX), "fromIterable", new Class<?>[] {Iterable.class},
                recorded.chunks());
    }

    /** The last chunk's usage that is not empty: in Spring AI each chunk carries the usage so far. */
    @Override
    public Optional<TokenUsage> reportedUsage(List<Object> chunks) {
        for (int i = chunks.size() - 1; i >= 0; i--) {
            try {
                Optional<TokenUsage> usage = base.usage(chunks.get(i));
                if (usage.isPresent()) return usage;
            } catch (RuntimeException unreadable) {
                // a chunk that tells nothing; look at the one before
            }
        }
        return Optional.empty();
    }

    @Override
    public String text(List<Object> chunks) {
        StringBuilder text = new StringBuilder();
        for (Object chunk : chunks) {
            for (Object generation : generations(chunk)) {
                try {
                    Object output = SdkReflection.call(generation, "getOutput");
                    if (output != null && SdkReflection.call(output, "getText") instanceof String delta) text.append(delta);
                } catch (RuntimeException unreadable) {
                    // a generation without text adds none
                }
            }
        }
        return text.toString();
    }

    /** See the class comment: no cut-off finish reason, and a finish reason or some text. */
    @Override
    public boolean finishedWhole(List<Object> chunks) {
        boolean finished = false;
        for (Object chunk : chunks) {
            for (Object generation : generations(chunk)) {
                Optional<String> reason = finishReason(generation);
                if (reason.isEmpty()) continue;
                if (SpringAiPreset.isIncompleteFinishReason(reason.get())) return false;
                finished = true;
            }
        }
        return finished || !text(chunks).isEmpty();
    }

    @Override
    public boolean asksForTools(List<Object> chunks) {
        for (Object chunk : chunks) {
            try {
                if (base.asksForTools(chunk)) return true;
            } catch (RuntimeException unreadable) {
                // a chunk that cannot be read asks for nothing
            }
        }
        return false;
    }

    /** The first id and model the chunks give, and every finish reason they give, in order. */
    @Override
    public ResponseFacts facts(List<Object> chunks) {
        Optional<String> id = Optional.empty();
        Optional<String> model = Optional.empty();
        List<String> reasons = new ArrayList<>();
        for (Object chunk : chunks) {
            ResponseFacts facts = base.responseFacts(chunk);
            if (id.isEmpty()) id = facts.id();
            if (model.isEmpty()) model = facts.model();
            reasons.addAll(facts.finishReasons());
        }
        return new ResponseFacts(id, model, reasons);
    }

    /** The plain preset's {@code ChatResponse} codec. */
    @Override
    public String encodeChunk(Object chunk) {
        return base.encode(chunk);
    }

    @Override
    public Object decodeChunk(String encoded, ClassLoader sdkLoader) {
        try {
            return base.decode(encoded, sdkLoader);
        } catch (UncheckedIOException notJson) {
            throw new IllegalArgumentException("not an encoded Spring AI chunk: " + notJson.getMessage(), notJson);
        }
    }

    private static List<?> generations(Object chunk) {
        try {
            return chunk != null && SdkReflection.call(chunk, "getResults") instanceof List<?> list ? list : List.of();
        } catch (RuntimeException unreadable) {
            return List.of();
        }
    }

    private static Optional<String> finishReason(Object generation) {
        try {
            Object metadata = generation == null ? null : SdkReflection.call(generation, "getMetadata");
            Object reason = metadata == null ? null : SdkReflection.call(metadata, "getFinishReason");
            return reason instanceof String text && !text.isBlank() ? Optional.of(text.toLowerCase(Locale.ROOT)) : Optional.empty();
        } catch (RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    /** Reactor's {@code Flux} class, as the object's own class loader sees it. */
    private static Class<?> fluxType(Object flux) {
        for (Class<?> type = flux == null ? null : flux.getClass(); type != null; type = type.getSuperclass()) {
            if (type.getName().equals(FLUX)) return type;
        }
        throw new IllegalStateException("not a Reactor Flux: " + (flux == null ? "null" : flux.getClass().getName()));
    }

    private static Object invokeStatic(Class<?> type, String name, Class<?>[] parameterTypes, Object... arguments) {
        try {
            Method method = type.getMethod(name, parameterTypes);
            return method.invoke(null, arguments);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException(type.getName() + "." + name + " failed: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Reactor has no " + type.getName() + "." + name + List.of(parameterTypes), e);
        }
    }
}
