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
}
