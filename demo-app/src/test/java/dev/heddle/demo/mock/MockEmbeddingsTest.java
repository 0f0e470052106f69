package dev.heddle.demo.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The hashed-feature embeddings, apart from HTTP. */
class MockEmbeddingsTest {

    private static double dot(float[] a, float[] b) {
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
        }
        return dot;
    }

    @Test
    void vectorsAreDeterministicUnitVectors() {
        float[] one = MockEmbeddings.embed("The quick brown fox", 384);
        float[] two = MockEmbeddings.embed("The quick brown fox", 384);

        assertThat(one).containsExactly(two);
        assertThat(dot(one, one)).isCloseTo(1.0, within(1e-5));
    }

    @Test
    void caseAndPunctuationDoNotMatter() {
        assertThat(MockEmbeddings.embed("What is a heddle?", 384))
                .containsExactly(MockEmbeddings.embed("what IS a heddle", 384));
    }

    @Test
    void sharedWordsMeanHigherSimilarity() {
        float[] query = MockEmbeddings.embed("how do I reset my password", 384);
        float[] close = MockEmbeddings.embed("how can I reset the password", 384);
        float[] far = MockEmbeddings.embed("weather forecast for tomorrow", 384);

        assertThat(dot(query, close)).isGreaterThan(0.5).isGreaterThan(dot(query, far) + 0.3);
    }

    @Test
    void aTextWithoutWordsIsTheFirstUnitVector() {
        float[] vector = MockEmbeddings.embed("?!", 8);

        assertThat(vector).containsExactly(1f, 0f, 0f, 0f, 0f, 0f, 0f, 0f);
    }

    @Test
    void dimensionsMustBePositive() {
        assertThatThrownBy(() -> MockEmbeddings.embed("x", 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
