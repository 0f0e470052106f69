package dev.heddle.preset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.heddle.stream.RecordedStream;
import dev.heddle.stream.RetryBeforeFirstChunk;
import dev.heddle.stream.StreamRecorder;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.metadata.ChatGenerationMetadata;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.DefaultUsage;
import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.ai.openai.api.OpenAiApi;
import org.springframework.ai.retry.TransientAiException;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

class SpringAiStreamTapTest {

    private static final SpringAiPreset PLAIN = new SpringAiPreset();
    private static final SpringAiStreamTap TAP = new SpringAiStreamTap(PLAIN);
    private static final StreamedPreset STREAMED = new StreamedPreset(PLAIN, TAP);
    private static final ClassLoader SDK = ChatModel.class.getClassLoader();
    private static final String STREAM_SIGNATURE = "org.springframework.ai.openai.OpenAiChatModel:"
            + "stream(Lorg/springframework/ai/chat/prompt/Prompt;)Lreactor/core/publisher/Flux;";

    /** A chunk as OpenAiChatModel builds one: delta text, an empty finish reason until the end, the usage so far. */
    private static ChatResponse chunk(String text, String finishReason, DefaultUsage usage) {
        Generation generation = new Generation(new AssistantMessage(text),
                ChatGenerationMetadata.builder().finishReason(finishReason).build());
        ChatResponseMetadata.Builder metadata = ChatResponseMetadata.builder().id("chatcmpl-7").model("gpt-4o-mini")
                .keyValue("created", 1_700_000_000L);
        if (usage != null) metadata.usage(usage);
        return new ChatResponse(List.of(generation), metadata.build());
    }

    private static final List<ChatResponse> ANSWER = List.of(
            chunk("A heddle", "", null), chunk(" lifts", "", null), chunk(" warp threads.", "STOP", null));

    private static StreamRecorder recorder() {
        return new StreamRecorder(System.nanoTime(), 10);
    }

    private static RecordedStream recording(StreamRecorder recorder) {
        assertThat(recorder.ended()).as("the recorder was told how the stream ended").isDone();
        return recorder.ended().join();
    }

    @SuppressWarnings("unchecked")
    private static Flux<ChatResponse> teed(Flux<ChatResponse> flux, StreamRecorder recorder) {
        return (Flux<ChatResponse>) TAP.teeResult(flux, recorder);
    }

    @Test
    void theCallerAndTheRecorderSeeEveryChunkAndTheRecordingCompletes() {
        StreamRecorder recorder = recorder();

        List<ChatResponse> seen = teed(Flux.fromIterable(ANSWER), recorder).collectList().block();

        assertThat(seen).containsExactlyElementsOf(ANSWER);
        RecordedStream recorded = recording(recorder);
        assertThat(recorded.ending()).isEqualTo(RecordedStream.Ending.COMPLETED);
        assertThat(recorded.chunks()).containsExactlyElementsOf(ANSWER);
        assertThat(STREAMED.isCompleteAnswer(recorded)).isTrue();
    }

    @Test
    void nothingIsRequestedBeforeTheCallerAsksAndNothingMoreThanItAsks() {
        AtomicInteger subscriptions = new AtomicInteger();
        List<Long> requests = new CopyOnWriteArrayList<>();
        Flux<ChatResponse> source = Flux.defer(() -> {
            subscriptions.incrementAndGet();
            return Flux.fromIterable(ANSWER);
        }).doOnRequest(requests::add);
        StreamRecorder recorder = recorder();

        Flux<ChatResponse> teed = teed(source, recorder);
        assertThat(subscriptions).as("teeing subscribes to nothing").hasValue(0);
        List<ChatResponse> seen = new ArrayList<>();
        teed.subscribe(new BaseSubscriber<>() {
            @Override
            protected void hookOnSubscribe(Subscription subscription) {
                subscription.request(1);
            }

            @Override
            protected void hookOnNext(ChatResponse chunk) {
                seen.add(chunk);
            }
        });

        assertThat(requests).containsExactly(1L);
        assertThat(seen).containsExactly(ANSWER.get(0));
        assertThat(recorder.ended()).as("the stream is still open").isNotDone();
        assertThat(recorder.started()).isTrue();
    }

