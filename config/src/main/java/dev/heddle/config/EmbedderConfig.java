package dev.heddle.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The model that turns text into vectors for a semantic cache: {@code embedder: local},
 * {@code embedder: local:bge-small-en-v1.5-q}, or
 * {@code embedder: { provider: openai, baseUrl: https://api.openai.com/v1, model: text-embedding-3-small, apiKeyEnv: OPENAI_API_KEY }}.
 *
 * @param provider {@link #LOCAL} (the model in heddle-embeddings.jar) or {@link #OPENAI} (any
 *     OpenAI-compatible {@code /embeddings} endpoint)
 * @param model the model's name
 * @param baseUrl the endpoint's base URL, for {@code openai}; {@code /embeddings} is appended
 * @param apiKeyEnv the environment variable that holds the API key, for {@code openai}
 * @param timeout the longest one embedding request may take
 */
public record EmbedderConfig(String provider, String model, Optional<String> baseUrl, Optional<String> apiKeyEnv,
        Duration timeout) {

    /** The in-process model shipped in heddle-embeddings.jar. */
    public static final String LOCAL = "local";
    /** An OpenAI-compatible HTTP endpoint. */
    public static final String OPENAI = "openai";
    /** The local model when none is named. */
    public static final String DEFAULT_LOCAL_MODEL = "all-minilm-l6-v2-q";
    /** The base URL of {@code openai} when none is given. */
    public static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";
    /** The API key variable of {@code openai} when none is given. */
    public static final String DEFAULT_API_KEY_ENV = "OPENAI_API_KEY";
    /** The timeout when none is given. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

    public EmbedderConfig {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(apiKeyEnv, "apiKeyEnv");
        Objects.requireNonNull(timeout, "timeout");
        if (!provider.equals(LOCAL) && !provider.equals(OPENAI)) {
            throw new IllegalArgumentException("provider must be local or openai, but was " + provider);
        }
    }

    /** @return the default local model */
    public static EmbedderConfig local() {
        return local(DEFAULT_LOCAL_MODEL);
    }

    /**
     * @param model a model in heddle-embeddings.jar
     * @return that model, run in process
     */
    public static EmbedderConfig local(String model) {
        return new EmbedderConfig(LOCAL, model, Optional.empty(), Optional.empty(), DEFAULT_TIMEOUT);
    }
}
