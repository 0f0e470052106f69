package dev.heddle.embed;

import java.lang.invoke.MethodHandle;

/**
 * One model of the companion jar, loaded: its id and its {@code embed(String)} bound to the
 * instance, so that a call is a method handle invocation with JDK types only.
 */
final class CompanionModel {

    private final String id;
    private final MethodHandle embed;

    /**
     * @param id the model's id, such as {@code all-minilm-l6-v2-q@1}
     * @param embed {@code (String) float[]}
     */
    CompanionModel(String id, MethodHandle embed) {
        this.id = id;
        this.embed = embed;
    }

    /** @return the model and its version, such as {@code all-minilm-l6-v2-q@1} */
    String id() {
        return id;
    }

    /**
     * @param text any text
     * @return the model's vector, of length one
     */
    float[] embed(String text) {
        try {
            return (float[]) embed.invokeExact(text);
        } catch (RuntimeException e) {
            throw new EmbeddingException("the local embedding model " + id + " failed: " + e.getMessage(), e);
        } catch (Error e) {
            throw e;
        } catch (Throwable e) {
            throw new EmbeddingException("the local embedding model " + id + " failed: " + e, e);
        }
    }
}
