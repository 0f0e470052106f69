package dev.heddle.pipeline;

import dev.heddle.analytics.AnalyticsEvent;
import dev.heddle.analytics.ClickHouseSink;
import dev.heddle.analytics.EventSink;
import dev.heddle.analytics.EventWriter;
import dev.heddle.analytics.JsonLinesStore;
import dev.heddle.analytics.OtlpLogSink;
import dev.heddle.bootstrap.AgentLog;
import dev.heddle.config.AnalyticsConfig;
import dev.heddle.config.ExperimentConfig;
import dev.heddle.config.HeddleConfig;
import dev.heddle.config.QuotaConfig;
import dev.heddle.config.TelemetryConfig;
import dev.heddle.experiment.Experiments;
import dev.heddle.telemetry.Telemetry;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The tracking of one configuration: Heddle's OpenTelemetry SDK ({@code telemetry:}), the
 * analytics event writer ({@code analytics:}) and the running experiments ({@code experiments:}).
 * The SDK and the writer start on first use, not on the app's start-up path; when they cannot
 * start, the reason is logged once and calls go on untracked.
 */
final class Tracking {

    /** How long closing waits for pending events and spans to be written. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private final Optional<TelemetryConfig> telemetryConfig;
    private final Optional<AnalyticsConfig> analyticsConfig;
    private final List<ExperimentConfig> experimentConfigs;
    private final Experiments experiments;
    private final Map<String, QuotaConfig> quotas;
    private volatile Telemetry telemetry;
    private volatile EventWriter events;
    private boolean telemetryTried;
    private boolean eventsTried;
    private volatile boolean closed;

    /** Registers Heddle's counters with a freshly started SDK; nothing without telemetry. */
    private final Consumer<Telemetry> onTelemetryStarted;
    private final Function<TelemetryConfig, Telemetry> starter;

    private Tracking(HeddleConfig config, Function<TelemetryConfig, Telemetry> starter, Consumer<Telemetry> onTelemetryStarted) {
        this.starter = starter;
        this.onTelemetryStarted = onTelemetryStarted;
        this.telemetryConfig = config.telemetry();
        this.analyticsConfig = config.analytics();
        this.experimentConfigs = config.experiments();
        this.quotas = config.quotas();
        this.experiments = new Experiments(config.experiments(), this::emit, Clock.systemUTC());
    }

    /**
     * @param config a configuration
     * @return its tracking; nothing starts until a call is tracked
     */
    static Tracking of(HeddleConfig config) {
        return new Tracking(config, Telemetry::start, started -> { });
    }

    /**
     * @param config a configuration
     * @param starter starts the SDK of a {@code telemetry:} section
     * @param onTelemetryStarted told the SDK once it has started, to register counters with it
     * @return its tracking; nothing starts until a call is tracked
     */
    static Tracking of(HeddleConfig config, Function<TelemetryConfig, Telemetry> starter, Consumer<Telemetry> onTelemetryStarted) {
        return new Tracking(config, starter, onTelemetryStarted);
    }

    /**
     * @param next the next configuration
     * @return whether its tracking differs from this one's, so that this one must be replaced
     */
    boolean differsFrom(HeddleConfig next) {
        return !telemetryConfig.equals(next.telemetry()) || !analyticsConfig.equals(next.analytics())
                || !experimentConfigs.equals(next.experiments()) || !quotas.equals(next.quotas());
    }

    /** @return whether anything is tracked: spans, events or experiments */
    boolean isActive() {
        return telemetryConfig.isPresent() || analyticsConfig.isPresent() || !experiments.isEmpty();
    }

    /** @return whether analytics events are written */
    boolean writesEvents() {
        return analyticsConfig.isPresent();
    }

    Experiments experiments() {
        return experiments;
    }

