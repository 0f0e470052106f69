package dev.heddle.preset;

import static dev.heddle.preset.OpenAiStreamChunks.chunk;
import static dev.heddle.preset.OpenAiStreamChunks.wholeAnswer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.models.messages.RawMessageStreamEvent;
import com.openai.core.RequestOptions;
import com.openai.core.http.AsyncStreamResponse;
import com.openai.core.http.StreamResponse;
import com.openai.errors.OpenAIIoException;
import com.openai.models.ChatModel;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import dev.heddle.stream.RecordedStream;
import dev.heddle.stream.StreamRecorder;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Spliterators;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

class StainlessStreamTapTest {

    private static final String OPENAI_STREAMING = "com.openai.services.blocking.chat.ChatCompletionServiceImpl:createStreaming("
            + "Lcom/openai/models/chat/completions/ChatCompletionCreateParams;Lcom/openai/core/RequestOptions;)"
            + "Lcom/openai/core/http/StreamResponse;";
    private static final String OPENAI_PLAIN = "com.openai.services.blocking.chat.ChatCompletionServiceImpl:create("
            + "Lcom/openai/models/chat/completions/ChatCompletionCreateParams;Lcom/openai/core/RequestOptions;)"
            + "Lcom/openai/models/chat/completions/ChatCompletion;";
    private static final Preset OPENAI = Presets.named("openai-java").orElseThrow();
    private static final StreamedPreset OPENAI_STREAM = (StreamedPreset) OPENAI.forMethod(OPENAI_STREAMING);
    private static final StreamedPreset ANTHROPIC_STREAM = (StreamedPreset) Presets.named("anthropic-java").orElseThrow()
            .forMethod("com.anthropic.services.blocking.MessageServiceImpl:createStreaming(Lcom/anthropic/models/messages/"
                    + "MessageCreateParams;Lcom/anthropic/core/RequestOptions;)Lcom/anthropic/core/http/StreamResponse;");

    /** The SDK's stream interface over chunks, as its HTTP layer would give them. */
    private static StreamResponse<Object> sdkStream(Stream<Object> chunks, AtomicBoolean closed) {
        return new StreamResponse<>() {
            @Override
            public Stream<Object> stream() {
                return chunks;
            }

            @Override
            public void close() {
                closed.set(true);
            }
        };
    }

    @SuppressWarnings("unchecked")
    private static StreamResponse<Object> teed(StreamResponse<Object> original, StreamRecorder recorder) {
        return (StreamResponse<Object>) OPENAI_STREAM.tap().teeResult(original, recorder);
    }

    private static ChatCompletionCreateParams.Builder request() {
        return ChatCompletionCreateParams.builder().model(ChatModel.GPT_4O_MINI).addUserMessage("What is a heddle?");
    }

    @Test
    void onlyTheStreamingMethodGetsTheStreamedPreset() {
        assertThat(OPENAI.forMethod(OPENAI_STREAMING)).isInstanceOf(StreamedPreset.class);
        assertThat(OPENAI.forMethod(OPENAI_PLAIN)).isSameAs(OPENAI);
        assertThat(OPENAI.targets()).anyMatch(target -> target.method().equals("createStreaming"));
    }

    @Test
    void aStreamedRequestNeverSharesAKeyWithThePlainOne() {
        Object[] call = {request().build(), RequestOptions.none()};
        Object[] withUsage = {request().streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build(),
            RequestOptions.none()};

        assertThat(OPENAI_STREAM.cacheKey(null, call)).isNotEqualTo(OPENAI.cacheKey(null, call));
        assertThat(OPENAI_STREAM.cacheKey(null, withUsage)).as("a usage chunk changes what is replayed")
                .isNotEqualTo(OPENAI_STREAM.cacheKey(null, call));
        assertThat(OPENAI_STREAM.textToEmbed(null, call).contextFingerprint())
                .isNotEqualTo(OPENAI.textToEmbed(null, call).contextFingerprint());
    }

