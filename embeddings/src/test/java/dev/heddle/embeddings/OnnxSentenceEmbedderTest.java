package dev.heddle.embeddings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real quantized models, run by the real ONNX Runtime. */
class OnnxSentenceEmbedderTest {

    private static final String QUESTION = "How do I reset my password?";
    private static final String PARAPHRASE = "I forgot my password, how can I change it?";
    private static final String UNRELATED = "What is the capital of France?";

    private static OnnxSentenceEmbedder embedder;

    @BeforeAll
    static void loadTheDefaultModel() {
        embedder = new OnnxSentenceEmbedder();
    }

    @AfterAll
    static void close() {
        embedder.close();
    }

    private static double length(float[] vector) {
        return Math.sqrt(dot(vector, vector));
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) sum += (double) a[i] * b[i];
        return sum;
    }

    @Test
    void idNamesTheModelAndItsVersion() {
        assertThat(embedder.id()).isEqualTo("all-minilm-l6-v2-q@1");
    }

    @Test
    void vectorsHave384DimensionsAndUnitLength() {
        float[] vector = embedder.embed(QUESTION);

        assertThat(vector).hasSize(384);
        assertThat(embedder.dimensions()).isEqualTo(384);
        assertThat(length(vector)).isCloseTo(1.0, within(1e-5));
    }

    @Test
    void paraphrasesAreCloserThanUnrelatedQuestions() {
        float[] question = embedder.embed(QUESTION);

        assertThat(dot(question, embedder.embed(PARAPHRASE))).isGreaterThan(dot(question, embedder.embed(UNRELATED)));
    }

    @Test
    void theSameTextGivesTheSameVector() {
        assertThat(embedder.embed(QUESTION)).containsExactly(embedder.embed(QUESTION));
    }

    @Test
    void aBatchGivesEachTextItsOwnDirection() {
        // texts of different lengths, so that the shorter ones are padded in the batch
        List<String> texts = List.of(UNRELATED, QUESTION, "Weaving: a heddle lifts the warp threads of a loom.", "Hi");

        float[][] batch = embedder.embedAll(texts);

        assertThat(batch).hasDimensions(texts.size(), 384);
        for (int i = 0; i < texts.size(); i++) {
            float[] single = embedder.embed(texts.get(i));
            assertThat(length(batch[i])).isCloseTo(1.0, within(1e-5));
            assertThat(dot(batch[i], single)).as(texts.get(i)).isGreaterThan(0.95);
            for (int j = 0; j < texts.size(); j++) {
                if (j != i) assertThat(dot(batch[i], single)).isGreaterThan(dot(batch[j], single));
            }
        }
    }

    @Test
    void aBatchIsNotBitForBitTheTextsOneByOne() {
        // The int8 model quantizes its activations with one scale per tensor, and in a batch that
        // tensor holds every text: two texts of one token each, so no padding, still move each other.
        // So vectors of embed and embedAll must never meet in one cache.
        float[][] batch = embedder.embedAll(List.of("Hi", "Yo"));

        assertThat(batch[0]).isNotEqualTo(embedder.embed("Hi"));
    }

    @Test
    void aBatchOfCopiesOfOneTextIsExactlyItsSingleVector() {
        float[][] batch = embedder.embedAll(List.of(PARAPHRASE, PARAPHRASE));

        assertThat(batch[0]).containsExactly(embedder.embed(PARAPHRASE));
        assertThat(batch[1]).containsExactly(embedder.embed(PARAPHRASE));
    }

    @Test
    void aTextLongerThanTheModelsLimitIsEmbeddedFromItsStart() {
        String start = "The heddle lifts the warp. ".repeat(40);

        assertThat(embedder.embed(start + "Something else entirely.".repeat(40)))
                .containsExactly(embedder.embed(start), within(1e-4f));
    }

    @Test
    void theBgeModelEmbedsToo() {
        try (OnnxSentenceEmbedder bge = new OnnxSentenceEmbedder("bge-small-en-v1.5-q", 1)) {
            float[] question = bge.embed(QUESTION);

            assertThat(bge.id()).isEqualTo("bge-small-en-v1.5-q@1");
            assertThat(question).hasSize(384);
            assertThat(length(question)).isCloseTo(1.0, within(1e-5));
            assertThat(dot(question, bge.embed(PARAPHRASE))).isGreaterThan(dot(question, bge.embed(UNRELATED)));
        }
    }

    @Test
    void anUnknownModelIsRefusedWithTheModelsThereAre() {
        assertThatThrownBy(() -> new OnnxSentenceEmbedder("gpt-embed-9000", 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("gpt-embed-9000")
                .hasMessageContaining("all-minilm-l6-v2-q, bge-small-en-v1.5-q");
    }
}