    /** @return the SDK, started on first use; null without {@code telemetry:} or when it could not start */
    Telemetry telemetry() {
        Telemetry started = telemetry;
        if (started != null || telemetryConfig.isEmpty()) return started;
        synchronized (this) {
            if (!telemetryTried && !closed) {
                telemetryTried = true;
                try {
                    Telemetry sdk = starter.apply(telemetryConfig.get());
                    onTelemetryStarted.accept(sdk);
                    telemetry = sdk;
                } catch (RuntimeException | LinkageError failure) {
                    AgentLog.error("telemetry: OpenTelemetry could not start, so no spans or metrics are recorded: " + failure);
                }
            }
            return telemetry;
        }
    }

    /**
     * Writes an event off the caller's thread; dropped and counted when the queue is full.
     *
     * @param event the event
     */
    void emit(AnalyticsEvent event) {
        FaultInjection.at("tracking.event");
        EventWriter writer = events();
        if (writer != null) writer.offer(event);
    }

    private EventWriter events() {
        EventWriter started = events;
        if (started != null || analyticsConfig.isEmpty()) return started;
        synchronized (this) {
            if (!eventsTried && !closed) {
                eventsTried = true;
                try {
                    events = writer(analyticsConfig.get());
                } catch (RuntimeException | LinkageError failure) {
                    AgentLog.error("analytics: events cannot be written, so none are recorded: " + failure);
                }
            }
            return events;
        }
    }

    private EventWriter writer(AnalyticsConfig config) {
        List<EventSink> sinks = new ArrayList<>();
        config.directory().ifPresent(directory -> sinks.add(new JsonLinesStore(Path.of(directory), config.maxFileBytes(),
                config.maxFiles())));
        config.clickhouse().ifPresent(clickhouse -> sinks.add(new ClickHouseSink(URI.create(clickhouse.url()), clickhouse.table(),
                clickhouse.user().orElse(null), clickhouse.password().orElse(null), ClickHouseSink.DEFAULT_TIMEOUT,
                clickhouse.createTable())));
        if (config.otlpLogs()) {
            Telemetry sdk = telemetry();
            if (sdk == null) {
                AgentLog.warnOnce("analytics-otlp-logs", "analytics: otlpLogs needs a working telemetry: section; events are not"
                        + " sent as log records");
            } else {
                sinks.add(new OtlpLogSink(sdk.events()));
            }
        }
        return new EventWriter(config.queueSize(), sinks);
    }

    /**
     * A user's quota tier, for experiments limited to tiers: in the first quota that lists the user,
     * else the first quota's default.
     *
     * @param user the user
     * @return the tier, or empty without quotas
     */
    Optional<String> tierOf(String user) {
        for (QuotaConfig quota : quotas.values()) {
            String tier = quota.users().get(user);
            if (tier != null) return Optional.of(tier);
        }
        return quotas.values().stream().findFirst().map(QuotaConfig::defaultTier);
    }

    /** Writes what is pending and stops the writer and the SDK. */
    void close() {
        EventWriter writer;
        Telemetry sdk;
        synchronized (this) {
            closed = true;
            writer = events;
            sdk = telemetry;
        }
        if (writer != null) writer.close(CLOSE_WAIT);
        if (sdk != null) sdk.close();
    }

    /** Writes what is pending now; for tests and for the shutdown of the JVM. */
    void flush() {
        EventWriter writer = events;
        if (writer != null) writer.flush(CLOSE_WAIT);
        Telemetry sdk = telemetry;
        if (sdk != null) sdk.flush();
    }

    @Override
    public String toString() {
        return "Tracking[telemetry=" + telemetryConfig.map(config -> config.exporter().yamlName()).orElse("off")
                + ", analytics=" + (analyticsConfig.isPresent() ? "on" : "off") + ", experiments=" + experimentConfigs.size() + "]";
    }

    /** @return the writer's count of events written, zero without one */
    long eventsWritten() {
        EventWriter writer = events;
        return writer == null ? 0 : writer.written();
    }

    /** @return the writer's count of dropped events, zero without one */
    long droppedEvents() {
        EventWriter writer = events;
        return writer == null ? 0 : writer.dropped();
    }
}
