package dev.heddle.config;

import java.util.Objects;
import java.util.Optional;

/**
 * Semantic (embedding similarity) caching: a request may be answered by an earlier one whose exact
 * part (model, parameters, system prompt, earlier turns, tools, embedder, scope) is equal and whose
 * last user message is similar enough.
 *
 * @param threshold the cosine similarity of the two messages' embeddings a hit must reach, in (0, 1]
 * @param scope who may share an answer
 * @param tenant where a call finds its tenant, required for {@link SemanticScope#TENANT}
 * @param guard whether a hit must also agree on numbers, negations and the order of key terms
 * @param embedder the model that turns a message into a vector
 */
public record SemanticConfig(double threshold, SemanticScope scope, Optional<UserConfig> tenant, boolean guard,
        EmbedderConfig embedder) {

    /** The threshold used when YAML or an annotation gives none, chosen from measurements (docs/caching.md). */
    public static final double DEFAULT_THRESHOLD = 0.945;

    public SemanticConfig {
        if (!(threshold > 0 && threshold <= 1)) throw new IllegalArgumentException("threshold must be in (0, 1], but was " + threshold);
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(embedder, "embedder");
        if (scope == SemanticScope.TENANT && tenant.isEmpty()) {
            throw new IllegalArgumentException("scope tenant needs a tenant: where a call finds its tenant id");
        }
    }

    /**
     * @param threshold the cosine similarity a hit must reach
     * @return global scope, the guard on, the local embedder
     */
    public static SemanticConfig withThreshold(double threshold) {
        return new SemanticConfig(threshold, SemanticScope.GLOBAL, Optional.empty(), true, EmbedderConfig.local());
    }

    /** Who may be answered by whose earlier request. */
    public enum SemanticScope {
        /** Everyone shares answers (the exact part must still match). */
        GLOBAL,
        /** Only the same user; a call whose user is unknown is not cached semantically. */
        USER,
        /** Only the same tenant; a call whose tenant is unknown is not cached semantically. */
        TENANT
    }
}
