/**
 * Embedders: what turns a message into a vector for the semantic cache. An {@link dev.heddle.embed.Embedder}
 * is the model in the companion jar heddle-embeddings.jar ({@link dev.heddle.embed.LocalEmbedder}) or an
 * OpenAI-compatible {@code /embeddings} endpoint ({@link dev.heddle.embed.OpenAiEmbedder}); both are wrapped
 * in a {@link dev.heddle.embed.CachingEmbedder}, so a text is embedded once, and, with Redis, once for
 * every JVM. {@link dev.heddle.embed.Embedders} builds them from configuration.
 */
package dev.heddle.embed;
