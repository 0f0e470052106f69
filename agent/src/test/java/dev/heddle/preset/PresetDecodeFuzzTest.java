package dev.heddle.preset;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.UncheckedIOException;
import java.util.List;
import org.junit.jupiter.api.Timeout;

/**
 * Every preset's {@link Preset#decode} of a cached answer's text, on any text: it builds a response
 * or rejects the text with one of the exceptions {@link Preset#decode} documents, never another
 * exception, and never hangs. The first byte picks the preset. Seeds (real encodings of each
 * preset) in {@code src/test/resources/dev/heddle/preset/PresetDecodeFuzzTestInputs/}.
 */
class PresetDecodeFuzzTest {

    private static final List<Preset> PRESETS = Presets.names().stream().map(name -> Presets.named(name).orElseThrow()).toList();
    private static final ClassLoader SDK = PresetDecodeFuzzTest.class.getClassLoader();

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
