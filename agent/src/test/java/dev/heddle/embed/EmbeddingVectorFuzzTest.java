package dev.heddle.embed;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.heddle.redis.EntrySeal;
import org.junit.jupiter.api.Timeout;

/**
 * {@link RedisEmbeddingStore#decode} of an embedding's payload, on any text, bare and sealed: a
 * vector of finite floats or null, never an exception; and every vector round-trips. Seeds in
 * {@code src/test/resources/dev/heddle/embed/EmbeddingVectorFuzzTestInputs/}.
 */
class EmbeddingVectorFuzzTest {

    private static final EntrySeal SEAL = EntrySeal.withKey("the-fuzzing-signing-key");
    private static final String KEY = RedisEmbeddingStore.key("local:all-minilm-l6-v2-q@1", "hello");

    /** A hang is a finding: Jazzer makes this libFuzzer's per-input {@code -timeout}; it outlasts the run. */
    @FuzzTest(maxDuration = "25s")
    @Timeout(60)
    void decodeGivesAFiniteVectorOrNothingAndVectorsRoundTrip(FuzzedDataProvider data) {
        float[] vector = new float[data.consumeInt(1, 16)];
        for (int i = 0; i < vector.length; i++) vector[i] = data.consumeRegularFloat();
        String payload = data.consumeRemainingAsString();

        float[] decoded = RedisEmbeddingStore.decode(payload);
        if (decoded != null) {
            assertThat(decoded).isNotEmpty();
            for (float element : decoded) assertThat(Float.isFinite(element)).isTrue();
        }
        EntrySeal.Opened opened = SEAL.open(KEY, payload);
        assertThat(opened.isOpen()).as("a made-up value opened").isFalse();
        assertThat(RedisEmbeddingStore.decode(SEAL.open(KEY, SEAL.seal(KEY, payload)).payload())).isEqualTo(decoded);

        assertThat(RedisEmbeddingStore.decode(RedisEmbeddingStore.encode(vector))).containsExactly(vector);
    }
}
