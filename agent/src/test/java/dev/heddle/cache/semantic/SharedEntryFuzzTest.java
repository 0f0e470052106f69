package dev.heddle.cache.semantic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Timeout;

/**
 * {@link SharedEntry#decode}, the fields of a semantic entry a feed loads, on any text: it decodes
 * or throws {@link IllegalArgumentException}, nothing else; and every entry round-trips. Seeds in
 * {@code src/test/resources/dev/heddle/cache/semantic/SharedEntryFuzzTestInputs/}.
 */
class SharedEntryFuzzTest {

    /** A hang is a finding: Jazzer makes this libFuzzer's per-input {@code -timeout}; it outlasts the run. */
    @FuzzTest(maxDuration = "25s")
    @Timeout(60)
    void decodeReadsAnEntryOrRejectsItAndEncodingRoundTrips(FuzzedDataProvider data) {
        float[] vector = new float[data.consumeInt(1, 8)];
        for (int i = 0; i < vector.length; i++) vector[i] = data.consumeRegularFloat();
        SharedEntry entry = new SharedEntry(data.consumeString(100), data.consumeString(200), vector, data.consumeString(30),
                data.consumeString(500));
        String text = data.consumeRemainingAsString();

        try {
            SharedEntry decoded = SharedEntry.decode(text);
            assertThat(decoded.vector()).isNotEmpty();
            for (float element : decoded.vector()) assertThat(Float.isFinite(element)).isTrue();
            assertThat(decoded.encode()).isEqualTo(text);
        } catch (IllegalArgumentException rejected) {
            assertThat(rejected).isExactlyInstanceOf(IllegalArgumentException.class);
        }

        SharedEntry roundTrip = SharedEntry.decode(entry.encode());
        assertThat(roundTrip.partition()).isEqualTo(entry.partition());
        assertThat(roundTrip.text()).isEqualTo(entry.text());
        assertThat(roundTrip.vector()).containsExactly(entry.vector());
        assertThat(roundTrip.preset()).isEqualTo(entry.preset());
        assertThat(roundTrip.answer()).isEqualTo(entry.answer());
        assertThatThrownBy(() -> SharedEntry.decode(entry.encode() + "x")).isInstanceOf(IllegalArgumentException.class);
    }
}
