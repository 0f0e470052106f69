package dev.heddle.config;

/**
 * Semantic (embedding similarity) caching settings.
 *
 * @param threshold the cosine similarity a hit must reach, in (0, 1]
 */
public record SemanticConfig(double threshold) {

    /** The threshold used when YAML or an annotation gives none. */
    public static final double DEFAULT_THRESHOLD = 0.92;
}
