package dev.heddle.embed;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.CodeSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The companion jar {@value #FILE_NAME}: the local embedding models, ONNX Runtime and its native
 * libraries, loaded in a class loader of their own whose parent is the platform class loader. So the
 * app's own ONNX Runtime, LangChain4j or Jackson, of any version, and the agent's classes never meet
 * the jar's, and the agent talks to it through JDK types only ({@code String}, {@code int},
 * {@code float[]}).
 *
 * <p>One class loader per jar and one model instance per model name, for the whole JVM: a JNI
 * library binds to the first class loader that loads it, and a model holds tens of megabytes.
 */
final class CompanionJar {

    /** The jar's file name, beside heddle-agent.jar. */
    static final String FILE_NAME = "heddle-embeddings.jar";
    /** Names the jar when it lies elsewhere; mostly for tests and unusual layouts. */
    static final String PATH_PROPERTY = "heddle.embeddings.jar";
    /** The class in the jar that the agent instantiates. */
    private static final String EMBEDDER_CLASS = "dev.heddle.embeddings.OnnxSentenceEmbedder";

    private static final Map<Path, CompanionJar> OPENED = new ConcurrentHashMap<>();
    /**
     * Files that are not a usable companion jar, with the size and time they had: a semantic cache
     * would otherwise open a broken jar again on every call. A file replaced meanwhile is tried again.
     */
    private static final Map<Path, Unusable> UNUSABLE = new ConcurrentHashMap<>();

    private record Unusable(long size, FileTime modified, EmbeddingException why) {
    }

    private final Path jar;
    private final URLClassLoader loader;
    private final Class<?> embedderClass;
    private final Map<String, Loaded> models = new ConcurrentHashMap<>();

    private CompanionJar(Path jar) {
        this.jar = jar;
        URLClassLoader opened = null;
        try {
            opened = new URLClassLoader("heddle-embeddings", new URL[] {jar.toUri().toURL()},
                    ClassLoader.getPlatformClassLoader());
            this.loader = opened;
            this.embedderClass = Class.forName(EMBEDDER_CLASS, true, opened);
        } catch (IOException | ClassNotFoundException | LinkageError e) {
            closeQuietly(opened);
            throw new EmbeddingException(jar + " is not a usable " + FILE_NAME + " (" + e
                    + "); replace it with the one built with this heddle-agent.jar", e);
        }
    }

