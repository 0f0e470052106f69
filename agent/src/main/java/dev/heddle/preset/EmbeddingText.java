package dev.heddle.preset;

/**
 * What a semantic cache compares for one request: the text to embed, and a fingerprint of
 * everything else that changes the answer. Two requests may share an answer only when their
 * fingerprints are equal and their texts are similar.
 *
 * @param text the last user message
 * @param contextFingerprint a hash of the model, the system prompt, the earlier conversation and the
 *     parameters
 */
public record EmbeddingText(String text, String contextFingerprint) {
}
