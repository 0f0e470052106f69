package dev.heddle.embed;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A sentence-embedding model run in process, from the companion jar {@code heddle-embeddings.jar}
 * that lies beside {@code heddle-agent.jar} (see {@link CompanionJar} for where it is looked for and
 * how it is kept apart from the app). Nothing is downloaded and no text leaves the JVM.
 *
 * <p>Nothing is loaded until the first {@link #embed} or {@link #id}: then the jar is opened and
 * the model read, once per model for the whole JVM, however many embedders name it. The
 * embedding runs on the caller's thread.
 */
public final class LocalEmbedder implements Embedder {

    /** One thread per embedding: a short text takes milliseconds, and the app's threads are the app's. */
    static final int DEFAULT_THREADS = 1;

    private final String modelName;
    private final int threads;
    private final Path jar;
    private volatile CompanionModel model;

    /**
     * @param modelName a model of the companion jar: {@code all-minilm-l6-v2-q} or {@code bge-small-en-v1.5-q}
     */
    public LocalEmbedder(String modelName) {
        this(modelName, DEFAULT_THREADS, null);
    }

    /**
     * @param modelName a model of the companion jar
     * @param threads the CPU threads one embedding may use, used by the first embedder of the model in the JVM
     * @param jar where the companion jar is; null to look where {@link CompanionJar#expectedLocation()} says
     */
    LocalEmbedder(String modelName, int threads, Path jar) {
        this.modelName = Objects.requireNonNull(modelName, "modelName");
        this.threads = threads;
        this.jar = jar;
    }

    /**
     * @return {@code local:} and the model's id, such as {@code local:all-minilm-l6-v2-q@1}; loads the model
     * @throws EmbeddingException as {@link #embed}
     */
    @Override
    public String id() {
        return "local:" + model().id();
    }

    /**
     * @throws EmbeddingException when the companion jar is missing (naming where it was looked for
     *     and how to put it there), when it has no such model, or when ONNX Runtime fails
     */
    @Override
    public float[] embed(String text) {
        return model().embed(Objects.requireNonNull(text, "text"));
    }

    private CompanionModel model() {
        CompanionModel loaded = model;
        if (loaded == null) {
            // no lock needed: CompanionJar hands every caller the one instance of the model
            loaded = CompanionJar.at(jar != null ? jar : CompanionJar.expectedLocation()).model(modelName, threads);
            model = loaded;
        }
        return loaded;
    }

    @Override
    public String toString() {
        return "local embedder " + modelName;
    }
}
