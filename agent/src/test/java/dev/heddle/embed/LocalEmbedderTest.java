package dev.heddle.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local embedder through the real companion jar, which the build copies to
 * {@code agent/target/heddle-embeddings.jar}, beside {@code target/classes}, as it lies beside
 * heddle-agent.jar for users.
 */
class LocalEmbedderTest {

    private static final String MODEL = "all-minilm-l6-v2-q";
    private static final String QUESTION = "How do I reset my password?";
    private static final String PARAPHRASE = "I forgot my password, how can I change it?";
    private static final String UNRELATED = "What is the capital of France?";

    private final LocalEmbedder embedder = new LocalEmbedder(MODEL);

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) sum += (double) a[i] * b[i];
        return sum;
    }

    private static ClassLoader companionLoader() {
        return CompanionJar.at(CompanionJar.expectedLocation()).embedderClass().getClassLoader();
    }

    @Test
    void theCompanionJarIsLookedForBesideTheAgentsClasses() {
        Path expected = CompanionJar.expectedLocation();

        assertThat(expected.getFileName()).hasToString("heddle-embeddings.jar");
        assertThat(expected.getParent().resolve("classes")).isDirectory();
        assertThat(expected).isRegularFile();
    }

    @Test
    void idNamesTheProviderTheModelAndItsVersion() {
        assertThat(embedder.id()).isEqualTo("local:all-minilm-l6-v2-q@1");
    }

    @Test
    void vectorsHaveUnitLength() {
        float[] vector = embedder.embed(QUESTION);

        assertThat(vector).hasSize(384);
        assertThat(Math.sqrt(dot(vector, vector))).isCloseTo(1.0, within(1e-5));
    }

    @Test
    void paraphrasesAreCloserThanUnrelatedQuestions() {
        float[] question = embedder.embed(QUESTION);

        assertThat(dot(question, embedder.embed(PARAPHRASE))).isGreaterThan(dot(question, embedder.embed(UNRELATED)));
    }

    @Test
    void embeddersOfOneModelShareOneLoadedModel() {
        new LocalEmbedder(MODEL).embed(QUESTION);
        CompanionJar jar = CompanionJar.at(CompanionJar.expectedLocation());

        assertThat(jar.model(MODEL, 1)).isSameAs(jar.model(MODEL, 4));
        assertThat(CompanionJar.at(CompanionJar.expectedLocation())).isSameAs(jar);
    }

    @Test
    void theModelIsLoadedInAClassLoaderOfItsOwnUnderThePlatformClassLoader() {
        ClassLoader companion = companionLoader();

        assertThat(companion).isNotSameAs(getClass().getClassLoader());
        assertThat(companion.getParent()).isSameAs(ClassLoader.getPlatformClassLoader());
    }

    @Test
    void theModelsClassLoaderSeesNeitherTheAgentNorTheAppClassPath() {
        ClassLoader companion = companionLoader();

        assertThatThrownBy(() -> companion.loadClass(Embedder.class.getName())).isInstanceOf(ClassNotFoundException.class);
        assertThatThrownBy(() -> companion.loadClass("org.assertj.core.api.Assertions"))
                .isInstanceOf(ClassNotFoundException.class);
        // the jar's Jackson is relocated, and the app's is out of sight
        assertThatThrownBy(() -> companion.loadClass("com.fasterxml.jackson.core.JsonFactory"))
                .isInstanceOf(ClassNotFoundException.class);
    }

    @Test
    void theCompanionJarCarriesOnnxRuntimeAndARelocatedJackson() throws Exception {
        ClassLoader companion = companionLoader();

        assertThat(companion.loadClass("ai.onnxruntime.OrtEnvironment").getClassLoader()).isSameAs(companion);
        assertThat(companion.loadClass("dev.heddle.embeddings.shaded.com.fasterxml.jackson.core.JsonFactory")
                .getClassLoader()).isSameAs(companion);
    }

    @Test
    void onnxRuntimeIsNotOnTheAgentsClassPath() {
        assertThatThrownBy(() -> Class.forName("ai.onnxruntime.OrtEnvironment", false, getClass().getClassLoader()))
                .isInstanceOf(ClassNotFoundException.class);
    }

    @Test
    void aMissingJarIsReportedWithThePathLookedAtAndHowToFixIt(@TempDir Path empty) {
        Path missing = empty.resolve("heddle-embeddings.jar");
        LocalEmbedder withoutJar = new LocalEmbedder(MODEL, 1, missing);

        assertThatThrownBy(() -> withoutJar.embed(QUESTION))
                .isInstanceOf(EmbeddingException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("beside heddle-agent.jar")
                .hasMessageContaining("copy it into the directory of heddle-agent.jar")
                .hasMessageContaining("-Dheddle.embeddings.jar=");
        assertThatThrownBy(withoutJar::id).isInstanceOf(EmbeddingException.class).hasMessageContaining(missing.toString());
    }

    @Test
    void aJarCopiedIntoPlaceLaterIsPickedUp(@TempDir Path directory) throws Exception {
        Path late = directory.resolve("heddle-embeddings.jar");
        LocalEmbedder embedderBeforeCopy = new LocalEmbedder(MODEL, 1, late);
        assertThatThrownBy(() -> embedderBeforeCopy.embed(QUESTION)).isInstanceOf(EmbeddingException.class);

        Files.createSymbolicLink(late, CompanionJar.expectedLocation());

        assertThat(embedderBeforeCopy.id()).isEqualTo("local:all-minilm-l6-v2-q@1");
    }

    @Test
    void theSystemPropertyNamesTheJar(@TempDir Path directory) {
        Path elsewhere = directory.resolve("models").resolve("heddle-embeddings.jar");
        String before = System.getProperty(CompanionJar.PATH_PROPERTY);
        System.setProperty(CompanionJar.PATH_PROPERTY, elsewhere.toString());
        try {
            assertThat(CompanionJar.expectedLocation()).isEqualTo(elsewhere);
            assertThatThrownBy(() -> new LocalEmbedder(MODEL).embed(QUESTION)).hasMessageContaining(elsewhere.toString());
        } finally {
            if (before == null) {
                System.clearProperty(CompanionJar.PATH_PROPERTY);
            } else {
                System.setProperty(CompanionJar.PATH_PROPERTY, before);
            }
        }
    }

    @Test
    void aModelThatTheJarLacksIsNamedWithTheModelsItHas() {
        LocalEmbedder unknown = new LocalEmbedder("gpt-embed-9000");

        assertThatThrownBy(() -> unknown.embed(QUESTION))
                .isInstanceOf(EmbeddingException.class)
                .hasMessageContaining("gpt-embed-9000")
                .hasMessageContaining("all-minilm-l6-v2-q, bge-small-en-v1.5-q");
        // the failure is kept, and told again the same way
        assertThatThrownBy(() -> unknown.embed(QUESTION)).hasMessageContaining("gpt-embed-9000");
    }
}
