package dev.heddle.embed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heddle.config.EmbedderConfig;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Embedders built from the {@code embedder:} setting. */
class EmbeddersTest {

    private static EmbedderConfig openAi(String baseUrl) {
        return new EmbedderConfig(EmbedderConfig.OPENAI, "text-embedding-3-small", Optional.of(baseUrl),
                Optional.of("OPENAI_API_KEY"), Duration.ofSeconds(2));
    }

    @Test
    void localBuildsTheCompanionJarsModel() {
        Embedder embedder = Embedders.uncached(EmbedderConfig.local("bge-small-en-v1.5-q"));

        assertThat(embedder).isInstanceOf(LocalEmbedder.class).hasToString("local embedder bge-small-en-v1.5-q");
    }

    @Test
    void openAiBuildsAnHttpEmbedderNamedByItsHost() {
        Embedder embedder = Embedders.uncached(openAi("https://api.openai.com/v1"));

        assertThat(embedder).isInstanceOf(OpenAiEmbedder.class);
        assertThat(embedder.id()).isEqualTo("openai:text-embedding-3-small@api.openai.com");
    }

    @Test
    void openAiWithoutBaseUrlOrKeyVariableUsesTheDefaults() {
        Embedder embedder = Embedders.uncached(new EmbedderConfig(EmbedderConfig.OPENAI, "text-embedding-3-small",
                Optional.empty(), Optional.empty(), Duration.ofSeconds(2)));

        assertThat(embedder.id()).isEqualTo("openai:text-embedding-3-small@api.openai.com");
    }

    @Test
    void equalSettingsShareOneCachingEmbedder() {
        CachingEmbedder first = Embedders.shared(openAi("https://embeddings.example.com/v1"), null);

        assertThat(Embedders.shared(openAi("https://embeddings.example.com/v1"), null)).isSameAs(first);
        assertThat(Embedders.shared(openAi("https://other.example.com/v1"), null)).isNotSameAs(first);
        assertThat(first.delegate()).isInstanceOf(OpenAiEmbedder.class);
    }

    @Test
    void buildingLoadsNothing() {
        CachingEmbedder local = Embedders.shared(EmbedderConfig.local("no-such-model-is-loaded-here"), null);

        assertThat(local.computations()).isZero();
        assertThat(local.size()).isZero();
    }

    @Test
    void aLocalModelTheCompanionJarDoesNotCarryIsAProblemBeforeAnyCall() {
        assertThat(Embedders.problem(EmbedderConfig.local("e5-large"))).contains(
                "no local embedding model e5-large; there are all-minilm-l6-v2-q, bge-small-en-v1.5-q");
    }

    @Test
    void theShippedModelsBesideTheBuiltCompanionJarHaveNoProblem() {
        assertThat(Embedders.problem(EmbedderConfig.local())).isEmpty();
        assertThat(Embedders.problem(EmbedderConfig.local("bge-small-en-v1.5-q"))).isEmpty();
    }

    @Test
    void aMissingCompanionJarIsNamedWithWhereItWasLookedFor() {
        String previous = System.getProperty(CompanionJar.PATH_PROPERTY);
        System.setProperty(CompanionJar.PATH_PROPERTY, "/nowhere/heddle-embeddings.jar");
        try {
            assertThat(Embedders.problem(EmbedderConfig.local())).hasValueSatisfying(problem -> assertThat(problem)
                    .startsWith("heddle-embeddings.jar is not at /nowhere/heddle-embeddings.jar; the build puts it beside"));
        } finally {
            if (previous == null) {
                System.clearProperty(CompanionJar.PATH_PROPERTY);
            } else {
                System.setProperty(CompanionJar.PATH_PROPERTY, previous);
            }
        }
    }

    @Test
    void aRemoteEmbedderHasNoProblemKnownBeforeItsFirstCall() {
        assertThat(Embedders.problem(new EmbedderConfig("openai", "text-embedding-3-small", Optional.of("http://127.0.0.1:1/v1"),
                Optional.of("KEY"), Duration.ofSeconds(1)))).isEmpty();
    }
}
