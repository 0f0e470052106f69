package dev.heddle.preset;

import dev.heddle.redis.KeyText;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

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

    /**
     * @param text the text to embed
     * @param context the canonical text of everything else that changes the answer
     * @return the text with the first 128 bits of the context's SHA-256, in hex
     */
    static EmbeddingText withContext(String text, String context) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(KeyText.bytes(context));
            return new EmbeddingText(text, HexFormat.of().formatHex(digest, 0, 16));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
