package dev.heddle.stream;

import dev.heddle.threads.DaemonThreads;
import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/**
 * The listener a teed stream reports to: each chunk as it passes on its way to the caller, then
 * exactly one ending (completed, failed or cancelled; what comes after the first ending is
 * ignored). It keeps the chunks and when each arrived, and completes {@link #ended()} with the
 * recording. Thread-safe: an SDK may deliver chunks on its own thread and the caller may cancel on
 * another.
 */
public final class StreamRecorder {

    /** The most chunks kept of one stream; a longer stream still reaches its caller whole, but is not cached. */
    public static final int MAX_CHUNKS = 65_536;

    /** Ends the recordings of streams their callers dropped without reading to the end or closing them. */
    private static final Cleaner ABANDONED = Cleaner.create(new DaemonThreads("stream-cleaner"));

    private final long startNanos;
    private final LongSupplier inputTokensEstimate;
    private final CompletableFuture<RecordedStream> ended = new CompletableFuture<>();
    private final List<Object> chunks = new ArrayList<>();
    private long[] arrivals = new long[16];
    private int arrived;
    private boolean over;

    /**
     * @param startNanos the {@link System#nanoTime()} at which the call was issued, for the time to first chunk
     * @param inputTokensEstimate the request's estimated input tokens, for a stream that reports no usage
     */
    public StreamRecorder(long startNanos, long inputTokensEstimate) {
        this(startNanos, () -> inputTokensEstimate);
    }

    /**
     * @param startNanos the {@link System#nanoTime()} at which the call was issued, for the time to first chunk
     * @param inputTokensEstimate estimates the request's input tokens when the stream ends, not on the
     *     way to its first chunk; 0 when it fails
     */
    public StreamRecorder(long startNanos, LongSupplier inputTokensEstimate) {
        this.startNanos = startNanos;
        this.inputTokensEstimate = inputTokensEstimate;
    }

    /** @param chunk a chunk on its way to the caller */
    public void chunk(Object chunk) {
        long now = System.nanoTime();
        synchronized (this) {
            if (over) return;
            if (arrived == arrivals.length) arrivals = Arrays.copyOf(arrivals, arrivals.length * 2);
            arrivals[arrived++] = now;
            if (chunks.size() < MAX_CHUNKS) chunks.add(chunk);
        }
    }

    /** The SDK said the stream is over. */
    public void completed() {
        end(RecordedStream.Ending.COMPLETED, null);
    }

    /** @param failure what broke the stream */
    public void failed(Throwable failure) {
        end(RecordedStream.Ending.FAILED, failure);
    }

    /** The caller stopped before the end. */
    public void cancelled() {
        end(RecordedStream.Ending.CANCELLED, null);
    }

    private void end(RecordedStream.Ending ending, Throwable failure) {
        List<Object> kept;
        int dropped;
        synchronized (this) {
            if (over) return;
            over = true;
            kept = List.copyOf(chunks);
            dropped = arrived - chunks.size();
        }
        ended.complete(new RecordedStream(kept, ending, failure, estimatedInputTokens(), dropped));
    }

    private long estimatedInputTokens() {
        try {
            return inputTokensEstimate.getAsLong();
        } catch (RuntimeException unreadable) {
            return 0;
        }
    }

    /**
     * A stream its caller drops, neither read to its end nor closed, is cancelled once it is garbage:
     * so its quota is settled and its cache flight ends. The recorder must not reach {@code stream}.
     *
     * @param stream what the caller holds
     */
    public void cancelWhenUnreachable(Object stream) {
        if (stream != null) ABANDONED.register(stream, this::cancelled);
    }

    /** @return the recording, once the stream has ended; never completed exceptionally */
    public CompletableFuture<RecordedStream> ended() {
        return ended;
    }

    /** @return whether a chunk has passed yet: after it, a failure is the caller's, never retried */
    public synchronized boolean started() {
        return arrived > 0;
    }

    /** @return the {@link System#nanoTime()} at which the call was issued */
    public long startNanos() {
        return startNanos;
    }

    /** @return when each chunk arrived, in {@link System#nanoTime()}, in order */
    public synchronized long[] arrivals() {
        return Arrays.copyOf(arrivals, arrived);
    }
}
