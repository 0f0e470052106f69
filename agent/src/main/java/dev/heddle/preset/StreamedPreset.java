package dev.heddle.preset;

import dev.heddle.config.MatchConfig;
import dev.heddle.stream.RecordedStream;
import dev.heddle.stream.StreamRecorder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A preset's streaming methods, as a {@link Preset} whose answers are {@link RecordedStream}s: the
 * request side (key, model, user, errors) is the base preset's, the answer side reads the
 * recorded chunks through the SDK's {@link StreamTap}. So the cache, the quotas and the accounting
 * treat a stream like any answer, and only the pipeline's edges (tee on the way out, replay on a
 * hit) know that it streams.
 *
 * <p>Streamed and plain calls never share an entry: the key and the semantic context start with
 * {@code stream}, since a plain caller cannot read a recording and a streaming caller cannot read a
 * plain answer.
 */
public final class StreamedPreset implements Preset {

    private static final String FORMAT = "heddle-stream-1";

    private final Preset base;
    private final StreamTap tap;

    /**
     * @param base the preset of the same SDK's plain calls
     * @param tap how the SDK streams
     */
    public StreamedPreset(Preset base, StreamTap tap) {
        this.base = base;
        this.tap = tap;
    }

    /** @return how the SDK streams */
    public StreamTap tap() {
        return tap;
    }

    /**
     * @param self the receiver of the woven call
     * @param arguments the woven call's arguments
     * @return the request's input tokens, estimated from its key as the quotas estimate them
     */
    public long inputTokensEstimate(Object self, Object[] arguments) {
        try {
            return TokenEstimate.ofRequest(cacheKey(self, arguments));
        } catch (RuntimeException unreadable) {
            return 0;
        }
    }

    /**
     * @param self the receiver of the woven call
     * @param arguments the woven call's arguments
     * @return a recorder for one call of a streaming method, started now; the request's input
     *     tokens are estimated when the stream ends, off the way to its first chunk
     */
    public StreamRecorder recorder(Object self, Object[] arguments) {
        return new StreamRecorder(System.nanoTime(), () -> inputTokensEstimate(self, arguments));
    }

    @Override
    public String name() {
        return base.name();
    }

    @Override
    public List<MatchConfig> targets() {
        return tap.targets();
    }

    @Override
    public String cacheKey(Object self, Object[] arguments) {
        return "stream" + tap.keyQualifier(self, arguments) + "\n" + base.cacheKey(self, arguments);
    }

    @Override
    public Optional<String> model(Object self, Object[] arguments) {
        return base.model(self, arguments);
    }

    @Override
    public Object[] withModel(Object self, Object[] arguments, String model) {
        return base.withModel(self, arguments, model);
    }

    @Override
    public Optional<String> user(Object self, Object[] arguments) {
        return base.user(self, arguments);
    }

    @Override
    public EmbeddingText textToEmbed(Object self, Object[] arguments) {
        EmbeddingText plain = base.textToEmbed(self, arguments);
        return EmbeddingText.withContext(plain.text(), "stream" + tap.keyQualifier(self, arguments) + "\n"
                + plain.contextFingerprint());
    }

    /** The usage the stream reported; else an estimate ({@link TokenEstimate}) of the request and of the text produced. */
    @Override
    public Optional<TokenUsage> usage(Object response) {
        if (!(response instanceof RecordedStream recorded)) return Optional.empty();
        Optional<TokenUsage> reported = tap.reportedUsage(recorded.chunks());
        if (reported.isPresent()) return reported;
        return Optional.of(new TokenUsage(recorded.inputTokensEstimate(), TokenEstimate.ofOutput(tap.text(recorded.chunks()))));
    }

    /** Only a stream that ended cleanly, every chunk kept, with a finish reason of a whole answer. */
    @Override
    public boolean isCompleteAnswer(Object response) {
        return response instanceof RecordedStream recorded && recorded.isWhole() && !recorded.chunks().isEmpty()
                && tap.finishedWhole(recorded.chunks());
    }

    @Override
    public boolean asksForTools(Object response) {
        return response instanceof RecordedStream recorded && tap.asksForTools(recorded.chunks());
    }

    @Override
    public String provider(Object self) {
        return base.provider(self);
    }

    @Override
    public String operation() {
        return base.operation();
    }

    @Override
    public ResponseFacts responseFacts(Object response) {
        try {
            return response instanceof RecordedStream recorded ? tap.facts(recorded.chunks()) : ResponseFacts.NONE;
        } catch (RuntimeException | LinkageError unreadable) {
            return ResponseFacts.NONE;
        }
    }

    @Override
    public boolean isRetryable(Throwable error) {
        return base.isRetryable(error);
    }

    @Override
    public Optional<Integer> statusCode(Throwable error) {
        return base.statusCode(error);
    }

    @Override
    public Optional<Duration> retryAfter(Throwable error) {
        return base.retryAfter(error);
    }

    /** The text the chunks carry; null for anything but a recording (such as a replayed SDK stream). */
    @Override
    public String outputText(Object response) {
        return response instanceof RecordedStream recorded ? tap.text(recorded.chunks()) : null;
    }

    /**
     * {@code heddle-stream-1 <input estimate> <chunks>}, a line, then each chunk's encoding as
     * {@code <length>:<text>}; no Java serialization.
     */
    @Override
    public String encode(Object response) {
        if (!(response instanceof RecordedStream recorded)) {
            throw new IllegalArgumentException("not a recorded stream: " + (response == null ? "null" : response.getClass().getName()));
        }
        StringBuilder text = new StringBuilder(FORMAT).append(' ').append(recorded.inputTokensEstimate()).append(' ')
                .append(recorded.chunks().size()).append('\n');
        for (Object chunk : recorded.chunks()) {
            String encoded = tap.encodeChunk(chunk);
            text.append(encoded.length()).append(':').append(encoded);
        }
        return text.toString();
    }

    @Override
    public Object decode(String encoded, ClassLoader sdkLoader) {
        int newline = encoded.indexOf('\n');
        String[] header = (newline < 0 ? "" : encoded.substring(0, newline)).split(" ");
        if (header.length != 3 || !header[0].equals(FORMAT)) {
            throw new IllegalArgumentException("not an encoded " + name() + " stream");
        }
        long inputEstimate = number(header[1], Long.MAX_VALUE);
        int count = (int) number(header[2], StreamRecorder.MAX_CHUNKS);
        List<Object> chunks = new ArrayList<>(Math.min(count, 1_024));
        int at = newline + 1;
        for (int i = 0; i < count; i++) {
            int colon = encoded.indexOf(':', at);
            if (colon < 0 || colon - at > 10) throw new IllegalArgumentException("chunk " + i + " of " + count + " is missing");
            long length = number(encoded.substring(at, colon), encoded.length() - colon - 1L);
            int end = colon + 1 + (int) length;
            chunks.add(tap.decodeChunk(encoded.substring(colon + 1, end), sdkLoader));
            at = end;
        }
        if (at != encoded.length()) throw new IllegalArgumentException("text after the last chunk of an encoded stream");
        return RecordedStream.completed(chunks, inputEstimate);
    }

    private static long number(String text, long max) {
        if (text.isEmpty() || text.length() > 19 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("not a count in an encoded stream");
        }
        long value = Long.parseLong(text);
        if (value > max) throw new IllegalArgumentException("a count past its bound in an encoded stream: " + value);
        return value;
    }
}
