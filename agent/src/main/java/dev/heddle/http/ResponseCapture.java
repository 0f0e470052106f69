package dev.heddle.http;

import dev.heddle.bootstrap.AgentLog;
import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.util.Optional;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.description.modifier.Visibility;
import net.bytebuddy.dynamic.loading.ClassLoadingStrategy;
import net.bytebuddy.dynamic.scaffold.subclass.ConstructorStrategy;
import net.bytebuddy.implementation.InvocationHandlerAdapter;
import net.bytebuddy.matcher.ElementMatchers;

/**
 * Runs a servlet with a response that records the body it writes, for the page cache, while
 * everything still reaches the client as it would without Heddle.
 *
 * <p>The recording response must be the app's own types: a subclass of the servlet API's
 * {@code HttpServletResponseWrapper} (so that frameworks that unwrap responses still find the
 * container's), whose {@code getOutputStream()} gives a subclass of {@code ServletOutputStream}.
 * Both are generated once per servlet API with Byte Buddy, in a class loader under the API's own, and
 * call back into Heddle only through {@link InvocationHandler}, a JDK type every loader sees.
 */
final class ResponseCapture {

    private static final String HANDLER = "heddle$handler";

    /** The generated types of one servlet API. */
    private record Generated(Constructor<?> response, Field responseHandler, Constructor<?> stream, Field streamHandler) {
    }

    private static final ClassValue<Optional<Generated>> GENERATED = new ClassValue<>() {
        @Override
        protected Optional<Generated> computeValue(Class<?> responseWrapper) {
            try {
                return Optional.of(generate(responseWrapper));
            } catch (RuntimeException | LinkageError | ReflectiveOperationException unusable) {
                AgentLog.warnOnce("response-capture:" + responseWrapper.getClassLoader(), "pages of the servlet API in "
                        + responseWrapper.getClassLoader() + " cannot be recorded (" + unusable + "); they are served, never cached");
                return Optional.empty();
            }
        }
    };

    private ResponseCapture() {
    }

    /**
     * @param api the servlet API of the response
     * @param response the container's response
     * @param recording where the body goes
     * @return a response that records into {@code recording}, empty when the API's types cannot be generated
     */
    static Optional<Object> recording(ServletApi api, Object response, BodyRecording recording) {
        Optional<Generated> generated = GENERATED.get(api.responseWrapper);
        if (generated.isEmpty()) return Optional.empty();
        try {
            Object wrapper = generated.get().response().newInstance(response);
            generated.get().responseHandler().set(wrapper, new ResponseHandler(api, response, recording, generated.get()));
            return Optional.of(wrapper);
        } catch (ReflectiveOperationException | RuntimeException unusable) {
            AgentLog.internalError("edge.capture", unusable);
            return Optional.empty();
        }
    }

    private static Generated generate(Class<?> responseWrapper) throws ReflectiveOperationException {
        ClassLoader loader = responseWrapper.getClassLoader();
        // the API's own types, as the wrapper declares them: its constructor takes the response it wraps
        Class<?> outputStream = responseWrapper.getMethod("getOutputStream").getReturnType();
        Constructor<?> wrapping = responseWrapper.getConstructors()[0];
        Class<?> httpResponse = wrapping.getParameterTypes()[0];
        Class<?> response = new ByteBuddy()
                .subclass(responseWrapper, ConstructorStrategy.Default.IMITATE_SUPER_CLASS)
                .name("dev.heddle.edge.RecordingResponse")
                .defineField(HANDLER, InvocationHandler.class, Visibility.PUBLIC)
                .method(ElementMatchers.takesArguments(0).and(ElementMatchers.namedOneOf("getOutputStream", "getWriter", "reset",
                        "resetBuffer")))
                .intercept(InvocationHandlerAdapter.toField(HANDLER))
                .make()
                .load(loader, ClassLoadingStrategy.Default.WRAPPER)
                .getLoaded();
        Class<?> stream = new ByteBuddy()
                .subclass(outputStream, ConstructorStrategy.Default.IMITATE_SUPER_CLASS_OPENING)
                .name("dev.heddle.edge.RecordingOutputStream")
                .defineField(HANDLER, InvocationHandler.class, Visibility.PUBLIC)
                .method(ElementMatchers.isAbstract().or(ElementMatchers.namedOneOf("write", "flush", "close", "isReady",
                        "setWriteListener")))
                .intercept(InvocationHandlerAdapter.toField(HANDLER))
                .make()
                .load(loader, ClassLoadingStrategy.Default.WRAPPER)
                .getLoaded();
        return new Generated(response.getConstructor(httpResponse), response.getField(HANDLER), stream.getConstructor(),
                stream.getField(HANDLER));
    }

