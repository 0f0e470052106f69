package dev.heddle.preset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.heddle.preset.LangChain4jStreamTap.Partial;
import dev.heddle.stream.RecordedStream;
import dev.heddle.stream.RetryBeforeFirstChunk;
import dev.heddle.stream.StreamRecorder;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.internal.InternalStreamingChatResponseHandlerUtils;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.CompleteToolCall;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.PartialThinking;
import dev.langchain4j.model.chat.response.PartialThinkingContext;
import dev.langchain4j.model.chat.response.PartialToolCall;
import dev.langchain4j.model.chat.response.PartialToolCallContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiChatResponseMetadata;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.langchain4j.model.openai.OpenAiTokenUsage;
import dev.langchain4j.model.output.FinishReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LangChain4jStreamTapTest {

    private static final String STREAMING_SIGNATURE = OpenAiStreamingChatModel.class.getName()
            + ":doChat(Ldev/langchain4j/model/chat/request/ChatRequest;Ldev/langchain4j/model/chat/response/StreamingChatResponseHandler;)V";
    private static final String PLAIN_SIGNATURE = OpenAiChatModel.class.getName()
            + ":doChat(Ldev/langchain4j/model/chat/request/ChatRequest;)Ldev/langchain4j/model/chat/response/ChatResponse;";
    private static final ClassLoader SDK = ChatResponse.class.getClassLoader();

    private static final LangChain4jPreset BASE = new LangChain4jPreset();
    private static final LangChain4jStreamTap TAP = new LangChain4jStreamTap(BASE);
    private static final StreamedPreset STREAMED = new StreamedPreset(BASE, TAP);

    private static final OpenAiStreamingChatModel MODEL = OpenAiStreamingChatModel.builder()
            .apiKey("test").baseUrl("http://localhost:1").modelName("gpt-4o-mini").build();
    private static final ChatRequest REQUEST = ChatRequest.builder().messages(UserMessage.from("What is a heddle?")).build();

    private static ChatResponse response(FinishReason finishReason) {
        return ChatResponse.builder()
                .aiMessage(AiMessage.from("A heddle lifts warp threads."))
                .metadata(OpenAiChatResponseMetadata.builder().id("chatcmpl-7").modelName("gpt-4o-mini-2024-07-18")
                        .tokenUsage(OpenAiTokenUsage.builder().inputTokenCount(12).outputTokenCount(6).totalTokenCount(18).build())
                        .finishReason(finishReason).created(1_700_000_000L).build())
                .build();
    }

    /** The SDK's handle of one stream; cancel() closes nothing here but says it was asked. */
    private static final class SdkHandle implements StreamingHandle {
        private volatile boolean cancelled;

        @Override
        public void cancel() {
            cancelled = true;
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }
    }

    /** A caller's handler that writes down every callback it gets, overriding each one. */
    private static class CallLog implements StreamingChatResponseHandler {
        final List<String> calls = new ArrayList<>();
        final List<Object> contexts = new ArrayList<>();

        @Override
        public void onPartialResponse(String partialResponse) {
            calls.add("partialResponse " + partialResponse);
        }

        @Override
        public void onPartialResponse(PartialResponse partialResponse, PartialResponseContext context) {
            calls.add("partialResponse+context " + partialResponse.text());
            contexts.add(context);
        }

        @Override
        public void onPartialThinking(PartialThinking partialThinking) {
            calls.add("partialThinking " + partialThinking.text());
        }

        @Override
        public void onPartialThinking(PartialThinking partialThinking, PartialThinkingContext context) {
            calls.add("partialThinking+context " + partialThinking.text());
            contexts.add(context);
        }

        @Override
        public void onPartialToolCall(PartialToolCall partialToolCall) {
            calls.add("partialToolCall " + partialToolCall);
        }

        @Override
        public void onPartialToolCall(PartialToolCall partialToolCall, PartialToolCallContext context) {
            calls.add("partialToolCall+context " + partialToolCall);
            contexts.add(context);
        }

        @Override
        public void onCompleteToolCall(CompleteToolCall completeToolCall) {
            calls.add("completeToolCall " + completeToolCall);
        }

        @Override
        public void onUnmappedRawEvent(Object rawEvent) {
            calls.add("unmappedRawEvent " + rawEvent);
        }

        @Override
        public void onCompleteResponse(ChatResponse completeResponse) {
            calls.add("completeResponse " + completeResponse.aiMessage().text());
        }

        @Override
        public void onError(Throwable error) {
            calls.add("error " + error.getMessage());
        }
    }

    /** A stream as OpenAiStreamingChatModel delivers it, through the SDK's own helpers. */
    private static void streamAnswer(StreamingChatResponseHandler handler, StreamingHandle handle, ChatResponse end) {
        InternalStreamingChatResponseHandlerUtils.onPartialThinking(handler, "Weaving", handle);
        InternalStreamingChatResponseHandlerUtils.onPartialResponse(handler, "A heddle ", handle);
        InternalStreamingChatResponseHandlerUtils.onPartialResponse(handler, "lifts warp ", handle);
        InternalStreamingChatResponseHandlerUtils.onUnmappedRawEvent(handler, "data: {\"usage\":{}}");
        InternalStreamingChatResponseHandlerUtils.onPartialResponse(handler, "threads.", handle);
        InternalStreamingChatResponseHandlerUtils.onCompleteResponse(handler, end);
    }

    /** A tool call as OpenAiStreamingChatModel delivers it: partial arguments, then the whole call. */
    private static void streamToolCall(StreamingChatResponseHandler handler, StreamingHandle handle) {
        InternalStreamingChatResponseHandlerUtils.onPartialToolCall(handler,
                PartialToolCall.builder().index(0).id("call_1").name("weather").partialArguments("{\"city\":").build(), handle);
        InternalStreamingChatResponseHandlerUtils.onPartialToolCall(handler,
                PartialToolCall.builder().index(0).id("call_1").name("weather").partialArguments("\"Oslo\"}").build(), handle);
        InternalStreamingChatResponseHandlerUtils.onCompleteToolCall(handler, new CompleteToolCall(0,
                ToolExecutionRequest.builder().id("call_1").name("weather").arguments("{\"city\":\"Oslo\"}").build()));
        handler.onPartialResponse("(legacy form)");
        InternalStreamingChatResponseHandlerUtils.onCompleteResponse(handler, ChatResponse.builder()
                .aiMessage(AiMessage.from(ToolExecutionRequest.builder().id("call_1").name("weather")
                        .arguments("{\"city\":\"Oslo\"}").build()))
                .finishReason(FinishReason.TOOL_EXECUTION).build());
    }

    private static StreamRecorder recorder() {
        return new StreamRecorder(System.nanoTime(), 10);
    }

    private static StreamingChatResponseHandler tee(StreamingChatResponseHandler handler, StreamRecorder recorder) {
        Object[] teed = TAP.teeArguments(new Object[] {REQUEST, handler}, recorder);
        assertThat(teed[0]).isSameAs(REQUEST);
        assertThat(teed[1]).isNotSameAs(handler).isInstanceOf(StreamingChatResponseHandler.class);
        return (StreamingChatResponseHandler) teed[1];
    }

    private static RecordedStream recordedAnswer() {
        StreamRecorder recorder = recorder();
        streamAnswer(tee(new CallLog(), recorder), new SdkHandle(), response(FinishReason.STOP));
        return recorder.ended().join();
    }

    /** The rule's retries as the pipeline gives them: here up to 2 more attempts, each run at once on this thread. */
    private static final class TwoRetries implements RetryBeforeFirstChunk {
        final List<Object[]> askedAgain = new ArrayList<>();
        java.util.function.Consumer<Object[]> method = arguments -> { };

        @Override
        public Optional<Duration> decide(Throwable failure, int failures) {
            return failures <= 2 ? Optional.of(Duration.ZERO) : Optional.empty();
        }

        @Override
        public void again(Object[] arguments, Duration after, java.util.function.Consumer<Throwable> failed) {
            askedAgain.add(arguments);
            method.accept(arguments);
        }
    }

    @Test
    void aFailureBeforeTheFirstChunkIsAskedAgainWithTheSameTeeAndTheCallerSeesOnlyTheAnswer() {
        StreamRecorder recorder = recorder();
        CallLog caller = new CallLog();
        TwoRetries retries = new TwoRetries();
        Object[] teed = TAP.teeArguments(new Object[] {REQUEST, caller}, recorder, retries);
        StreamingChatResponseHandler tee = (StreamingChatResponseHandler) teed[1];
        retries.method = arguments -> streamAnswer((StreamingChatResponseHandler) arguments[1], new SdkHandle(),
                response(FinishReason.STOP));

        tee.onError(new RuntimeException("429 rate limited"));

        assertThat(retries.askedAgain).hasSize(1);
        assertThat(retries.askedAgain.get(0)[1]).as("the same tee").isSameAs(tee);
        assertThat(caller.calls).noneMatch(call -> call.startsWith("error")).last().isEqualTo("completeResponse A heddle lifts warp threads.");
        assertThat(recorder.ended().join().ending()).isEqualTo(RecordedStream.Ending.COMPLETED);
    }

    @Test
    void aFailureAfterTheFirstChunkOrPastTheRetriesReachesTheCaller() {
        TwoRetries retries = new TwoRetries();
        CallLog afterAChunk = new CallLog();
        StreamingChatResponseHandler tee = (StreamingChatResponseHandler) TAP.teeArguments(
                new Object[] {REQUEST, afterAChunk}, recorder(), retries)[1];
        CallLog exhausted = new CallLog();
        StreamingChatResponseHandler failing = (StreamingChatResponseHandler) TAP.teeArguments(
                new Object[] {REQUEST, exhausted}, recorder(), retries)[1];
        retries.method = arguments -> ((StreamingChatResponseHandler) arguments[1]).onError(new RuntimeException("503 again"));

        InternalStreamingChatResponseHandlerUtils.onPartialResponse(tee, "A heddle ", new SdkHandle());
        tee.onError(new RuntimeException("connection reset"));
        failing.onError(new RuntimeException("503"));

        assertThat(afterAChunk.calls).containsExactly("partialResponse+context A heddle ", "error connection reset");
        assertThat(exhausted.calls).as("two retries failed too; the last failure is told").containsExactly("error 503 again");
    }

    @Test
    void theCallersHandlerSeesEveryCallbackOfTheSdkInOrderThroughTheTee() {
        CallLog direct = new CallLog();
        streamAnswer(direct, new SdkHandle(), response(FinishReason.STOP));
        streamToolCall(direct, new SdkHandle());

        CallLog teedLog = new CallLog();
        StreamingChatResponseHandler teed = tee(teedLog, recorder());
        streamAnswer(teed, new SdkHandle(), response(FinishReason.STOP));
        streamToolCall(teed, new SdkHandle());

        assertThat(teedLog.calls).isEqualTo(direct.calls).hasSize(11);
    }

    @Test
    void theRecorderGetsEachPartialAndTheFinalResponseThenTheEnd() {
        StreamRecorder recorder = recorder();
        StreamingChatResponseHandler teed = tee(new CallLog(), recorder);
        ChatResponse end = response(FinishReason.STOP);

        streamAnswer(teed, new SdkHandle(), end);

        RecordedStream recorded = recorder.ended().join();
        assertThat(recorded.ending()).isEqualTo(RecordedStream.Ending.COMPLETED);
        assertThat(recorded.chunks()).containsExactly(Partial.thinking("Weaving", true), Partial.text("A heddle ", true),
                Partial.text("lifts warp ", true), Partial.text("threads.", true), end);
        assertThat(recorded.chunks().get(4)).isSameAs(end);
    }

    @Test
    void toolCallPartialsAndTheLegacyTextCallbackAreRecordedInTheFormTheSdkCalled() {
        StreamRecorder recorder = recorder();
        streamToolCall(tee(new CallLog(), recorder), new SdkHandle());

        List<Object> chunks = recorder.ended().join().chunks();
        assertThat(chunks.subList(0, 4)).containsExactly(
                Partial.toolCall(0, "call_1", "weather", "{\"city\":", true),
                Partial.toolCall(0, "call_1", "weather", "\"Oslo\"}", true),
                Partial.completeToolCall(0, "call_1", "weather", "{\"city\":\"Oslo\"}"),
                Partial.text("(legacy form)", false));
        assertThat(TAP.asksForTools(chunks)).isTrue();
        assertThat(TAP.finishedWhole(chunks)).isTrue();
    }

    @Test
    void theFinalResponseIsRecordedBeforeTheCallersHandlerIsToldTheStreamIsOver() {
        StreamRecorder recorder = recorder();
        List<Boolean> endedWhenTold = new ArrayList<>();
        StreamingChatResponseHandler teed = tee(new CallLog() {
            @Override
            public void onCompleteResponse(ChatResponse completeResponse) {
                endedWhenTold.add(recorder.ended().isDone());
            }
        }, recorder);

        streamAnswer(teed, new SdkHandle(), response(FinishReason.STOP));

        assertThat(endedWhenTold).containsExactly(true);
    }

    @Test
    void defaultCallbacksOfTheCallersHandlerStillRunThroughTheTee() {
        List<String> texts = new ArrayList<>();
        StreamingChatResponseHandler onlyText = new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(String partialResponse) {
                texts.add(partialResponse);
            }

            @Override
            public void onCompleteResponse(ChatResponse completeResponse) {
                texts.add("<end>");
            }

            @Override
            public void onError(Throwable error) {
                texts.add("<error>");
            }
        };

        streamAnswer(tee(onlyText, recorder()), new SdkHandle(), response(FinishReason.STOP));

        assertThat(texts).containsExactly("A heddle ", "lifts warp ", "threads.", "<end>");
    }

    @Test
    void anErrorReachesTheCallersHandlerAndEndsTheRecordingAsFailed() {
        StreamRecorder recorder = recorder();
        CallLog log = new CallLog();
        StreamingChatResponseHandler teed = tee(log, recorder);
        RuntimeException cut = new RuntimeException("connection reset");

        InternalStreamingChatResponseHandlerUtils.onPartialResponse(teed, "A heddle ", new SdkHandle());
        teed.onError(cut);

        RecordedStream recorded = recorder.ended().join();
        assertThat(recorded.ending()).isEqualTo(RecordedStream.Ending.FAILED);
        assertThat(recorded.failure()).isSameAs(cut);
        assertThat(recorded.chunks()).containsExactly(Partial.text("A heddle ", true));
        assertThat(log.calls).containsExactly("partialResponse+context A heddle ", "error connection reset");
        assertThat(STREAMED.isCompleteAnswer(recorded)).isFalse();
    }

    @Test
    void anExceptionOfTheCallersHandlerGoesBackToTheSdkUnchanged() {
        IllegalStateException broken = new IllegalStateException("the app's bug");
        StreamRecorder recorder = recorder();
        StreamingChatResponseHandler teed = tee(new CallLog() {
            @Override
            public void onPartialResponse(PartialResponse partialResponse, PartialResponseContext context) {
                throw broken;
            }
        }, recorder);

        assertThatThrownBy(() -> teed.onPartialResponse(new PartialResponse("A"), new PartialResponseContext(new SdkHandle())))
                .isSameAs(broken);
        assertThat(recorder.started()).isTrue();
    }

    @Test
    void aCancelThroughTheContextCancelsTheSdkStreamAndEndsTheRecordingAsCancelled() {
        StreamRecorder recorder = recorder();
        SdkHandle sdkHandle = new SdkHandle();
        StreamingChatResponseHandler teed = tee(new CallLog() {
            @Override
            public void onPartialResponse(PartialResponse partialResponse, PartialResponseContext context) {
                super.onPartialResponse(partialResponse, context);
                if (calls.size() == 2) context.streamingHandle().cancel();
            }
        }, recorder);

        for (String text : List.of("A ", "heddle ", "lifts")) {
            if (!sdkHandle.isCancelled()) InternalStreamingChatResponseHandlerUtils.onPartialResponse(teed, text, sdkHandle);
        }
        teed.onError(new RuntimeException("stream closed"));

        assertThat(sdkHandle.isCancelled()).isTrue();
        RecordedStream recorded = recorder.ended().join();
        assertThat(recorded.ending()).isEqualTo(RecordedStream.Ending.CANCELLED);
        assertThat(recorded.chunks()).containsExactly(Partial.text("A ", true), Partial.text("heddle ", true));
        assertThat(STREAMED.usage(recorded)).contains(new TokenUsage(10, 3));
    }

    @Test
    void aReplayedStreamHasTheRecordedCallbacksAndChunkBoundaries() {
        CallLog live = new CallLog();
        StreamRecorder recorder = recorder();
        streamAnswer(tee(live, recorder), new SdkHandle(), response(FinishReason.STOP));
        StreamRecorder toolRecorder = recorder();
        CallLog liveTool = new CallLog();
        streamToolCall(tee(liveTool, toolRecorder), new SdkHandle());

        CallLog replayed = new CallLog();
        Object returned = TAP.replay(recorder.ended().join(), new Object[] {REQUEST, replayed}, SDK);
        CallLog replayedTool = new CallLog();
        TAP.replay(toolRecorder.ended().join(), new Object[] {REQUEST, replayedTool}, SDK);

        assertThat(returned).isNull();
        assertThat(replayed.calls).containsExactly("partialThinking+context Weaving", "partialResponse+context A heddle ",
                "partialResponse+context lifts warp ", "partialResponse+context threads.",
                "completeResponse A heddle lifts warp threads.");
        assertThat(replayedTool.calls).isEqualTo(liveTool.calls);
        assertThat(replayed.contexts).allSatisfy(context -> assertThat(context).isNotNull());
    }

    @Test
    void aCancelDuringAReplayStopsIt() {
        CallLog cancelling = new CallLog() {
            @Override
            public void onPartialResponse(PartialResponse partialResponse, PartialResponseContext context) {
                super.onPartialResponse(partialResponse, context);
                context.streamingHandle().cancel();
                assertThat(context.streamingHandle().isCancelled()).isTrue();
            }
        };

        TAP.replay(recordedAnswer(), new Object[] {REQUEST, cancelling}, SDK);

        assertThat(cancelling.calls).containsExactly("partialThinking+context Weaving", "partialResponse+context A heddle ");
    }

    @Test
    void anExceptionOfTheCallersHandlerDuringAReplayGoesToItsOnErrorAsTheSdkDoes() {
        CallLog failingOnce = new CallLog() {
            @Override
            public void onPartialThinking(PartialThinking partialThinking, PartialThinkingContext context) {
                throw new IllegalStateException("cannot show thinking");
            }
        };

        TAP.replay(recordedAnswer(), new Object[] {REQUEST, failingOnce}, SDK);

        assertThat(failingOnce.calls).containsExactly("error cannot show thinking", "partialResponse+context A heddle ",
                "partialResponse+context lifts warp ", "partialResponse+context threads.",
                "completeResponse A heddle lifts warp threads.");
    }

    @Test
    void theChunksSayTheUsageTextCompletenessAndFactsOfTheFinalResponse() {
        RecordedStream whole = recordedAnswer();
        StreamRecorder cutRecorder = recorder();
        streamAnswer(tee(new CallLog(), cutRecorder), new SdkHandle(), response(FinishReason.LENGTH));
        RecordedStream cut = cutRecorder.ended().join();

        assertThat(STREAMED.usage(whole)).contains(new TokenUsage(12, 6));
        assertThat(TAP.text(whole.chunks())).isEqualTo("WeavingA heddle lifts warp threads.");
        assertThat(STREAMED.isCompleteAnswer(whole)).isTrue();
        assertThat(STREAMED.isCompleteAnswer(cut)).isFalse();
        assertThat(STREAMED.asksForTools(whole)).isFalse();
        assertThat(STREAMED.responseFacts(whole)).isEqualTo(new ResponseFacts(java.util.Optional.of("chatcmpl-7"),
                java.util.Optional.of("gpt-4o-mini-2024-07-18"), List.of("stop")));
        assertThat(TAP.finishedWhole(whole.chunks().subList(0, 4))).isFalse();
        assertThat(TAP.reportedUsage(whole.chunks().subList(0, 4))).isEmpty();
    }

    @Test
    void aRecordingEncodesToTextAndDecodesToEqualChunks() {
        StreamRecorder toolRecorder = recorder();
        streamToolCall(tee(new CallLog(), toolRecorder), new SdkHandle());

        for (RecordedStream recorded : List.of(recordedAnswer(), toolRecorder.ended().join())) {
            String encoded = STREAMED.encode(recorded);
            RecordedStream decoded = (RecordedStream) STREAMED.decode(encoded, SDK);

            assertThat(decoded.chunks()).isEqualTo(recorded.chunks());
            assertThat(decoded.chunks().get(decoded.chunks().size() - 1)).isInstanceOf(ChatResponse.class);
        }
        assertThat(TAP.encodeChunk(Partial.text("A \"quoted\"\nline", true))).startsWith("partial {");
    }

    @Test
    void decodingForeignTextAsAChunkIsRejected() {
        for (String foreign : List.of("", "hello", "partial ", "partial [1]", "partial not json", "partial {}",
                "partial {\"kind\":\"SHOUT\",\"withContext\":true}", "partial {\"kind\":\"TEXT\",\"withContext\":\"yes\"}",
                "partial {\"kind\":\"TEXT\",\"text\":7,\"withContext\":true}",
                "partial {\"kind\":\"TEXT\",\"withContext\":true,\"extra\":1}",
                "partial {\"index\":1e99,\"kind\":\"TOOL_CALL\",\"withContext\":true}",
                "response {\"x\":1}", "response [", "{\"@type\":\"dev.langchain4j.model.chat.response.ChatResponse\"}")) {
            assertThatThrownBy(() -> TAP.decodeChunk(foreign, SDK)).as(foreign).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aStreamedCallHasItsOwnKey() {
        Object[] arguments = {REQUEST, new CallLog()};

        String plainKey = BASE.cacheKey(MODEL, arguments);
        String streamedKey = STREAMED.cacheKey(MODEL, arguments);

        assertThat(streamedKey).isNotEqualTo(plainKey).startsWith("stream").endsWith(plainKey);
        assertThat(STREAMED.cacheKey(MODEL, new Object[] {REQUEST, new CallLog()})).isEqualTo(streamedKey);
    }

    @Test
    void onlyTheStreamingDoChatIsHandledByTheStreamedPreset() {
        Preset preset = Presets.named("langchain4j").orElseThrow();

        Preset streaming = preset.forMethod(STREAMING_SIGNATURE);
        assertThat(streaming).isInstanceOf(StreamedPreset.class);
        assertThat(((StreamedPreset) streaming).tap()).isInstanceOf(LangChain4jStreamTap.class);
        assertThat(preset.forMethod(STREAMING_SIGNATURE)).isSameAs(streaming);
        assertThat(preset.forMethod(PLAIN_SIGNATURE)).isSameAs(preset);
        assertThat(preset.forMethod(OpenAiStreamingChatModel.class.getName()
                + ":chat(Ljava/lang/String;Ldev/langchain4j/model/chat/response/StreamingChatResponseHandler;)V")).isSameAs(preset);
        assertThat(preset.targets()).contains(LangChain4jStreamTap.TARGET);
        assertThat(streaming.targets()).containsExactly(LangChain4jStreamTap.TARGET);
    }

    @Test
    void aHandlerThatCannotBeTeedIsLeftAloneAndNothingIsRecorded() {
        StreamRecorder recorder = recorder();
        Object[] arguments = {REQUEST, null};

        assertThat(TAP.teeArguments(arguments, recorder)).isSameAs(arguments);
        assertThat(recorder.ended().join().ending()).isEqualTo(RecordedStream.Ending.FAILED);
        assertThat(TAP.teeResult(null, recorder)).isNull();
    }
}