    /**
     * Where the jar is expected: the path in the system property {@value #PATH_PROPERTY} when set;
     * else beside the jar that holds the agent's classes, or, when those are a directory (a build's
     * {@code target/classes}), beside that directory.
     *
     * @return the path, whether or not a file is there
     */
    static Path expectedLocation() {
        String configured = System.getProperty(PATH_PROPERTY);
        if (configured != null && !configured.isBlank()) return Path.of(configured).toAbsolutePath();
        CodeSource source = CompanionJar.class.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            throw new EmbeddingException("cannot tell where heddle-agent.jar lies, so cannot find " + FILE_NAME
                    + " beside it; set -D" + PATH_PROPERTY + "=/path/to/" + FILE_NAME);
        }
        Path agent;
        try {
            agent = Path.of(source.getLocation().toURI()).toAbsolutePath();
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new EmbeddingException("cannot tell where heddle-agent.jar lies (" + source.getLocation() + "), so cannot find "
                    + FILE_NAME + " beside it; set -D" + PATH_PROPERTY + "=/path/to/" + FILE_NAME, e);
        }
        // the agent jar's directory, or, for a class directory such as agent/target/classes, agent/target
        return agent.resolveSibling(FILE_NAME);
    }

    /**
     * @param jar where the jar should be
     * @return the jar, opened once per JVM
     * @throws EmbeddingException when no file is there, naming the path and how to fix it, or when
     *     the file is not a companion jar
     */
    static CompanionJar at(Path jar) {
        Path absolute = jar.toAbsolutePath().normalize();
        // checked on every attempt, so a jar copied into place while the app runs is picked up
        if (!Files.isRegularFile(absolute)) {
            throw new EmbeddingException("the local embedder needs " + FILE_NAME + " at " + absolute + ", and there is none."
                    + " The build puts it beside heddle-agent.jar (agent/target/" + FILE_NAME + "); copy it into the"
                    + " directory of heddle-agent.jar, or set -D" + PATH_PROPERTY + "=/path/to/" + FILE_NAME
                    + ". Or use embedder: { provider: openai, ... } instead of local.");
        }
        Path real;
        try {
            real = absolute.toRealPath();
        } catch (IOException e) {
            throw new EmbeddingException("cannot read " + absolute + ": " + e, e);
        }
        Unusable known = UNUSABLE.get(real);
        if (known != null && known.size() == sizeOf(real) && known.modified().equals(modifiedOf(real))) {
            // a fresh exception, so that each caller's stack trace shows its own call
            throw new EmbeddingException(known.why().getMessage(), known.why());
        }
        try {
            // by its real path: one file reached through a link is still one class loader, and ONNX Runtime's
            // native library is loaded once
            return OPENED.computeIfAbsent(real, CompanionJar::new);
        } catch (EmbeddingException unusable) {
            UNUSABLE.put(real, new Unusable(sizeOf(real), modifiedOf(real), unusable));
            throw unusable;
        }
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException unreadable) {
            return -1;
        }
    }

    private static FileTime modifiedOf(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException unreadable) {
            return FileTime.fromMillis(0);
        }
    }

    /** A class loader over a jar that turned out unusable holds the jar open until closed. */
    private static void closeQuietly(URLClassLoader loader) {
        if (loader == null) return;
        try {
            loader.close();
        } catch (IOException ignored) {
            // nothing more to release
        }
    }

    /**
     * @param modelName a model in the jar, such as {@code all-minilm-l6-v2-q}
     * @param threads the CPU threads one embedding may use; the first caller of a model decides
     * @return the model, loaded once per JVM
     * @throws EmbeddingException when the jar has no such model or ONNX Runtime cannot load it
     */
    CompanionModel model(String modelName, int threads) {
        Loaded loaded = models.get(modelName);
        if (loaded == null) loaded = models.computeIfAbsent(modelName, name -> attempt(name, threads));
        if (loaded.failure() != null) {
            // a fresh exception, so that each caller's stack trace shows its own call
            throw new EmbeddingException(loaded.failure().getMessage(), loaded.failure());
        }
        return loaded.model();
    }

    /**
     * A model, or why it could not be loaded: a failure is kept, because loading reads tens of
     * megabytes and a semantic cache would otherwise try again on every call.
     */
    private record Loaded(CompanionModel model, EmbeddingException failure) {
    }

    private Loaded attempt(String modelName, int threads) {
        try {
            return new Loaded(load(modelName, threads), null);
        } catch (EmbeddingException e) {
            return new Loaded(null, e);
        }
    }

    private CompanionModel load(String modelName, int threads) {
        try {
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            MethodHandle constructor = lookup.findConstructor(embedderClass,
                    MethodType.methodType(void.class, String.class, int.class));
            Object instance = constructor.invoke(modelName, threads);
            MethodHandle id = lookup.findVirtual(embedderClass, "id", MethodType.methodType(String.class)).bindTo(instance);
            MethodHandle embed = lookup.findVirtual(embedderClass, "embed", MethodType.methodType(float[].class, String.class))
                    .bindTo(instance);
            return new CompanionModel((String) id.invokeExact(), embed);
        } catch (NoSuchMethodException | IllegalAccessException e) {
            throw new EmbeddingException(jar + " does not fit this heddle-agent.jar (" + e
                    + "); replace it with the one built with the agent", e);
        } catch (RuntimeException e) {
            throw new EmbeddingException("cannot load the local embedding model " + modelName + " from " + jar + ": "
                    + e.getMessage(), e);
        } catch (LinkageError e) {
            // a native library that does not load, or a class of the jar that does not link
            throw new EmbeddingException("ONNX Runtime from " + jar + " cannot start on this platform ("
                    + System.getProperty("os.name") + ", " + System.getProperty("os.arch") + "): " + e, e);
        } catch (Error e) {
            throw e;
        } catch (Throwable e) {
            throw new EmbeddingException("cannot load the local embedding model " + modelName + ": " + e, e);
        }
    }

    /** @return the class loader that holds the jar's classes */
    ClassLoader classLoader() {
        return loader;
    }

    /** @return the class that embeds, as loaded from the jar */
    Class<?> embedderClass() {
        return embedderClass;
    }
}
