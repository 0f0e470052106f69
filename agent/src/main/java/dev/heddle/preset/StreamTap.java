package dev.heddle.preset;

import dev.heddle.config.MatchConfig;
import dev.heddle.stream.RecordedStream;
import dev.heddle.stream.RetryBeforeFirstChunk;
import dev.heddle.stream.StreamRecorder;
import java.util.List;
import java.util.Optional;

/**
 * The SDK-specific half of streaming for one preset: which methods stream, how their stream is
 * teed (every chunk reaches the caller as it arrives and, on its way, a {@link StreamRecorder}),
 * how a recording is replayed through the SDK's own stream type, and what the chunks say. Works on
 * the SDK's objects by reflection, like {@link Preset}.
 */
public interface StreamTap {

    /** @return the streaming methods to weave */
    List<MatchConfig> targets();

    /**
     * @param signature a woven method, {@code binary.type.Name:method(descriptor)}
     * @return whether it is one of this SDK's streaming methods
     */
    boolean streams(String signature);

    /**
     * @param self the receiver of the woven call
     * @param arguments the woven call's arguments
     * @return what, beyond the base preset's key, changes the recorded chunks (such as whether the
     *     stream ends with a usage chunk); {@code ""} for nothing
     */
    default String keyQualifier(Object self, Object[] arguments) {
        return "";
    }

    /**
     * For an SDK that delivers chunks to a handler the caller passes: the arguments with that
     * handler wrapped, so that the recorder sees what the handler sees.
     *
     * @param arguments the woven call's arguments, left unchanged
     * @param recorder where the chunks and the ending go too
     * @return the arguments to call the method with
     */
    default Object[] teeArguments(Object[] arguments, StreamRecorder recorder) {
        return arguments;
    }

    /**
     * As {@link #teeArguments(Object[], StreamRecorder)}, for an SDK whose handler hears of a failure
     * only after the method returned: the tee may ask again, through {@code retry}, when the failure
     * comes before the first chunk. By default no retry.
     *
     * @param arguments the woven call's arguments, left unchanged
     * @param recorder where the chunks and the ending go too
     * @param retry the rule's retries, or null for none
     * @return the arguments to call the method with
     */
    default Object[] teeArguments(Object[] arguments, StreamRecorder recorder, RetryBeforeFirstChunk retry) {
        return teeArguments(arguments, recorder);
    }

    /**
     * For an SDK that returns its stream: the same stream, whose chunks and ending reach the
     * recorder too; nothing is read ahead of the caller.
     *
     * @param returned what the method returned
     * @param recorder where the chunks and the ending go too
     * @return what the caller receives instead
     */
    Object teeResult(Object returned, StreamRecorder recorder);

    /**
     * For an SDK whose stream fails lazily (the request is sent when the caller subscribes, so its
     * HTTP error arrives after the method returned): the stream, asking again on a failure before
     * its first chunk as {@code retryAfter} decides. By default the stream as it is: an SDK that
     * throws its HTTP errors from the method is retried around the method.
     *
     * @param returned what the method returned
     * @param retry the rule's retries
     * @return what to tee and give the caller
     */
    default Object retryingBeforeFirstChunk(Object returned, RetryBeforeFirstChunk retry) {
        return returned;
    }

    /**
     * A cache hit, answered through the SDK's own stream type, chunk by chunk as recorded.
     *
     * @param recorded a whole recording
     * @param arguments the woven call's arguments (a handler among them is told the chunks)
     * @param sdkLoader a class loader that sees the SDK
     * @return what the caller receives (null for a method that returns nothing)
     */
    Object replay(RecordedStream recorded, Object[] arguments, ClassLoader sdkLoader);

    /**
     * @param chunks the chunks so far
     * @return the usage the stream itself reported (a usage chunk), when it did
     */
    Optional<TokenUsage> reportedUsage(List<Object> chunks);

    /**
     * @param chunks the chunks so far
     * @return the generated text they carry, for an estimate of the output tokens
     */
    String text(List<Object> chunks);

    /**
     * @param chunks every chunk of a stream that ended cleanly
     * @return whether the answer is whole: it finished normally or asked for a tool, not cut by a
     *     token limit or filtered
     */
    boolean finishedWhole(List<Object> chunks);

    /**
     * @param chunks every chunk of a stream
     * @return whether the answer asks the app to call tools
     */
    default boolean asksForTools(List<Object> chunks) {
        return false;
    }

    /**
     * Never throws.
     *
     * @param chunks the chunks of a stream
     * @return the id, model and finish reasons they report
     */
    default ResponseFacts facts(List<Object> chunks) {
        return ResponseFacts.NONE;
    }

    /**
     * @param chunk one chunk
     * @return text from which {@link #decodeChunk} rebuilds an equal chunk; never Java serialization
     */
    String encodeChunk(Object chunk);

    /**
     * @param encoded what {@link #encodeChunk} produced
     * @param sdkLoader a class loader that sees the SDK
     * @return the chunk
     * @throws IllegalArgumentException when the text is not an encoded chunk of this SDK
     */
    Object decodeChunk(String encoded, ClassLoader sdkLoader);
}
