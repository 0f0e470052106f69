package dev.heddle.cache.semantic;

import java.util.List;

/**
 * The vectors of a semantic cache, each under the caller's id, searched for those most similar to a
 * query. Vectors are unit length (the embedder normalizes them), so cosine similarity is the dot
 * product; an index does not check the length, which would cost a pass over every vector added.
 *
 * <p>Implementations are safe for concurrent readers and writers. Look-ups far outnumber writes
 * (a write follows a cache miss, that is a model call of hundreds of milliseconds), so the
 * implementations favour readers: a look-up never waits for a rebuild or for a storage array to be
 * copied, only, at most, for one write's short update of the structure.
 */
public interface VectorIndex {

    /**
     * Adds a vector; an id already present is replaced.
     *
     * @param id the caller's id of the entry
     * @param vector a unit-length vector of the index's dimension; the index keeps a copy
     * @throws IllegalArgumentException when the vector's length is not the index's dimension
     */
    void add(long id, float[] vector);

    /**
     * Removes an entry; an absent id is ignored.
     *
     * @param id the caller's id of the entry
     */
    void remove(long id);

    /**
     * The entries most similar to a query.
     *
     * @param query a unit-length vector of the index's dimension
     * @param k how many to return at most
     * @param minSimilarity the least cosine similarity an entry must reach to be returned
     * @return at most {@code k} entries with similarity {@code >= minSimilarity}, most similar first
     * @throws IllegalArgumentException when the query's length is not the index's dimension
     */
    List<Neighbor> nearest(float[] query, int k, float minSimilarity);

    /** @return how many entries the index holds */
    int size();
}