    @Test
    void theCallerReadsEveryChunkAsTheRecorderRecordsIt() {
        StreamRecorder recorder = new StreamRecorder(System.nanoTime(), 7);
        AtomicBoolean closed = new AtomicBoolean();
        List<Object> chunks = wholeAnswer();
        List<Object> read = new ArrayList<>();

        try (StreamResponse<Object> stream = teed(sdkStream(chunks.stream(), closed), recorder)) {
            Iterator<Object> each = stream.stream().iterator();
            each.next();
            assertThat(recorder.arrivals()).as("nothing is read ahead of the caller").hasSize(1);
            read.add(chunks.get(0));
            each.forEachRemaining(read::add);
        }

        assertThat(read).isEqualTo(chunks);
        RecordedStream recorded = recorder.ended().join();
        assertThat(recorded.ending()).isEqualTo(RecordedStream.Ending.COMPLETED);
        assertThat(recorded.chunks()).isEqualTo(chunks);
        assertThat(closed).as("the SDK's stream is closed as the caller closes it").isTrue();
        assertThat(OPENAI_STREAM.isCompleteAnswer(recorded)).isTrue();
        assertThat(OPENAI_STREAM.usage(recorded)).contains(new TokenUsage(21, 4));
        assertThat(OPENAI_STREAM.responseFacts(recorded).finishReasons()).containsExactly("stop");
        assertThat(OPENAI_STREAM.outputText(recorded)).isEqualTo("A heddle lifts threads.");
    }

    @Test
    void aBrokenStreamReachesTheCallerUnchangedAndIsRecordedAsFailed() {
        StreamRecorder recorder = new StreamRecorder(System.nanoTime(), 7);
        OpenAIIoException broken = new OpenAIIoException("unexpected end of stream");
        Iterator<Object> firstChunkThenBreak = new Iterator<>() {
            private int read;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Object next() {
                if (read++ == 0) return chunk("A", null);
                throw broken;
            }
        };
        Stream<Object> breaking = StreamSupport.stream(Spliterators.spliteratorUnknownSize(firstChunkThenBreak, 0), false);

        StreamResponse<Object> stream = teed(sdkStream(breaking, new AtomicBoolean()), recorder);

        assertThatThrownBy(() -> stream.stream().forEach(chunk -> { })).isSameAs(broken);
        RecordedStream recorded = recorder.ended().join();
        assertThat(recorded.ending()).isEqualTo(RecordedStream.Ending.FAILED);
        assertThat(recorded.failure()).isSameAs(broken);
        assertThat(recorded.chunks()).hasSize(1);
        assertThat(OPENAI_STREAM.isCompleteAnswer(recorded)).isFalse();
    }

    @Test
    void closingBeforeTheEndCancelsAndChargesOnlyWhatWasProduced() {
        StreamRecorder recorder = new StreamRecorder(System.nanoTime(), 7);

        try (StreamResponse<Object> stream = teed(sdkStream(wholeAnswer().stream(), new AtomicBoolean()), recorder)) {
            Iterator<Object> each = stream.stream().iterator();
            each.next();
            each.next();
        }

        RecordedStream recorded = recorder.ended().join();
        assertThat(recorded.ending()).isEqualTo(RecordedStream.Ending.CANCELLED);
        assertThat(OPENAI_STREAM.isCompleteAnswer(recorded)).isFalse();
        assertThat(OPENAI_STREAM.usage(recorded)).as("the request's estimate, and a token per 4 characters of 'A heddle'")
                .contains(new TokenUsage(7, 2));
    }

    @Test
    void aStreamItsCallerDropsUnreadIsCancelledOnceItIsGarbage() throws InterruptedException {
        StreamRecorder recorder = new StreamRecorder(System.nanoTime(), 7);
        teed(sdkStream(wholeAnswer().stream(), new AtomicBoolean()), recorder);

        for (int i = 0; i < 100 && !recorder.ended().isDone(); i++) {
            System.gc();
            Thread.sleep(50);
        }

        assertThat(recorder.ended()).isCompleted();
        assertThat(recorder.ended().join().ending()).isEqualTo(RecordedStream.Ending.CANCELLED);
    }

