package dev.heddle.embed;

/**
 * Turns a text into a vector of length one, so that the cosine similarity of two texts is the dot
 * product of their vectors.
 *
 * <p>Vectors of two embedders are never comparable, not even of two versions of one model: every
 * semantic cache key holds the {@link #id()} of the embedder that made its vector.
 *
 * <p>Implementations are safe for concurrent use.
 */
public interface Embedder {

    /**
     * @return the provider, the model and what else decides the vectors, such as
     *     {@code local:all-minilm-l6-v2-q@1} (the model's version) or
     *     {@code openai:text-embedding-3-small@api.openai.com} (the endpoint's host)
     */
    String id();

    /**
     * @param text any text; a model cuts long texts to its own limit
     * @return its embedding, of length one; a new array that the caller may keep or change
     * @throws EmbeddingException when the text cannot be embedded: the model is missing or failed,
     *     or the endpoint is unreachable, refused or answered something else than an embedding
     */
    float[] embed(String text);
}
