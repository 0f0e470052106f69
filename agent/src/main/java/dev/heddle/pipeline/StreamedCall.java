package dev.heddle.pipeline;

import dev.heddle.bootstrap.AgentLog;
import dev.heddle.bootstrap.Answer;
import dev.heddle.preset.StreamedPreset;
import dev.heddle.resilience.Resilience;
import dev.heddle.stream.RecordedStream;
import dev.heddle.stream.RetryBeforeFirstChunk;
import dev.heddle.stream.StreamRecorder;
import dev.heddle.telemetry.CallTrace;
import dev.heddle.threads.DaemonThreads;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One call of a preset's streaming method, on its way to the model: the method runs with its stream
 * teed, so the caller reads every chunk as it arrives while a {@link StreamRecorder} keeps them; when
 * the stream ends, the call is stored (only when it ended cleanly and whole), its quota settled and
 * its tokens counted with what was produced, and a broken stream counted by the circuit breaker.
 * Retries act only before the first chunk: around the method, for an SDK that throws its HTTP error
 * from it, or inside the stream ({@link RetryBeforeFirstChunk}), for one that reports it after the
 * method returned; a stream that breaks after its first chunk reaches the caller as the SDK delivers it.
 */
final class StreamedCall {

    /** What ends the call that a stream belongs to. */
    interface Completion {
        /** @param recorded the whole recording of a stream that ended cleanly */
        void completed(Object recorded);

        /**
         * @param recorded what was recorded of a stream that broke or that its caller abandoned
         * @param why what broke it, or a {@link CancellationException} for the caller's cancel
         */
        void endedEarly(Object recorded, Throwable why);
    }

    /** Runs the streaming methods asked again after a failure before their first chunk; they return at once. */
    private static final ScheduledExecutorService RETRIES = Executors.newSingleThreadScheduledExecutor(
            new DaemonThreads("stream-retry"));

    private final StreamedPreset preset;
    private final Object self;
    private final Object[] arguments;
    private final StreamRecorder recorder;
    private final Resilience resilience;

    /** @param resilience the rule's policies, whose retries may act inside a lazy stream; or null */
    StreamedCall(StreamedPreset preset, Object self, Object[] arguments, Resilience resilience) {
        this.resilience = resilience;
        this.preset = preset;
        this.self = self;
        this.arguments = arguments;
        this.recorder = preset.recorder(self, arguments);
    }

    /** @return whether the policy's method streams its answer */
    static boolean streams(MethodPolicy policy) {
        return policy.preset() instanceof StreamedPreset;
    }

    /** A cache hit: the recording, replayed through the SDK's own stream type. */
    static Answer replayed(MethodPolicy policy, Object recorded, Object[] arguments, Class<?> type) {
        StreamedPreset preset = (StreamedPreset) policy.preset();
        return new Answer(preset.tap().replay((RecordedStream) recorded, arguments, type.getClassLoader()));
    }

    /**
     * One attempt: the method runs with its stream teed. A tee that cannot be made leaves the
     * stream as the method gives it, unrecorded, and the call ends as broken.
     */
    Object run(Class<?> type, String method) throws Throwable {
        Object[] teedArguments = arguments;
        RetryBeforeFirstChunk retry = resilience == null ? null : new Retry(type, method);
        try {
            teedArguments = preset.tap().teeArguments(arguments, recorder, retry);
        } catch (RuntimeException | LinkageError internalError) {
            AgentLog.internalError("stream.teeArguments", internalError);
            recorder.failed(internalError);
        }
        Object returned = OriginalMethod.invoke(type, method, self, teedArguments);
        try {
            Object retried = retry == null ? returned : preset.tap().retryingBeforeFirstChunk(returned, retry);
            return preset.tap().teeResult(retried, recorder);
        } catch (RuntimeException | LinkageError internalError) {
            AgentLog.internalError("stream.teeResult", internalError);
            recorder.failed(internalError);
            return returned;
        }
    }

    /** The rule's retries for a stream that fails before its first chunk after the method returned. */
    private final class Retry implements RetryBeforeFirstChunk {
        private final Class<?> type;
        private final String method;

        Retry(Class<?> type, String method) {
            this.type = type;
            this.method = method;
        }

        @Override
        public Optional<Duration> decide(Throwable failure, int failures) {
            return resilience.retryBeforeFirstChunk(failure, failures);
        }

        @Override
        public void again(Object[] teedArguments, Duration after, Consumer<Throwable> failed) {
            RETRIES.schedule(() -> {
                try {
                    OriginalMethod.invoke(type, method, self, teedArguments);
                } catch (Throwable thrown) {
                    failed.accept(thrown);
                }
            }, after.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    /**
     * Ends the call when its stream ends, and tells a tracked call's trace when that is.
     *
     * @param completion what ends the call
     * @param resilience the rule's policies, whose circuit breaker counts how the stream ended; or null
     * @param circuitKey the call's circuit
     * @param trace the call's trace, or null when untracked
     */
    void whenEnded(Completion completion, Resilience resilience, String circuitKey, CallTrace trace) {
        CompletableFuture<Object> ended = recorder.ended().thenApply(recorded -> {
            try {
                if (trace != null) trace.chunks(recorder.arrivals());
                if (resilience != null) resilience.streamEnded(circuitKey, recorded.failure());
                switch (recorded.ending()) {
                    case COMPLETED -> completion.completed(recorded);
                    case FAILED -> completion.endedEarly(recorded, recorded.failure());
                    case CANCELLED -> completion.endedEarly(recorded, new CancellationException("the caller stopped reading the stream"));
                }
            } catch (RuntimeException | LinkageError internalError) {
                AgentLog.internalError("stream.ended", internalError);
            }
            return recorded;
        });
        if (trace != null) trace.endsWith(ended);
    }
}
