package dev.heddle.telemetry;

import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Optional;

/**
 * The span the app is in when it calls a woven method: the app's own OpenTelemetry API
 * ({@code io.opentelemetry.api.trace.Span.current()} in the woven class's loader), or, when the app
 * has no API of its own, the OpenTelemetry Java agent's current span. Heddle's OpenTelemetry is
 * relocated and cannot share the app's {@code Context}, so the span context is read by reflection
 * and copied: Heddle's span then joins the app's trace as a child of that span.
 */
final class AppSpanContext {

    private static final String APP_SPAN = AppClassName.of("io", "opentelemetry.api.trace.Span");
    private static final String AGENT_BRIDGE = AppClassName.of("io", "opentelemetry.javaagent.bootstrap.Java8BytecodeBridge");

    /** Per class loader: how to read its current span, or nothing when it has no OpenTelemetry API. */
    private static final ClassValue<Optional<Reader>> READERS = new ClassValue<>() {
        @Override
        protected Optional<Reader> computeValue(Class<?> type) {
            return Reader.of(type.getClassLoader());
        }
    };

    private AppSpanContext() {
    }

    /**
     * @param wovenType the class whose method is called
     * @return the app's current span context, when it has a valid one
     */
    static Optional<SpanContext> current(Class<?> wovenType) {
        try {
            Optional<Reader> reader = READERS.get(wovenType);
            return reader.isEmpty() ? Optional.empty() : reader.get().read();
        } catch (Throwable unreadable) {
            return Optional.empty();
        }
    }

    /** Reads a current span through handles found once per class loader. */
    private record Reader(MethodHandle currentSpan, MethodHandle spanContext, MethodHandle traceId, MethodHandle spanId,
            MethodHandle sampled, MethodHandle valid) {

        static Optional<Reader> of(ClassLoader loader) {
            try {
                MethodHandles.Lookup lookup = MethodHandles.publicLookup();
                Class<?> span;
                MethodHandle current;
                try {
                    span = Class.forName(APP_SPAN, false, loader);
                    current = lookup.findStatic(span, "current", MethodType.methodType(span));
                } catch (ClassNotFoundException noApi) {
                    Class<?> bridge = Class.forName(AGENT_BRIDGE, false, null);
                    java.lang.reflect.Method currentSpan = bridge.getMethod("currentSpan");
                    span = currentSpan.getReturnType();
                    current = lookup.unreflect(currentSpan);
                }
                Class<?> context = span.getMethod("getSpanContext").getReturnType();
                return Optional.of(new Reader(current, lookup.unreflect(span.getMethod("getSpanContext")),
                        lookup.unreflect(context.getMethod("getTraceId")), lookup.unreflect(context.getMethod("getSpanId")),
                        lookup.unreflect(context.getMethod("isSampled")), lookup.unreflect(context.getMethod("isValid"))));
            } catch (ReflectiveOperationException | LinkageError | RuntimeException absent) {
                return Optional.empty();
            }
        }

        Optional<SpanContext> read() throws Throwable {
            Object span = currentSpan.invoke();
            if (span == null) return Optional.empty();
            Object context = spanContext.invoke(span);
            if (context == null || !(boolean) valid.invoke(context)) return Optional.empty();
            return Optional.of(SpanContext.createFromRemoteParent((String) traceId.invoke(context), (String) spanId.invoke(context),
                    (boolean) sampled.invoke(context) ? TraceFlags.getSampled() : TraceFlags.getDefault(), TraceState.getDefault()));
        }
    }
}
