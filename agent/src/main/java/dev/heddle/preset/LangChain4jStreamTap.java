package dev.heddle.preset;

import dev.heddle.config.MatchConfig;
import dev.heddle.stream.RecordedStream;
import dev.heddle.stream.RetryBeforeFirstChunk;
import dev.heddle.stream.StreamRecorder;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How LangChain4j streams, for the {@code langchain4j} preset: {@code StreamingChatModel.doChat(ChatRequest,
 * StreamingChatResponseHandler)} returns nothing and tells the handler the caller passed, callback by
 * callback, on the HTTP client's thread. See {@link LangChain4jPreset} for what is woven.
 *
 * <h2>Tee</h2>
 * The handler argument is replaced by a {@link Proxy} of {@code StreamingChatResponseHandler} (the
 * interface the caller's handler implements, so from the app's class loader) that passes every call on
 * to the caller's handler at once, the default methods included, and records on the way:
 * <ul>
 *   <li>{@code onPartialResponse}, {@code onPartialThinking}, {@code onPartialToolCall} (each in the form
 *       the SDK called, with or without its context) and {@code onCompleteToolCall}: a {@link Partial}
 *       chunk, before the caller's handler sees it;</li>
 *   <li>{@code onCompleteResponse}: the SDK's {@code ChatResponse} as the last chunk, then
 *       {@link StreamRecorder#completed()}, before the caller's handler sees it (so that an app which asks
 *       again as soon as its handler is told finds the answer stored);</li>
 *   <li>{@code onError}: {@link StreamRecorder#failed}, or {@link StreamRecorder#cancelled()} after the
 *       caller cancelled;</li>
 *   <li>{@code onUnmappedRawEvent} is passed on but not recorded: it carries the vendor's raw server-sent
 *       event, which describes the exchange rather than the answer (the base preset leaves the raw events
 *       out of a stored response too), so a replay never calls it.</li>
 * </ul>
 * An exception of the caller's handler goes back to the SDK unchanged (LangChain4j then calls the
 * handler's {@code onError} with it, which is recorded as a failure: such a stream is not cached).
 *
 * <h2>Cancellation</h2>
 * LangChain4j 1.19 lets a handler cancel: the two-argument callbacks carry a {@code PartialResponseContext}
 * (or {@code PartialThinkingContext}, {@code PartialToolCallContext}) whose {@code streamingHandle().cancel()}
 * closes the response body; the SDK then stops and calls neither {@code onCompleteResponse} nor, when
 * cancelled from a callback, {@code onError} (its {@code onClose} checks {@code isCancelled()}). So the tee
 * passes the caller a context of the same class around a tee of the handle, whose {@code cancel()} cancels
 * the SDK's handle and then records {@link StreamRecorder#cancelled()}; an {@code onError} that follows a
 * cancel (a cancel from another thread breaks a blocked read) ends the recording as cancelled too. A
 * cancel that the SDK refuses (it throws) records nothing.
 *
 * <h2>Replay</h2>
 * A hit calls the caller's handler with each recorded partial, in order and in the form recorded, with a
 * new SDK object of each (same text, same boundaries), then {@code onCompleteResponse} with the stored
 * {@code ChatResponse}, all on the calling thread before {@code doChat} returns. A context given to a
 * replayed callback carries a handle whose {@code cancel()} stops the replay: nothing more is delivered,
 * {@code onCompleteResponse} included, as the SDK does. When a callback of the caller's handler throws an
 * {@link Exception}, the replay does what LangChain4j's own streaming models do
 * ({@code InternalStreamingChatResponseHandlerUtils}): it calls the handler's {@code onError} with that
 * exception (ignoring what {@code onError} itself throws) and goes on with the next callback; an
 * {@link Error} is thrown out of {@code doChat}.
 *
 * <h2>What the chunks say</h2>
 * The usage, the completeness (finish reason {@code STOP} or {@code TOOL_EXECUTION}), the tool calls and
 * the response facts are those of the final {@code ChatResponse}, read as the base preset reads a plain
 * answer; a stream without one (cancelled or broken) reports no usage, and its output is estimated from
 * its text: the partial answer text, thinking and tool call arguments.
 *
 * <h2>Key</h2>
 * Nothing is added to the base key: {@code OpenAiStreamingChatModel} always asks for the usage chunk
 * ({@code stream_options.include_usage}), and the model object's own flags (such as {@code returnThinking})
 * are left out of the key for streams as for plain calls.
 *
 * <h2>Codec</h2>
 * A {@link Partial} as {@code partial } and a JSON object of its fields; the final response as
 * {@code response } and the base preset's encoding of it.
 */
final class LangChain4jStreamTap implements StreamTap {

    static final String HANDLER = "dev.langchain4j.model.chat.response.StreamingChatResponseHandler";
    private static final String STREAMING_CHAT_MODEL = "dev.langchain4j.model.chat.StreamingChatModel";
    private static final String CHAT_REQUEST = "dev.langchain4j.model.chat.request.ChatRequest";
    private static final String DO_CHAT = "doChat(Ldev/langchain4j/model/chat/request/ChatRequest;"
            + "Ldev/langchain4j/model/chat/response/StreamingChatResponseHandler;)V";

    static final MatchConfig TARGET = new MatchConfig(STREAMING_CHAT_MODEL, "doChat",
            Optional.of(List.of(CHAT_REQUEST, HANDLER)));

    private static final String PARTIAL_PREFIX = "partial ";
    private static final String RESPONSE_PREFIX = "response ";
    private static final Set<String> PARTIAL_FIELDS = Set.of("kind", "text", "index", "id", "name", "withContext");

    private final LangChain4jPreset base;

    /** @param base the preset of LangChain4j's plain calls, which reads the final response */
    LangChain4jStreamTap(LangChain4jPreset base) {
        this.base = base;
    }

    /**
     * One partial callback of a LangChain4j stream, as Heddle keeps it: the SDK's partial objects are
     * rebuilt from it on a replay.
     *
     * @param kind which callback
     * @param text the partial answer text, the partial thinking, a tool call's partial arguments, or a
     *     complete tool call's arguments
     * @param index a tool call's index; 0 for text and thinking
     * @param id a tool call's id, where the SDK gave one
     * @param name a tool call's tool name, where the SDK gave one
     * @param withContext whether the SDK called the two-argument form of the callback, with a context
     */
    record Partial(Kind kind, String text, int index, String id, String name, boolean withContext) {

        /** The callbacks recorded. */
        enum Kind {
            /** {@code onPartialResponse}. */
            TEXT,
            /** {@code onPartialThinking}. */
            THINKING,
            /** {@code onPartialToolCall}. */
            TOOL_CALL,
            /** {@code onCompleteToolCall}; never with a context. */
            COMPLETE_TOOL_CALL
        }

        Partial {
            Objects.requireNonNull(kind, "kind");
        }

        static Partial text(String text, boolean withContext) {
            return new Partial(Kind.TEXT, text, 0, null, null, withContext);
        }

        static Partial thinking(String text, boolean withContext) {
            return new Partial(Kind.THINKING, text, 0, null, null, withContext);
        }

        static Partial toolCall(int index, String id, String name, String partialArguments, boolean withContext) {
            return new Partial(Kind.TOOL_CALL, partialArguments, index, id, name, withContext);
        }

        static Partial completeToolCall(int index, String id, String name, String arguments) {
            return new Partial(Kind.COMPLETE_TOOL_CALL, arguments, index, id, name, false);
        }
    }

    @Override
    public List<MatchConfig> targets() {
        return List.of(TARGET);
    }

    /** {@code doChat(ChatRequest, StreamingChatResponseHandler)} of any class. */
    @Override
    public boolean streams(String signature) {
        int colon = signature.indexOf(':');
        return colon > 0 && signature.substring(colon + 1).equals(DO_CHAT);
    }

    /**
     * The handler replaced by a tee of it. When the handler cannot be teed (null, or not a LangChain4j
     * handler), the arguments are left as they are and the recording ends at once as failed, so that the
     * call runs as the app made it and nothing is cached.
     */
    @Override
    public Object[] teeArguments(Object[] arguments, StreamRecorder recorder) {
        return teeArguments(arguments, recorder, null);
    }

    /**
     * As {@link #teeArguments(Object[], StreamRecorder)}; an {@code onError} before the first chunk
     * is not passed on while {@code retry} asks {@code doChat} again, with the same teed handler.
     */
    @Override
    public Object[] teeArguments(Object[] arguments, StreamRecorder recorder, RetryBeforeFirstChunk retry) {
        try {
            Object handler = handler(arguments);
            Class<?> handlerType = handlerType(handler.getClass());
            HandlerTee handlerTee = new HandlerTee(handler, recorder, retry);
            Object tee = Proxy.newProxyInstance(handlerType.getClassLoader(), new Class<?>[] {handlerType}, handlerTee);
            Object[] teed = arguments.clone();
            teed[1] = tee;
            handlerTee.askAgainWith(tee, teed);
            return teed;
        } catch (RuntimeException | LinkageError cannotTee) {
            recorder.failed(new IllegalStateException("cannot tee the LangChain4j stream handler", cannotTee));
            return arguments;
        }
    }

    /** {@code doChat} returns nothing: what it returned, null. */
    @Override
    public Object teeResult(Object returned, StreamRecorder recorder) {
        return returned;
    }

    /** See the class comment: every partial, then the final response, on the calling thread; returns null. */
    @Override
    public Object replay(RecordedStream recorded, Object[] arguments, ClassLoader sdkLoader) {
        new Replay(handler(arguments)).run(recorded.chunks());
        return null;
    }

    @Override
    public Optional<TokenUsage> reportedUsage(List<Object> chunks) {
        return finalResponse(chunks).flatMap(base::usage);
    }

    /** The partial answer text, thinking and tool call arguments, in order: what the model generated. */
    @Override
    public String text(List<Object> chunks) {
        StringBuilder text = new StringBuilder();
        for (Object chunk : chunks) {
            if (chunk instanceof Partial partial && partial.kind() != Partial.Kind.COMPLETE_TOOL_CALL && partial.text() != null) {
                text.append(partial.text());
            }
        }
        return text.toString();
    }

    /** A final response whose finish reason is that of a whole answer, as {@link LangChain4jPreset#isCompleteAnswer}. */
    @Override
    public boolean finishedWhole(List<Object> chunks) {
        return finalResponse(chunks).map(base::isCompleteAnswer).orElse(false);
    }

    @Override
    public boolean asksForTools(List<Object> chunks) {
        return finalResponse(chunks).map(base::asksForTools).orElse(false);
    }

    @Override
    public ResponseFacts facts(List<Object> chunks) {
        return finalResponse(chunks).map(base::responseFacts).orElse(ResponseFacts.NONE);
    }

    /** The last chunk, when it is the SDK's response rather than a partial. */
    private static Optional<Object> finalResponse(List<Object> chunks) {
        if (chunks.isEmpty()) return Optional.empty();
        Object last = chunks.get(chunks.size() - 1);
        return last instanceof Partial ? Optional.empty() : Optional.ofNullable(last);
    }

    // ---- the codec ----------------------------------------------------------------------------

    @Override
    public String encodeChunk(Object chunk) {
        if (chunk instanceof Partial partial) {
            Map<String, Object> fields = new TreeMap<>();
            fields.put("kind", partial.kind().name());
            if (partial.text() != null) fields.put("text", partial.text());
            if (partial.index() != 0) fields.put("index", new CanonicalJson.Number(Integer.toString(partial.index())));
            if (partial.id() != null) fields.put("id", partial.id());
            if (partial.name() != null) fields.put("name", partial.name());
            fields.put("withContext", partial.withContext());
            return PARTIAL_PREFIX + CanonicalJson.write(fields);
        }
        return RESPONSE_PREFIX + base.encode(chunk);
    }

    @Override
    public Object decodeChunk(String encoded, ClassLoader sdkLoader) {
        try {
            if (encoded.startsWith(PARTIAL_PREFIX)) return decodePartial(encoded.substring(PARTIAL_PREFIX.length()));
            if (encoded.startsWith(RESPONSE_PREFIX)) return base.decode(encoded.substring(RESPONSE_PREFIX.length()), sdkLoader);
        } catch (UncheckedIOException | IllegalStateException unreadable) {
            // not JSON, or JSON the SDK cannot build a response of: either way, not a chunk Heddle stored
            throw new IllegalArgumentException("not an encoded LangChain4j stream chunk: " + unreadable.getMessage(), unreadable);
        }
        throw new IllegalArgumentException("not an encoded LangChain4j stream chunk");
    }

    private static Partial decodePartial(String json) {
        if (!(CanonicalJson.parse(json) instanceof Map<?, ?> fields) || !PARTIAL_FIELDS.containsAll(fields.keySet())
                || !(fields.get("kind") instanceof String kind) || !(fields.get("withContext") instanceof Boolean withContext)) {
            throw new IllegalArgumentException("not an encoded LangChain4j partial");
        }
        Partial.Kind parsedKind;
        try {
            parsedKind = Partial.Kind.valueOf(kind);
        } catch (IllegalArgumentException unknown) {
            throw new IllegalArgumentException("not a kind of LangChain4j partial: " + kind, unknown);
        }
        return new Partial(parsedKind, optionalText(fields, "text"), index(fields.get("index")), optionalText(fields, "id"),
                optionalText(fields, "name"), withContext);
    }

    private static String optionalText(Map<?, ?> fields, String name) {
        Object value = fields.get(name);
        if (value == null || value instanceof String) return (String) value;
        throw new IllegalArgumentException("the " + name + " of an encoded LangChain4j partial is not text");
    }

    private static int index(Object value) {
        if (value == null) return 0;
        if (value instanceof CanonicalJson.Number number && number.text().matches("-?[0-9]{1,9}")) {
            return Integer.parseInt(number.text());
        }
        throw new IllegalArgumentException("the index of an encoded LangChain4j partial is not an int");
    }

    // ---- the SDK's handler --------------------------------------------------------------------

    private static Object handler(Object[] arguments) {
        if (arguments == null || arguments.length != 2 || arguments[1] == null) {
            throw new IllegalArgumentException("no stream handler among the arguments");
        }
        return arguments[1];
    }

    /** The {@code StreamingChatResponseHandler} interface a handler's class implements, as its own loader sees it. */
    private static Class<?> handlerType(Class<?> type) {
        Class<?> found = find(type, HANDLER);
        if (found == null) throw new IllegalArgumentException(type.getName() + " is not a " + HANDLER);
        return found;
    }

    private static Class<?> find(Class<?> type, String name) {
        if (type == null) return null;
        if (type.getName().equals(name)) return type;
        for (Class<?> implemented : type.getInterfaces()) {
            Class<?> found = find(implemented, name);
            if (found != null) return found;
        }
        return find(type.getSuperclass(), name);
    }

    /** The public method of the handler interface of this name and parameter count. */
    private static Method handlerMethod(Class<?> handlerType, String name, int parameterCount) {
        for (Method method : handlerType.getMethods()) {
            if (method.getName().equals(name) && method.getParameterCount() == parameterCount) return method;
        }
        throw new IllegalStateException(handlerType.getName() + " has no " + name + " of " + parameterCount + " parameters");
    }

    private static Object construct(Class<?> type, Class<?>[] parameterTypes, Object... arguments) {
        try {
            return type.getConstructor(parameterTypes).newInstance(arguments);
        } catch (NoSuchMethodException | InstantiationException | IllegalAccessException e) {
            throw new IllegalStateException("cannot construct " + type.getName(), e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("constructing " + type.getName() + " failed: " + e.getCause(), e.getCause());
        }
    }

    /** The type of a context's {@code streamingHandle()}: LangChain4j's {@code StreamingHandle}. */
    private static Class<?> handleType(Class<?> contextType) {
        return returnType(contextType, "streamingHandle");
    }

    private static Class<?> returnType(Class<?> type, String getter) {
        try {
            return type.getMethod(getter).getReturnType();
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(type.getName() + " has no " + getter + "()", e);
        }
    }

    /** The tee of one call's handler: records each callback, then passes it on. */
    private static final class HandlerTee implements InvocationHandler {

        private final Object handler;
        private final StreamRecorder recorder;
        /** Set when the caller asked to cancel: an error after it is the cancel's, not a failure. */
        private volatile boolean cancelRequested;
        /** The SDK gives one handle per stream: its tee is made once. */
        private Object lastHandle;
        private Object lastTeedHandle;

        private final RetryBeforeFirstChunk retry;
        /** The tee itself and the arguments that carry it, to ask {@code doChat} again. */
        private Object tee;
        private Object[] teedArguments;
        private final AtomicInteger failures = new AtomicInteger();

        HandlerTee(Object handler, StreamRecorder recorder, RetryBeforeFirstChunk retry) {
            this.handler = handler;
            this.recorder = recorder;
            this.retry = retry;
        }

        void askAgainWith(Object teeProxy, Object[] arguments) {
            this.tee = teeProxy;
            this.teedArguments = arguments;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] arguments) throws Throwable {
            if (method.getDeclaringClass() == Object.class) {
                return SdkProxies.objectMethod(proxy, method, arguments, "Heddle's tee of " + handler);
            }
            if (method.getName().equals("onError") && arguments.length == 1 && askedAgain((Throwable) arguments[0], method)) {
                return null;
            }
            Object[] passed = arguments;
            try {
                passed = record(method, arguments);
            } catch (RuntimeException | LinkageError cannotRecord) {
                // a bug of Heddle's never reaches the app's stream; the recording is given up, so never cached
                recorder.failed(new IllegalStateException("cannot record LangChain4j's " + method.getName(), cannotRecord));
            }
            return SdkProxies.forward(method, handler, passed);
        }

        /**
         * A failure before the first chunk, which the rule's retries may ask again: the caller's
         * handler hears nothing of it then; of the last failure only, or of what the method throws.
         */
        private boolean askedAgain(Throwable failure, Method onError) {
            if (retry == null || tee == null || cancelRequested || recorder.started()) return false;
            try {
                Optional<Duration> wait = retry.decide(failure, failures.incrementAndGet());
                if (wait.isEmpty()) return false;
                retry.again(teedArguments, wait.get(), thrown -> tellError(onError, thrown));
                return true;
            } catch (RuntimeException | LinkageError cannotRetry) {
                return false;
            }
        }

        /** The tee told of an error as the SDK would tell it: recorded, and passed on to the caller's handler. */
        private void tellError(Method onError, Throwable thrown) {
            try {
                invoke(tee, onError, new Object[] {thrown});
            } catch (Throwable handlerFailure) {
                // the caller's handler threw from onError on Heddle's thread: nothing more to tell it
            }
        }

        /** Records one callback; returns the arguments to pass on (a context around a teed handle). */
        private Object[] record(Method method, Object[] arguments) {
            boolean withContext = method.getParameterCount() == 2;
            switch (method.getName()) {
                case "onPartialResponse" -> {
                    recorder.chunk(Partial.text(withContext ? partialText(arguments[0]) : (String) arguments[0], withContext));
                    return withContext ? withTeedContext(method, arguments) : arguments;
                }
                case "onPartialThinking" -> {
                    recorder.chunk(Partial.thinking(partialText(arguments[0]), withContext));
                    return withContext ? withTeedContext(method, arguments) : arguments;
                }
                case "onPartialToolCall" -> {
                    Object call = arguments[0];
                    recorder.chunk(Partial.toolCall(((Number) SdkReflection.call(call, "index")).intValue(),
                            (String) SdkReflection.call(call, "id"), (String) SdkReflection.call(call, "name"),
                            (String) SdkReflection.call(call, "partialArguments"), withContext));
                    return withContext ? withTeedContext(method, arguments) : arguments;
                }
                case "onCompleteToolCall" -> {
                    Object call = arguments[0];
                    Object request = SdkReflection.call(call, "toolExecutionRequest");
                    recorder.chunk(Partial.completeToolCall(((Number) SdkReflection.call(call, "index")).intValue(),
                            (String) SdkReflection.call(request, "id"), (String) SdkReflection.call(request, "name"),
                            (String) SdkReflection.call(request, "arguments")));
                    return arguments;
                }
                case "onCompleteResponse" -> {
                    recorder.chunk(arguments[0]);
                    recorder.completed();
                    return arguments;
                }
                case "onError" -> {
                    if (cancelRequested) {
                        recorder.cancelled();
                    } else {
                        recorder.failed((Throwable) arguments[0]);
                    }
                    return arguments;
                }
                default -> {
                    // onUnmappedRawEvent (the vendor's raw event) and callbacks of later versions: passed on only
                    return arguments;
                }
            }
        }

        private static String partialText(Object partial) {
            return partial == null ? null : (String) SdkReflection.call(partial, "text");
        }

        /** The arguments with the context replaced by one of the same class around a tee of its handle. */
        private Object[] withTeedContext(Method method, Object[] arguments) {
            Class<?> contextType = method.getParameterTypes()[1];
            Object context = arguments[1];
            // a subclass of the context (a later SDK's) might carry more: it is passed on as it is, untracked
            if (context == null || context.getClass() != contextType) return arguments;
            Object handle = SdkReflection.call(context, "streamingHandle");
            if (handle == null) return arguments;
            Class<?> handleType = handleType(contextType);
            Object[] passed = arguments.clone();
            passed[1] = construct(contextType, new Class<?>[] {handleType}, teedHandle(handle, handleType));
            return passed;
        }

        private synchronized Object teedHandle(Object handle, Class<?> handleType) {
            if (handle != lastHandle) {
                lastTeedHandle = Proxy.newProxyInstance(handleType.getClassLoader(), new Class<?>[] {handleType},
                        new HandleTee(handle, this));
                lastHandle = handle;
            }
            return lastTeedHandle;
        }

        /** The caller cancels: the SDK's handle first; only a cancel it accepted is recorded. */
        void cancel(Method cancel, Object handle, Object[] arguments) throws Throwable {
            cancelRequested = true;
            try {
                SdkProxies.forward(cancel, handle, arguments);
            } catch (Throwable refused) {
                cancelRequested = false;
                throw refused;
            }
            recorder.cancelled();
        }
    }

    /** The tee of the SDK's {@code StreamingHandle}: a {@code cancel()} through it is recorded. */
    private static final class HandleTee implements InvocationHandler {

        private final Object handle;
        private final HandlerTee owner;

        HandleTee(Object handle, HandlerTee owner) {
            this.handle = handle;
            this.owner = owner;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] arguments) throws Throwable {
            if (method.getDeclaringClass() == Object.class) {
                return SdkProxies.objectMethod(proxy, method, arguments, "Heddle's tee of " + handle);
            }
            if (method.getName().equals("cancel") && method.getParameterCount() == 0) {
                owner.cancel(method, handle, arguments);
                return null;
            }
            return SdkProxies.forward(method, handle, arguments);
        }
    }

    /** One replay of a recording into the caller's handler. */
    private static final class Replay {

        private final Object handler;
        private final Class<?> handlerType;
        private volatile boolean cancelled;
        private Object handle;

        Replay(Object handler) {
            this.handler = handler;
            this.handlerType = handlerType(handler.getClass());
        }

        void run(List<Object> chunks) {
            for (Object chunk : chunks) {
                if (cancelled) return;
                if (chunk instanceof Partial partial) {
                    deliver(partial);
                } else {
                    call(handlerMethod(handlerType, "onCompleteResponse", 1), chunk);
                }
            }
        }

        private void deliver(Partial partial) {
            switch (partial.kind()) {
                case TEXT -> {
                    if (!partial.withContext()) {
                        call(handlerMethod(handlerType, "onPartialResponse", 1), partial.text());
                    } else {
                        withContext("onPartialResponse", partial.text());
                    }
                }
                case THINKING -> {
                    Method method = handlerMethod(handlerType, "onPartialThinking", partial.withContext() ? 2 : 1);
                    Class<?> thinkingType = method.getParameterTypes()[0];
                    Object thinking = construct(thinkingType, new Class<?>[] {String.class}, partial.text());
                    call(method, partial.withContext() ? new Object[] {thinking, context(method)} : new Object[] {thinking});
                }
                case TOOL_CALL -> {
                    Method method = handlerMethod(handlerType, "onPartialToolCall", partial.withContext() ? 2 : 1);
                    Object builder = SdkReflection.callStatic(method.getParameterTypes()[0].getClassLoader(),
                            method.getParameterTypes()[0].getName(), "builder");
                    SdkReflection.call(builder, "index", new Class<?>[] {int.class}, partial.index());
                    SdkReflection.call(builder, "id", new Class<?>[] {String.class}, partial.id());
                    SdkReflection.call(builder, "name", new Class<?>[] {String.class}, partial.name());
                    SdkReflection.call(builder, "partialArguments", new Class<?>[] {String.class}, partial.text());
                    Object call = SdkReflection.call(builder, "build");
                    call(method, partial.withContext() ? new Object[] {call, context(method)} : new Object[] {call});
                }
                case COMPLETE_TOOL_CALL -> {
                    Method method = handlerMethod(handlerType, "onCompleteToolCall", 1);
                    Class<?> completeType = method.getParameterTypes()[0];
                    Class<?> requestType = returnType(completeType, "toolExecutionRequest");
                    Object builder = SdkReflection.callStatic(requestType.getClassLoader(), requestType.getName(), "builder");
                    SdkReflection.call(builder, "id", new Class<?>[] {String.class}, partial.id());
                    SdkReflection.call(builder, "name", new Class<?>[] {String.class}, partial.name());
                    SdkReflection.call(builder, "arguments", new Class<?>[] {String.class}, partial.text());
                    Object request = SdkReflection.call(builder, "build");
                    call(method, construct(completeType, new Class<?>[] {int.class, requestType}, partial.index(), request));
                }
            }
        }

        private void withContext(String name, String text) {
            Method method = handlerMethod(handlerType, name, 2);
            Object partial = construct(method.getParameterTypes()[0], new Class<?>[] {String.class}, text);
            call(method, partial, context(method));
        }

        /** A context of the callback's context class, around a handle whose {@code cancel()} stops this replay. */
        private Object context(Method method) {
            Class<?> contextType = method.getParameterTypes()[1];
            Class<?> handleType = handleType(contextType);
            if (handle == null) {
                handle = Proxy.newProxyInstance(handleType.getClassLoader(), new Class<?>[] {handleType},
                        (proxy, called, arguments) -> switch (called.getName()) {
                            case "cancel" -> {
                                cancelled = true;
                                yield null;
                            }
                            case "isCancelled" -> cancelled;
                            default -> SdkProxies.objectMethod(proxy, called, arguments, "a replay");
                        });
            }
            return construct(contextType, new Class<?>[] {handleType}, handle);
        }

        /** Calls the caller's handler; an exception of it goes to its {@code onError}, as the SDK does. */
        private void call(Method method, Object... arguments) {
            try {
                method.invoke(handler, arguments);
            } catch (InvocationTargetException thrown) {
                Throwable cause = thrown.getCause();
                if (cause instanceof Error error) throw error;
                if (method.getName().equals("onError")) return;
                call(handlerMethod(handlerType, "onError", 1), cause);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(method + " is not accessible", e);
            }
        }
    }
}