    /** The recording response's own methods: the stream and writer that record, and resets that clear the recording. */
    private static final class ResponseHandler implements InvocationHandler {

        private final ServletApi api;
        private final Object response;
        private final BodyRecording recording;
        private final Generated generated;
        private Object stream;
        private PrintWriter writer;

        ResponseHandler(ServletApi api, Object response, BodyRecording recording, Generated generated) {
            this.api = api;
            this.response = response;
            this.recording = recording;
            this.generated = generated;
        }

        @Override
        public synchronized Object invoke(Object proxy, Method method, Object[] arguments) throws Throwable {
            switch (method.getName()) {
                case "getOutputStream" -> {
                    if (stream == null) {
                        Object own = api.outputStream(response);
                        Object recorded = generated.stream().newInstance();
                        generated.streamHandler().set(recorded, new StreamHandler(own, recording));
                        stream = recorded;
                    }
                    return stream;
                }
                case "getWriter" -> {
                    if (writer == null) writer = new RecordingWriter(api.writer(response), recording);
                    return writer;
                }
                case "reset" -> {
                    api.reset(response);
                    recording.reset();
                    return null;
                }
                case "resetBuffer" -> {
                    api.resetBuffer(response);
                    recording.reset();
                    return null;
                }
                default -> throw new IllegalStateException("not a recorded method: " + method);
            }
        }
    }

    /** The recording stream: every call goes to the response's own stream; what is written is also recorded. */
    private static final class StreamHandler implements InvocationHandler {

        private final Object stream;
        private final BodyRecording recording;

        StreamHandler(Object stream, BodyRecording recording) {
            this.stream = stream;
            this.recording = recording;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] arguments) throws Throwable {
            boolean write = method.getName().equals("write") && arguments != null;
            // a buffer is consumed by the write: its bytes are copied first
            byte[] buffered = write && arguments.length == 1 && arguments[0] instanceof ByteBuffer buffer ? remaining(buffer) : null;
            Object returned;
            try {
                returned = method.invoke(stream, arguments);
            } catch (InvocationTargetException failed) {
                throw failed.getCause();
            }
            if (write) {
                try {
                    if (buffered != null) {
                        recording.bytes(buffered, 0, buffered.length);
                    } else {
                        record(arguments);
                    }
                } catch (RuntimeException internalError) {
                    AgentLog.internalError("edge.record", internalError);
                }
            }
            return returned;
        }

        private static byte[] remaining(ByteBuffer buffer) {
            ByteBuffer copy = buffer.duplicate();
            byte[] bytes = new byte[copy.remaining()];
            copy.get(bytes);
            return bytes;
        }

        private void record(Object[] arguments) {
            if (arguments.length == 1 && arguments[0] instanceof Integer b) {
                recording.bytes(new byte[] {(byte) (int) b}, 0, 1);
            } else if (arguments.length == 1 && arguments[0] instanceof byte[] bytes) {
                recording.bytes(bytes, 0, bytes.length);
            } else if (arguments.length == 3 && arguments[0] instanceof byte[] bytes) {
                recording.bytes(bytes, (Integer) arguments[1], (Integer) arguments[2]);
            }
        }
    }
}
