package dev.heddle.preset;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;

/**
 * Every preset's {@link Preset#decode} of a cached answer's text, on any text: it builds a response
 * or rejects the text with one of the exceptions {@link Preset#decode} documents, never another
 * exception, and never hangs; the streamed presets' recordings too. The first byte picks the preset. Seeds (real encodings of each
 * preset) in {@code src/test/resources/dev/heddle/preset/PresetDecodeFuzzTestInputs/}.
 */
class PresetDecodeFuzzTest {

    /** A streaming method of each preset, by preset name. */
    private static final Map<String, String> STREAMING_METHODS = Map.of(
            "openai-java", "com.openai.services.blocking.chat.ChatCompletionServiceImpl:createStreaming("
                    + "Lcom/openai/models/chat/completions/ChatCompletionCreateParams;Lcom/openai/core/RequestOptions;)"
                    + "Lcom/openai/core/http/StreamResponse;",
            "anthropic-java", "com.anthropic.services.blocking.MessageServiceImpl:createStreaming("
                    + "Lcom/anthropic/models/messages/MessageCreateParams;Lcom/anthropic/core/RequestOptions;)"
                    + "Lcom/anthropic/core/http/StreamResponse;",
            "langchain4j", "dev.langchain4j.model.openai.OpenAiStreamingChatModel:doChat("
                    + "Ldev/langchain4j/model/chat/request/ChatRequest;"
                    + "Ldev/langchain4j/model/chat/response/StreamingChatResponseHandler;)V",
            "spring-ai", "org.springframework.ai.openai.OpenAiChatModel:stream("
                    + "Lorg/springframework/ai/chat/prompt/Prompt;)Lreactor/core/publisher/Flux;");

    /** The plain presets, then the streamed ones, whose recordings are decoded chunk by chunk. */
    private static final List<Preset> PRESETS = Stream.concat(
            Presets.names().stream().map(name -> Presets.named(name).orElseThrow()),
            Presets.names().stream().map(name -> Presets.named(name).orElseThrow().forMethod(STREAMING_METHODS.get(name))))
            .toList();
    private static final ClassLoader SDK = PresetDecodeFuzzTest.class.getClassLoader();

    @org.junit.jupiter.api.Test
    void theFuzzedPresetsIncludeEveryPresetsStreamedOne() {
        assertThat(PRESETS.subList(PRESETS.size() / 2, PRESETS.size())).hasSize(Presets.names().size())
                .allMatch(preset -> preset instanceof StreamedPreset);
    }

    /** A hang is a finding: Jazzer makes this libFuzzer's per-input {@code -timeout}; it outlasts the run. */
    @FuzzTest(maxDuration = "25s")
    @Timeout(60)
    void decodeBuildsAResponseOrRejectsTheText(FuzzedDataProvider data) {
        Preset preset = PRESETS.get(data.consumeInt(0, PRESETS.size() - 1));
        String encoded = data.consumeRemainingAsString();

        try {
            assertThat(preset.decode(encoded, SDK)).isNotNull();
        } catch (RuntimeException rejected) {
            assertThat(rejected).as("%s rejected a text with %s", preset.name(), rejected)
                    .isInstanceOfAny(IllegalArgumentException.class, IllegalStateException.class, UncheckedIOException.class);
        }
    }
}
