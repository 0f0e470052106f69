package dev.heddle.preset;

import dev.heddle.bootstrap.AgentLog;
import dev.heddle.stream.StreamRecorder;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The asynchronous clients' streams of the OpenAI and Anthropic SDKs: {@code createStreaming}
 * returns an {@code AsyncStreamResponse}, to which the caller subscribes a {@code Handler} whose
 * {@code onNext(chunk)} and {@code onComplete(Optional<Throwable>)} the SDK calls on its own
 * threads. The tee is an {@code AsyncStreamResponse} of the SDK's interface that subscribes the
 * caller's handler wrapped: each chunk is recorded before the caller's handler gets it, the end
 * completes or fails the recording, a {@code close()} before the end cancels it. A replay delivers
 * the recorded chunks and the end to each handler that subscribes, on its executor when it names one.
 */
final class StainlessAsyncStreams {

    private StainlessAsyncStreams() {
    }

    /**
     * @param original the SDK's {@code AsyncStreamResponse}
     * @param type the SDK's {@code AsyncStreamResponse} interface
     * @param recorder where the chunks and the ending go too
     * @return the teed response
     */
    static Object tee(Object original, Class<?> type, StreamRecorder recorder) {
        Teed teed = new Teed(original, recorder);
        Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, teed);
        teed.self = proxy;
        // the wrapped handler keeps the response reachable while the SDK delivers to it
        recorder.cancelWhenUnreachable(proxy);
        return proxy;
    }

    /**
     * @param chunks the recorded chunks
     * @param type the SDK's {@code AsyncStreamResponse} interface
     * @return a response that delivers them to each subscriber
     */
    static Object replay(List<Object> chunks, Class<?> type) {
        CompletableFuture<Void> done = CompletableFuture.completedFuture(null);
        return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> switch (method.getName()) {
            case "subscribe" -> {
                Runnable deliver = () -> {
                    for (Object chunk : chunks) call(args[0], "onNext", chunk);
                    call(args[0], "onComplete", Optional.empty());
                };
                if (args.length == 2 && args[1] instanceof Executor executor) {
                    executor.execute(deliver);
                } else {
                    deliver.run();
                }
                yield proxy;
            }
            case "onCompleteFuture" -> done;
            case "close" -> null;
            default -> SdkProxies.objectMethod(proxy, method, args, "replayed async stream of " + chunks.size() + " chunks");
        });
    }

    /** Calls one method of the caller's handler (its {@code onComplete} may be the interface's default). */
    private static void call(Object handler, String name, Object argument) {
        for (Class<?> type = handler.getClass(); type != null; type = type.getSuperclass()) {
            for (Class<?> face : type.getInterfaces()) {
                if (!face.getName().endsWith("AsyncStreamResponse$Handler")) continue;
                try {
                    face.getMethod(name, name.equals("onNext") ? Object.class : Optional.class).invoke(handler, argument);
                    return;
                } catch (InvocationTargetException thrown) {
                    throw sneaky(thrown.getCause());
                } catch (ReflectiveOperationException unreachable) {
                    throw new IllegalStateException("cannot call " + name + " of " + handler.getClass().getName(), unreachable);
                }
            }
        }
        throw new IllegalStateException(handler.getClass().getName() + " is not an AsyncStreamResponse.Handler");
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> RuntimeException sneaky(Throwable thrown) throws T {
        throw (T) thrown;
    }

    /** The teed response: subscriptions get the caller's handler wrapped. */
    private static final class Teed implements InvocationHandler {
        private final Object original;
        private final StreamRecorder recorder;
        private Object self;

        Teed(Object original, StreamRecorder recorder) {
            this.original = original;
            this.recorder = recorder;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            switch (method.getName()) {
                case "subscribe" -> {
                    Object[] wrapped = args.clone();
                    Class<?> handlerType = method.getParameterTypes()[0];
                    wrapped[0] = Proxy.newProxyInstance(handlerType.getClassLoader(), new Class<?>[] {handlerType},
                            new TeedHandler(args[0], recorder, self));
                    SdkProxies.forward(method, original, wrapped);
                    return proxy;
                }
                case "close" -> {
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

    /** The caller's handler, with each chunk and the end recorded on the way. */
    private static final class TeedHandler implements InvocationHandler {
        private final Object handler;
        private final StreamRecorder recorder;
        @SuppressWarnings({"unused", "FieldCanBeLocal"})
        private final Object response;

        /** @param response the teed response, kept reachable while the SDK delivers */
        TeedHandler(Object handler, StreamRecorder recorder, Object response) {
            this.handler = handler;
            this.recorder = recorder;
            this.response = response;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            if (method.getDeclaringClass() == Object.class) return SdkProxies.objectMethod(proxy, method, args, "Heddle-teed " + handler);
            try {
                if (method.getName().equals("onNext")) {
                    recorder.chunk(args[0]);
                } else if (method.getName().equals("onComplete")) {
                    Optional<?> error = (Optional<?>) args[0];
                    if (error.isPresent()) {
                        recorder.failed((Throwable) error.get());
                    } else {
                        recorder.completed();
                    }
                }
            } catch (RuntimeException internalError) {
                AgentLog.internalError("stream.recordAsync", internalError);
            }
            return SdkProxies.forward(method, handler, args);
        }
    }
}
