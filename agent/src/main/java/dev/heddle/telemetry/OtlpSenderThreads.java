package dev.heddle.telemetry;

import dev.heddle.threads.DaemonThreads;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.logs.OtlpGrpcLogRecordExporter;
import io.opentelemetry.exporter.otlp.metrics.OtlpGrpcMetricExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Sends OTLP exports on Heddle's own daemon threads, {@code heddle-otlp-export-<n>}, instead of
 * the threads the OTLP sender names for itself ({@code okhttp-dispatch}): the autoconfigured SDK
 * builds its exporters, and each is rebuilt with this executor (a copy of its settings) and the
 * first one shut down before it ever sent anything.
 *
 * <p>The pool is shaped like the sender's own: no thread while idle, one per export in flight
 * (the sender limits those), an idle thread gone after a minute.
 */
final class OtlpSenderThreads {

    private static final ExecutorService SENDERS = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
            new SynchronousQueue<>(), new DaemonThreads("otlp-export"));

    private OtlpSenderThreads() {
    }

    static SpanExporter spans(SpanExporter built) {
        SpanExporter named;
        if (built instanceof OtlpHttpSpanExporter http) {
            named = http.toBuilder().setExecutorService(SENDERS).build();
        } else if (built instanceof OtlpGrpcSpanExporter grpc) {
            named = grpc.toBuilder().setExecutorService(SENDERS).build();
        } else {
            return built;
        }
        built.shutdown();
        return named;
    }

    static MetricExporter metrics(MetricExporter built) {
        MetricExporter named;
        if (built instanceof OtlpHttpMetricExporter http) {
            named = http.toBuilder().setExecutorService(SENDERS).build();
        } else if (built instanceof OtlpGrpcMetricExporter grpc) {
            named = grpc.toBuilder().setExecutorService(SENDERS).build();
        } else {
            return built;
        }
        built.shutdown();
        return named;
    }

    static LogRecordExporter logs(LogRecordExporter built) {
        LogRecordExporter named;
        if (built instanceof OtlpHttpLogRecordExporter http) {
            named = http.toBuilder().setExecutorService(SENDERS).build();
        } else if (built instanceof OtlpGrpcLogRecordExporter grpc) {
            named = grpc.toBuilder().setExecutorService(SENDERS).build();
        } else {
            return built;
        }
        built.shutdown();
        return named;
    }
}