    @Test
    void aFailingStreamGivesTheCallerTheSdksOwnErrorAndTheRecordingFails() {
        TransientAiException broken = new TransientAiException("connection reset");
        StreamRecorder recorder = recorder();
        Flux<ChatResponse> source = Flux.concat(Flux.just(ANSWER.get(0)), Flux.error(broken));
        List<ChatResponse> seen = new ArrayList<>();
        AtomicReference<Throwable> error = new AtomicReference<>();

        teed(source, recorder).subscribe(seen::add, error::set);

        assertThat(error.get()).isSameAs(broken);
        assertThat(seen).containsExactly(ANSWER.get(0));
        RecordedStream recorded = recording(recorder);
        assertThat(recorded.ending()).isEqualTo(RecordedStream.Ending.FAILED);
        assertThat(recorded.failure()).isSameAs(broken);
        assertThat(recorded.chunks()).containsExactly(ANSWER.get(0));
        assertThat(STREAMED.isCompleteAnswer(recorded)).isFalse();
    }

    @Test
    void aCallerThatTakesTwoChunksCancelsTheRecordingWithTwoChunks() {
        StreamRecorder recorder = recorder();

        List<ChatResponse> seen = teed(Flux.fromIterable(ANSWER), recorder).take(2).collectList().block();

        assertThat(seen).containsExactly(ANSWER.get(0), ANSWER.get(1));
        RecordedStream recorded = recording(recorder);
        assertThat(recorded.ending()).isEqualTo(RecordedStream.Ending.CANCELLED);
        assertThat(recorded.chunks()).containsExactly(ANSWER.get(0), ANSWER.get(1));
        assertThat(STREAMED.usage(recorded)).as("estimated from what was produced")
                .contains(new TokenUsage(10, ("A heddle lifts".length() + 3) / 4));
    }

    @Test
    void onlyTheFirstSubscriptionIsRecordedAndALaterOneAsksTheSdkAgainUntouched() {
        AtomicInteger subscriptions = new AtomicInteger();
        ChatResponse other = chunk("Another answer.", "STOP", null);
        Flux<ChatResponse> source = Flux.defer(() -> subscriptions.incrementAndGet() == 1
                ? Flux.fromIterable(ANSWER) : Flux.just(other));
        StreamRecorder recorder = recorder();
        Flux<ChatResponse> teed = teed(source, recorder);

        List<ChatResponse> first = teed.collectList().block();
        List<ChatResponse> second = teed.collectList().block();

        assertThat(first).containsExactlyElementsOf(ANSWER);
        assertThat(second).containsExactly(other);
        assertThat(subscriptions).hasValue(2);
        assertThat(recording(recorder).chunks()).containsExactlyElementsOf(ANSWER);
    }

    @Test
    void aStreamDroppedWithoutASubscriptionIsCancelledOnceGarbage() throws InterruptedException {
        StreamRecorder recorder = recorder();
        teed(Flux.fromIterable(ANSWER), recorder);

        for (int i = 0; i < 100 && !recorder.ended().isDone(); i++) {
            System.gc();
            Thread.sleep(50);
        }

        assertThat(recording(recorder).ending()).isEqualTo(RecordedStream.Ending.CANCELLED);
        assertThat(recording(recorder).chunks()).isEmpty();
    }

