package dev.heddle.embed;

import dev.heddle.config.EmbedderConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Builds the embedder that an {@code embedder:} setting names, cached (see {@link CachingEmbedder}),
 * one per JVM for each setting and Redis store: rules and configuration reloads that name the same
 * embedder share its vectors, and the local model is loaded once.
 *
 * <p>The setting's {@code timeout} bounds an {@code openai} request; a local embedding runs to its end
 * (milliseconds for a sentence), as ONNX Runtime cannot be interrupted.
 */
public final class Embedders {

    private static final Map<Key, CachingEmbedder> SHARED = new ConcurrentHashMap<>();

    private Embedders() {
    }

    /** Equal settings over the same store get the same embedder. */
    private record Key(EmbedderConfig config, RedisEmbeddingStore redis) {
    }

    /**
     * Cheap: nothing is loaded or connected until the first embedding.
     *
     * @param config the {@code embedder:} setting
     * @param redis the shared tier of the vectors; null keeps them in process only
     * @return the cached embedder, shared by every caller with equal settings and the same store
     * @throws IllegalArgumentException when an {@code openai} base URL is not an http or https URL
     */
    public static CachingEmbedder shared(EmbedderConfig config, RedisEmbeddingStore redis) {
        Objects.requireNonNull(config, "config");
        Key key = new Key(config, redis);
        CachingEmbedder known = SHARED.get(key);
        return known != null ? known : SHARED.computeIfAbsent(key, ignored -> new CachingEmbedder(uncached(config),
                CachingEmbedder.DEFAULT_MAX_BYTES, redis));
    }

    /**
     * @param config the {@code embedder:} setting
     * @return an embedder that computes every vector
     * @throws IllegalArgumentException when an {@code openai} base URL is not an http or https URL
     */
    public static Embedder uncached(EmbedderConfig config) {
        return switch (config.provider()) {
            case EmbedderConfig.LOCAL -> new LocalEmbedder(config.model());
            case EmbedderConfig.OPENAI -> new OpenAiEmbedder(config.model(),
                    config.baseUrl().orElse(EmbedderConfig.DEFAULT_BASE_URL),
                    config.apiKeyEnv().orElse(EmbedderConfig.DEFAULT_API_KEY_ENV), config.timeout());
            default -> throw new IllegalArgumentException("no embedder provider " + config.provider()
                    + "; there are local and openai");
        };
    }

    /** The models heddle-embeddings.jar carries; it is built with this agent, so the two lists agree. */
    static final List<String> LOCAL_MODELS = List.of("all-minilm-l6-v2-q", "bge-small-en-v1.5-q");

    /**
     * What keeps an embedder from working here, told before the first call: a local model that the
     * companion jar does not carry, or a companion jar that is not where the agent looks.
     *
     * @param config the {@code embedder:} setting
     * @return the problem, or empty when none is known
     */
    public static Optional<String> problem(EmbedderConfig config) {
        if (!config.provider().equals(EmbedderConfig.LOCAL)) return Optional.empty();
        if (!LOCAL_MODELS.contains(config.model())) {
            return Optional.of("no local embedding model " + config.model() + "; there are " + String.join(", ", LOCAL_MODELS));
        }
        try {
            Path jar = CompanionJar.expectedLocation();
            return Files.isRegularFile(jar) ? Optional.empty() : Optional.of(CompanionJar.FILE_NAME + " is not at " + jar
                    + "; the build puts it beside heddle-agent.jar: copy it there, or set -D" + CompanionJar.PATH_PROPERTY);
        } catch (EmbeddingException unknownLocation) {
            return Optional.of(unknownLocation.getMessage());
        }
    }
}
