package dev.heddle.cache.semantic;

/**
 * An entry found by {@link VectorIndex#nearest}.
 *
 * @param id the caller's id of the entry
 * @param similarity the cosine similarity of the entry's vector to the query
 */
public record Neighbor(long id, float similarity) {
}