    @Test
    void aStreamWhoseChunksAreStillBeingReadIsNotCancelledAsGarbage() throws InterruptedException {
        StreamRecorder recorder = new StreamRecorder(System.nanoTime(), 7);
        // the caller keeps only the chunk stream, not the response it came from
        Iterator<Object> each = teed(sdkStream(wholeAnswer().stream(), new AtomicBoolean()), recorder).stream().iterator();
        each.next();

        for (int i = 0; i < 10; i++) {
            System.gc();
            Thread.sleep(20);
        }
        each.forEachRemaining(chunk -> { });

        assertThat(recorder.ended().join().ending()).isEqualTo(RecordedStream.Ending.COMPLETED);
    }

    private static final String OPENAI_ASYNC_STREAMING = "com.openai.services.async.chat.ChatCompletionServiceAsyncImpl:"
            + "createStreaming(Lcom/openai/models/chat/completions/ChatCompletionCreateParams;Lcom/openai/core/RequestOptions;)"
            + "Lcom/openai/core/http/AsyncStreamResponse;";

    /** The SDK's asynchronous stream interface, delivering the given chunks and end to its one subscriber. */
    private static AsyncStreamResponse<Object> sdkAsyncStream(List<Object> chunks, Optional<Throwable> end) {
        return new AsyncStreamResponse<>() {
            @Override
            public AsyncStreamResponse<Object> subscribe(Handler<? super Object> handler) {
                chunks.forEach(handler::onNext);
                handler.onComplete(end);
                return this;
            }

            @Override
            public AsyncStreamResponse<Object> subscribe(Handler<? super Object> handler, java.util.concurrent.Executor executor) {
                return subscribe(handler);
            }

            @Override
            public java.util.concurrent.CompletableFuture<Void> onCompleteFuture() {
                return java.util.concurrent.CompletableFuture.completedFuture(null);
            }

            @Override
            public void close() {
            }
        };
    }

    /** A subscriber that writes down what it was told. */
    private static final class Told implements AsyncStreamResponse.Handler<Object> {
        final List<Object> chunks = new ArrayList<>();
        Optional<Throwable> end;

        @Override
        public void onNext(Object chunk) {
            chunks.add(chunk);
        }

        @Override
        public void onComplete(Optional<Throwable> error) {
            end = error;
        }
    }

    @Test
    void theAsynchronousClientsStreamIsTeedAndReplayedThroughItsOwnType() {
        StreamedPreset async = (StreamedPreset) OPENAI.forMethod(OPENAI_ASYNC_STREAMING);
        StreamRecorder recorder = new StreamRecorder(System.nanoTime(), 7);
        Told caller = new Told();

        @SuppressWarnings("unchecked")
        AsyncStreamResponse<Object> teed = (AsyncStreamResponse<Object>) async.tap()
                .teeResult(sdkAsyncStream(wholeAnswer(), Optional.empty()), recorder);
        teed.subscribe(caller);

        assertThat(async).isNotSameAs(OPENAI_STREAM);
        assertThat(caller.chunks).isEqualTo(wholeAnswer());
        assertThat(caller.end).isEmpty();
        RecordedStream recorded = recorder.ended().join();
        assertThat(async.isCompleteAnswer(recorded)).isTrue();
        Told replayedTo = new Told();
        @SuppressWarnings("unchecked")
        AsyncStreamResponse<Object> replay = (AsyncStreamResponse<Object>) async.tap().replay(recorded, new Object[0],
                getClass().getClassLoader());
        replay.subscribe(replayedTo);
        assertThat(replayedTo.chunks).isEqualTo(wholeAnswer());
        assertThat(replayedTo.end).isEmpty();
        assertThat(replay.onCompleteFuture()).isCompleted();
    }

    @Test
    void anAsynchronousStreamThatEndsInAnErrorIsRecordedAsFailedAndTheCallerIsTold() {
        StreamedPreset async = (StreamedPreset) OPENAI.forMethod(OPENAI_ASYNC_STREAMING);
        StreamRecorder recorder = new StreamRecorder(System.nanoTime(), 7);
        OpenAIIoException broken = new OpenAIIoException("unexpected end of stream");
        Told caller = new Told();

        @SuppressWarnings("unchecked")
        AsyncStreamResponse<Object> teed = (AsyncStreamResponse<Object>) async.tap()
                .teeResult(sdkAsyncStream(wholeAnswer().subList(0, 2), Optional.of(broken)), recorder);
        teed.subscribe(caller);

        assertThat(caller.end).containsSame(broken);
        assertThat(recorder.ended().join().failure()).isSameAs(broken);
        assertThat(recorder.ended().join().chunks()).hasSize(2);
    }