    @Test
    void aSubscribedStreamWhoseFluxTheCallerDroppedIsNotCancelledAsGarbage() throws InterruptedException {
        StreamRecorder recorder = recorder();
        // the SDK's HTTP client holds the subscription, as the test holds this sink; nobody holds the Flux
        Sinks.Many<ChatResponse> connection = Sinks.many().unicast().onBackpressureBuffer();
        List<ChatResponse> seen = new CopyOnWriteArrayList<>();
        teed(connection.asFlux(), recorder).subscribe(seen::add);
        connection.tryEmitNext(ANSWER.get(0));

        for (int i = 0; i < 10; i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertThat(recorder.ended()).as("still streaming").isNotDone();
        connection.tryEmitNext(ANSWER.get(1));
        connection.tryEmitNext(ANSWER.get(2));
        connection.tryEmitComplete();

        assertThat(seen).containsExactlyElementsOf(ANSWER);
        assertThat(recording(recorder).ending()).isEqualTo(RecordedStream.Ending.COMPLETED);
    }

    @Test
    void aRecorderThatThrowsNeverBreaksTheCallersStream() {
        // a null recorder throws on every call, as a bug in the recording would
        List<ChatResponse> seen = teed(Flux.fromIterable(ANSWER), null).collectList().block();

        assertThat(seen).containsExactlyElementsOf(ANSWER);
    }

    @Test
    void whatIsNotAFluxReachesTheCallerAsItIsAndTheRecordingFails() {
        StreamRecorder recorder = recorder();

        assertThat(TAP.teeResult("not a flux", recorder)).isEqualTo("not a flux");
        assertThat(TAP.teeResult(null, recorder)).isNull();
        assertThat(recording(recorder).ending()).isEqualTo(RecordedStream.Ending.FAILED);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aReplayedStreamHasTheRecordedChunkBoundariesAtOnceOnEverySubscription() {
        RecordedStream recorded = RecordedStream.completed(List.copyOf(ANSWER), 10);

        Flux<ChatResponse> replay = (Flux<ChatResponse>) TAP.replay(recorded, new Object[] {new Prompt("q")}, SDK);

        assertThat(replay.collectList().block()).containsExactlyElementsOf(ANSWER);
        assertThat(replay.map(chunk -> chunk.getResult().getOutput().getText()).collectList().block())
                .containsExactly("A heddle", " lifts", " warp threads.");
    }

    @Test
    void theUsageIsTheLastChunksUsageThatIsNotEmpty() {
        DefaultUsage usage = new DefaultUsage(12, 5);
        List<Object> withUsage = List.of(ANSWER.get(0), chunk(" warp threads.", "STOP", usage),
                new ChatResponse(List.of(), ChatResponseMetadata.builder().id("chatcmpl-7").usage(usage).build()));

        assertThat(TAP.reportedUsage(withUsage)).contains(new TokenUsage(12, 5));
        assertThat(TAP.reportedUsage(List.copyOf(ANSWER))).isEmpty();
        assertThat(STREAMED.usage(RecordedStream.completed(withUsage, 10))).contains(new TokenUsage(12, 5));
    }

    @Test
    void theTextIsTheChunksTextsInOrder() {
        assertThat(TAP.text(List.copyOf(ANSWER))).isEqualTo("A heddle lifts warp threads.");
        assertThat(TAP.text(List.of(new ChatResponse(List.of())))).isEmpty();
    }

    @Test
    void anAnswerCutByTheTokenLimitOrFilteredIsNotWhole() {
        assertThat(TAP.finishedWhole(List.of(chunk("A heddle", "", null), chunk(" lifts", "LENGTH", null)))).isFalse();
        assertThat(TAP.finishedWhole(List.of(chunk("A heddle", "content_filter", null)))).isFalse();
        assertThat(TAP.finishedWhole(List.of(chunk("A heddle", "TOOL_CALLS", null)))).isTrue();
        assertThat(TAP.finishedWhole(List.of(chunk("A heddle", "", null))))
                .as("no finish reason at all, but text, as for a plain answer").isTrue();
        assertThat(TAP.finishedWhole(List.of(new ChatResponse(List.of())))).isFalse();
    }

    @Test
    void aChunkWithToolCallsAsksForTools() {
        AssistantMessage toolCall = AssistantMessage.builder().content("")
                .toolCalls(List.of(new AssistantMessage.ToolCall("call-1", "function", "weather", "{}"))).build();
        ChatResponse asking = new ChatResponse(List.of(new Generation(toolCall,
                ChatGenerationMetadata.builder().finishReason("TOOL_CALLS").build())));

        assertThat(TAP.asksForTools(List.of(asking))).isTrue();
        assertThat(TAP.asksForTools(List.copyOf(ANSWER))).isFalse();
    }

    @Test
    void theFactsAreTheFirstIdAndModelAndEveryFinishReason() {
        ResponseFacts facts = STREAMED.responseFacts(RecordedStream.completed(List.copyOf(ANSWER), 10));

        assertThat(facts.id()).contains("chatcmpl-7");
        assertThat(facts.model()).contains("gpt-4o-mini");
        assertThat(facts.finishReasons()).containsExactly("stop");
    }

    @Test
    void aRecordingSurvivesTheSharedCachesEncoding() {
        DefaultUsage usage = new DefaultUsage(12, 5);
        List<Object> chunks = List.of(ANSWER.get(0), chunk(" warp threads.", "STOP", usage),
                new ChatResponse(List.of(), ChatResponseMetadata.builder().id("chatcmpl-7").usage(usage).build()));

        RecordedStream decoded = (RecordedStream) STREAMED.decode(STREAMED.encode(RecordedStream.completed(chunks, 10)), SDK);

        assertThat(decoded.isWhole()).isTrue();
        assertSameChunks(decoded.chunks(), chunks);
        assertThat(STREAMED.usage(decoded)).contains(new TokenUsage(12, 5));
    }

    @Test
    void foreignTextIsRejected() {
        assertThatThrownBy(() -> TAP.decodeChunk("not json at all", SDK)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TAP.decodeChunk("{\"format\":99}", SDK)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TAP.decodeChunk("[1,2]", SDK)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> STREAMED.decode("heddle-stream-1 10 1\n5:{\"a\"}", SDK))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TAP.encodeChunk("a string, not a ChatResponse")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aStreamedCallHasItsOwnKeyAndAnotherOneWhenItAsksForTheUsageChunk() {
        OpenAiChatModel model = model("http://127.0.0.1:1", false);
        Object[] plainQuestion = {new Prompt(new UserMessage("What is a heddle?"))};
        Object[] askingForUsage = {new Prompt(new UserMessage("What is a heddle?"),
                OpenAiChatOptions.builder().streamUsage(true).build())};

        String streamed = STREAMED.cacheKey(model, plainQuestion);

        assertThat(streamed).isNotEqualTo(PLAIN.cacheKey(model, plainQuestion)).startsWith("stream\n");
        assertThat(STREAMED.cacheKey(model, askingForUsage)).isNotEqualTo(streamed).startsWith("stream+usage\n");
        assertThat(STREAMED.cacheKey(model("http://127.0.0.1:1", true), plainQuestion))
                .as("the model's default options ask for it").startsWith("stream+usage\n");
        assertThat(PLAIN.cacheKey(model, askingForUsage)).as("the plain key leaves it out")
                .isEqualTo(PLAIN.cacheKey(model, plainQuestion));
    }

    @Test
    void onlyTheStreamingSignatureGetsTheStreamedPreset() {
        assertThat(PLAIN.forMethod(STREAM_SIGNATURE)).isInstanceOf(StreamedPreset.class);
        assertThat(((StreamedPreset) PLAIN.forMethod(STREAM_SIGNATURE)).tap()).isInstanceOf(SpringAiStreamTap.class);
        assertThat(PLAIN.forMethod("org.springframework.ai.openai.OpenAiChatModel:"
                + "call(Lorg/springframework/ai/chat/prompt/Prompt;)Lorg/springframework/ai/chat/model/ChatResponse;"))
                .isSameAs(PLAIN);
        assertThat(PLAIN.forMethod("org.springframework.ai.openai.OpenAiChatModel:"
                + "internalStream(Lorg/springframework/ai/chat/prompt/Prompt;Lorg/springframework/ai/chat/model/ChatResponse;)"
                + "Lreactor/core/publisher/Flux;")).isSameAs(PLAIN);
        assertThat(PLAIN.forMethod(STREAM_SIGNATURE).targets()).isEqualTo(TAP.targets());
    }

    @Test
    @SuppressWarnings("unchecked")
    void aFailureBeforeTheFirstChunkIsRetriedAndOneAfterItIsNot() {
        AtomicInteger subscriptions = new AtomicInteger();
        List<Integer> failuresSeen = new CopyOnWriteArrayList<>();
        Flux<ChatResponse> failsOnce = Flux.defer(() -> subscriptions.incrementAndGet() == 1
                ? Flux.error(new TransientAiException("503 - overloaded")) : Flux.fromIterable(ANSWER));

        Flux<ChatResponse> retried = (Flux<ChatResponse>) TAP.retryingBeforeFirstChunk(failsOnce, deciding((error, failures) -> {
            failuresSeen.add(failures);
            return Optional.of(Duration.ofMillis(1));
        }));

        assertThat(subscriptions).as("nothing asked before the caller subscribes").hasValue(0);
        assertThat(retried.collectList().block()).containsExactlyElementsOf(ANSWER);
        assertThat(subscriptions).hasValue(2);
        assertThat(failuresSeen).containsExactly(1);

        TransientAiException cut = new TransientAiException("cut");
        AtomicInteger cutSubscriptions = new AtomicInteger();
        Flux<ChatResponse> cutAfterAChunk = Flux.defer(() -> {
            cutSubscriptions.incrementAndGet();
            return Flux.concat(Flux.just(ANSWER.get(0)), Flux.error(cut));
        });
        Flux<ChatResponse> notRetried = (Flux<ChatResponse>) TAP.retryingBeforeFirstChunk(cutAfterAChunk,
                deciding((error, failures) -> Optional.of(Duration.ofMillis(1))));

        assertThatThrownBy(() -> notRetried.collectList().block()).isSameAs(cut);
        assertThat(cutSubscriptions).hasValue(1);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aRetryThatGivesUpPassesTheSdksOwnFailureOn() {
        TransientAiException overloaded = new TransientAiException("503 - overloaded");
        AtomicInteger subscriptions = new AtomicInteger();
        Flux<ChatResponse> alwaysFails = Flux.defer(() -> {
            subscriptions.incrementAndGet();
            return Flux.error(overloaded);
        });
        StreamRecorder recorder = recorder();

        Flux<ChatResponse> flux = teed((Flux<ChatResponse>) TAP.retryingBeforeFirstChunk(alwaysFails,
                deciding((error, failures) -> failures < 3 ? Optional.of(Duration.ofMillis(1)) : Optional.empty())), recorder);

        assertThatThrownBy(() -> flux.collectList().block()).isSameAs(overloaded);
        assertThat(subscriptions).hasValue(3);
        assertThat(recording(recorder).failure()).isSameAs(overloaded);
    }

    /** A retry that only decides: a Flux is asked again inside itself, never through {@code again}. */
    private static RetryBeforeFirstChunk deciding(java.util.function.BiFunction<Throwable, Integer, Optional<Duration>> decide) {
        return new RetryBeforeFirstChunk() {
            @Override
            public Optional<Duration> decide(Throwable failure, int failures) {
                return decide.apply(failure, failures);
            }

            @Override
            public void again(Object[] arguments, Duration after, java.util.function.Consumer<Throwable> failed) {
                throw new UnsupportedOperationException("a Flux is asked again inside itself");
            }
        };
    }

    // ---------------------------------------------------------------- a real OpenAiChatModel stream

    /** Server-sent events as OpenAI streams them, with the usage chunk that {@code include_usage} asks for. */
    private static final String EVENTS = String.join("\n\n",
            "data: {\"id\":\"chatcmpl-7\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
                    + "\"model\":\"gpt-4o-mini-2024-07-18\",\"system_fingerprint\":\"fp_7\","
                    + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}",
            "data: {\"id\":\"chatcmpl-7\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
                    + "\"model\":\"gpt-4o-mini-2024-07-18\",\"system_fingerprint\":\"fp_7\","
                    + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"A heddle\"},\"finish_reason\":null}]}",
            "data: {\"id\":\"chatcmpl-7\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
                    + "\"model\":\"gpt-4o-mini-2024-07-18\",\"system_fingerprint\":\"fp_7\","
                    + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\" lifts warp threads.\"},\"finish_reason\":null}]}",
            "data: {\"id\":\"chatcmpl-7\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
                    + "\"model\":\"gpt-4o-mini-2024-07-18\",\"system_fingerprint\":\"fp_7\","
                    + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}",
            "data: {\"id\":\"chatcmpl-7\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
                    + "\"model\":\"gpt-4o-mini-2024-07-18\",\"system_fingerprint\":\"fp_7\",\"choices\":[],"
                    + "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":5,\"total_tokens\":17}}",
            "data: [DONE]", "");

    private static OpenAiChatModel model(String baseUrl, boolean streamUsage) {
        OpenAiApi api = OpenAiApi.builder().baseUrl(baseUrl).apiKey("x").build();
        return OpenAiChatModel.builder().openAiApi(api)
                .defaultOptions(OpenAiChatOptions.builder().model("gpt-4o-mini").streamUsage(streamUsage).build()).build();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aStreamOfOpenAiChatModelIsRecordedWholeWithItsUsageAndSurvivesTheEncoding() throws Exception {
        List<String> requests = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            requests.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] bytes = EVENTS.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        try {
            OpenAiChatModel model = model("http://127.0.0.1:" + server.getAddress().getPort(), true);
            Prompt prompt = new Prompt(new UserMessage("What is a heddle?"));
            StreamRecorder recorder = STREAMED.recorder(model, new Object[] {prompt});

            List<ChatResponse> seen = ((Flux<ChatResponse>) TAP.teeResult(model.stream(prompt), recorder)).collectList().block();

            assertThat(requests).singleElement().asString().contains("\"include_usage\":true");
            RecordedStream recorded = recording(recorder);
            assertThat(recorded.ending()).isEqualTo(RecordedStream.Ending.COMPLETED);
            assertThat(recorded.chunks()).containsExactlyElementsOf(seen);
            assertThat(seen.get(seen.size() - 1).getResults()).as("the usage chunk has no generation").isEmpty();
            assertThat(STREAMED.isCompleteAnswer(recorded)).isTrue();
            assertThat(STREAMED.usage(recorded)).contains(new TokenUsage(12, 5));
            assertThat(TAP.text(recorded.chunks())).isEqualTo("A heddle lifts warp threads.");
            assertThat(STREAMED.responseFacts(recorded).finishReasons()).containsExactly("stop");
            assertThat(STREAMED.responseFacts(recorded).model()).contains("gpt-4o-mini-2024-07-18");
            assertThat(STREAMED.cacheKey(model, new Object[] {prompt})).startsWith("stream+usage\n");

            RecordedStream decoded = (RecordedStream) STREAMED.decode(STREAMED.encode(recorded), SDK);
            assertSameChunks(decoded.chunks(), recorded.chunks());
            Flux<ChatResponse> replay = (Flux<ChatResponse>) TAP.replay(decoded, new Object[] {prompt}, SDK);
            assertThat(replay.map(SpringAiStreamTapTest::delta).collectList().block())
                    .isEqualTo(seen.stream().map(SpringAiStreamTapTest::delta).toList());
        } finally {
            server.stop(0);
        }
    }

    /** A chunk's text, {@code -} for a chunk without a generation. */
    private static String delta(ChatResponse chunk) {
        return chunk.getResults().isEmpty() ? "-" : String.valueOf(chunk.getResult().getOutput().getText());
    }

    private static void assertSameChunks(List<Object> actual, List<Object> expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            ChatResponse got = (ChatResponse) actual.get(i);
            ChatResponse want = (ChatResponse) expected.get(i);
            assertThat(got.getResults()).as("chunk %d's generations", i).isEqualTo(want.getResults());
            assertThat(got.getMetadata().getId()).isEqualTo(want.getMetadata().getId());
            assertThat(got.getMetadata().getModel()).isEqualTo(want.getMetadata().getModel());
            Usage gotUsage = got.getMetadata().getUsage();
            Usage wantUsage = want.getMetadata().getUsage();
            // EmptyUsage has no equals of its own: its class and counts say it all
            assertThat(gotUsage.getClass()).as("chunk %d's usage", i).isEqualTo(wantUsage.getClass());
            assertThat(List.of(gotUsage.getPromptTokens(), gotUsage.getCompletionTokens(), gotUsage.getTotalTokens()))
                    .isEqualTo(List.of(wantUsage.getPromptTokens(), wantUsage.getCompletionTokens(), wantUsage.getTotalTokens()));
            assertThat(got.getMetadata().entrySet()).isEqualTo(want.getMetadata().entrySet());
        }
    }
}
