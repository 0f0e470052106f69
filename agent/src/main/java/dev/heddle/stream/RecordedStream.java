package dev.heddle.stream;

import java.util.List;
import java.util.Objects;

/**
 * What Heddle kept of one streamed answer: its chunks as the SDK delivered them, in order (so a
 * replay has the original's chunk boundaries), and how the stream ended. Immutable.
 *
 * @param chunks the SDK's chunk objects, in the order they arrived
 * @param ending how the stream ended
 * @param failure what ended a {@link Ending#FAILED} stream, else null
 * @param inputTokensEstimate the request's input tokens, estimated when the call started, for a
 *     stream that reports no usage of its own
 * @param droppedChunks how many chunks arrived past {@link StreamRecorder#MAX_CHUNKS} and were not
 *     kept; such a recording is never replayed
 */
public record RecordedStream(List<Object> chunks, Ending ending, Throwable failure, long inputTokensEstimate,
        int droppedChunks) {

    /** How a stream ended. */
    public enum Ending {
        /** The SDK said the stream was over, without an error. */
        COMPLETED,
        /** The stream broke: the connection dropped, the vendor sent an error, the SDK could not parse a chunk. */
        FAILED,
        /** The caller stopped reading and closed, or cancelled, the stream before its end. */
        CANCELLED
    }

    /** Copies the chunks, so that a recording never changes once it is made. */
    public RecordedStream {
        chunks = List.copyOf(chunks);
        Objects.requireNonNull(ending, "ending");
    }

    /**
     * @param chunks the chunks of a stream that ended cleanly
     * @param inputTokensEstimate the request's estimated input tokens
     * @return a completed recording, as a cache hit replays it
     */
    public static RecordedStream completed(List<Object> chunks, long inputTokensEstimate) {
        return new RecordedStream(chunks, Ending.COMPLETED, null, inputTokensEstimate, 0);
    }

    /** @return whether every chunk of a stream that ended cleanly was kept */
    public boolean isWhole() {
        return ending == Ending.COMPLETED && droppedChunks == 0;
    }
}