    @Test
    void aStreamCutByATokenLimitIsNotWhole() {
        RecordedStream recorded = RecordedStream.completed(List.of(chunk("A heddle", null), chunk(" lifts", "length")), 3);

        assertThat(OPENAI_STREAM.isCompleteAnswer(recorded)).isFalse();
    }

    @Test
    void aReplayHasTheRecordedChunksInTheirOrder() {
        RecordedStream recorded = RecordedStream.completed(wholeAnswer(), 7);

        @SuppressWarnings("unchecked")
        StreamResponse<Object> replay = (StreamResponse<Object>) OPENAI_STREAM.tap().replay(recorded, new Object[0],
                getClass().getClassLoader());

        assertThat(replay.stream().toList()).isEqualTo(wholeAnswer());
    }

    @Test
    void anEncodedRecordingDecodesToEqualChunks() {
        RecordedStream recorded = RecordedStream.completed(wholeAnswer(), 7);

        RecordedStream decoded = (RecordedStream) OPENAI_STREAM.decode(OPENAI_STREAM.encode(recorded), getClass().getClassLoader());

        assertThat(decoded.chunks()).isEqualTo(recorded.chunks());
        assertThat(decoded.inputTokensEstimate()).isEqualTo(7);
        assertThat(decoded.isWhole()).isTrue();
    }

    @Test
    void foreignOrDamagedTextIsNotDecoded() {
        String encoded = OPENAI_STREAM.encode(RecordedStream.completed(wholeAnswer(), 7));
        ClassLoader loader = getClass().getClassLoader();

        assertThatThrownBy(() -> OPENAI_STREAM.decode("hello", loader)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OPENAI_STREAM.decode(encoded.substring(0, encoded.length() - 3), loader))
                .isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> OPENAI_STREAM.decode(encoded + "x", loader)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OPENAI_STREAM.decode("heddle-stream-1 7 1\n20:java.util.ArrayList\n[]", loader))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anthropicEventsTellUsageTextAndTheirEnd() {
        List<Object> events = List.of(
                event("{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\","
                        + "\"model\":\"claude-3-5-haiku-latest\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,"
                        + "\"usage\":{\"input_tokens\":30,\"output_tokens\":1}}}"),
                event("{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"),
                event("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"A heddle\"}}"),
                event("{\"type\":\"content_block_stop\",\"index\":0}"),
                event("{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},"
                        + "\"usage\":{\"output_tokens\":3}}"),
                event("{\"type\":\"message_stop\"}"));
        RecordedStream recorded = RecordedStream.completed(events, 9);

        assertThat(ANTHROPIC_STREAM.isCompleteAnswer(recorded)).isTrue();
        assertThat(ANTHROPIC_STREAM.isCompleteAnswer(RecordedStream.completed(events.subList(0, 5), 9)))
                .as("no message_stop: not whole").isFalse();
        assertThat(ANTHROPIC_STREAM.usage(recorded)).contains(new TokenUsage(30, 3));
        assertThat(ANTHROPIC_STREAM.outputText(recorded)).isEqualTo("A heddle");
        assertThat(ANTHROPIC_STREAM.responseFacts(recorded).id()).isEqualTo(Optional.of("msg_1"));
        RecordedStream decoded = (RecordedStream) ANTHROPIC_STREAM.decode(ANTHROPIC_STREAM.encode(recorded), getClass().getClassLoader());
        assertThat(decoded.chunks()).isEqualTo(events);
    }

    private static RawMessageStreamEvent event(String json) {
        try {
            return com.anthropic.core.ObjectMappers.jsonMapper().readValue(json, RawMessageStreamEvent.class);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
