package dev.heddle.check;

import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;

/**
 * An application's class path, jars and directories, read as class files: every type is described
 * through Byte Buddy's {@link TypePool}, as the agent describes the classes it matches, and no class
 * of the application is ever loaded, so no static initialiser runs.
 */
final class ClassPath implements Closeable {

    /** A class path that cannot be read as given; the message is written for the person who typed it. */
    static final class InvalidClassPathException extends Exception {

        private static final long serialVersionUID = 1L;

        InvalidClassPathException(String message) {
            super(message);
        }
    }

    private static final String CLASS_SUFFIX = ".class";

    private final List<Path> entries;
    private final ClassFileLocator locator;
    private final TypePool pool;
    private final URLClassLoader resources;

    private ClassPath(List<Path> entries, ClassFileLocator locator, URLClassLoader resources) {
        this.entries = entries;
        this.locator = locator;
        this.pool = new TypePool.Default(new TypePool.CacheProvider.Simple(), locator, TypePool.Default.ReaderMode.FAST);
        this.resources = resources;
    }

    /**
     * @param text entries separated by {@link File#pathSeparator}, as for {@code java -cp}; an entry
     *     {@code dir/*} stands for every jar in {@code dir}, as it does for {@code java -cp}
     * @return the class path, open until {@link #close()}
     * @throws InvalidClassPathException when an entry does not exist or is neither a jar nor a directory
     */
    static ClassPath open(String text) throws InvalidClassPathException {
        List<Path> entries = new ArrayList<>();
        for (String entry : text.split(File.pathSeparator)) {
            if (entry.isBlank()) continue;
            entries.addAll(expand(entry.strip()));
        }
        if (entries.isEmpty()) throw new InvalidClassPathException("the class path is empty");
        List<ClassFileLocator> locators = new ArrayList<>();
        List<URL> urls = new ArrayList<>();
        try {
            for (Path entry : entries) {
                locators.add(Files.isDirectory(entry)
                        ? new ClassFileLocator.ForFolder(entry.toFile())
                        : ClassFileLocator.ForJarFile.of(entry.toFile()));
                urls.add(entry.toUri().toURL());
            }
        } catch (IOException e) {
            closeAll(locators);
            throw new InvalidClassPathException("cannot read the class path: " + e.getMessage());
        }
        // the JDK's class files, so that a hierarchy walk reaches java.lang.Object as it does in the agent
        locators.add(ClassFileLocator.ForClassLoader.ofPlatformLoader());
        // only getResource is ever called on it: it answers "can the app's loader see this type?"
        URLClassLoader resources = new URLClassLoader("heddle-check", urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
        return new ClassPath(List.copyOf(entries), new ClassFileLocator.Compound(locators), resources);
    }

    private static List<Path> expand(String entry) throws InvalidClassPathException {
        if (entry.equals("*") || entry.endsWith("/*") || entry.endsWith(File.separator + "*")) {
            String folder = entry.substring(0, entry.length() - 1);
            Path directory = Path.of(folder.isEmpty() ? "." : folder);
            if (!Files.isDirectory(directory)) {
                throw new InvalidClassPathException("class path entry '" + entry + "': " + directory + " is not a directory");
            }
            try (Stream<Path> files = Files.list(directory)) {
                return files.filter(ClassPath::isJar).sorted().toList();
            } catch (IOException e) {
                throw new InvalidClassPathException("class path entry '" + entry + "' cannot be listed: " + e.getMessage());
            }
        }
        Path path = Path.of(entry);
        if (!Files.exists(path)) throw new InvalidClassPathException("class path entry '" + entry + "' does not exist");
        if (!Files.isDirectory(path) && !isJar(path)) {
            throw new InvalidClassPathException("class path entry '" + entry + "' is neither a directory nor a .jar file");
        }
        return List.of(path);
    }

    private static boolean isJar(Path path) {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        return Files.isRegularFile(path) && (name.endsWith(".jar") || name.endsWith(".zip"));
    }

    /** @return the binary name of every class on the class path, sorted, each once */
    List<String> typeNames() {
        TreeSet<String> names = new TreeSet<>();
        for (Path entry : entries) {
            if (Files.isDirectory(entry)) {
                try (Stream<Path> files = Files.walk(entry)) {
                    files.filter(Files::isRegularFile)
                            .map(file -> entry.relativize(file).toString().replace(File.separatorChar, '/'))
                            .forEach(path -> typeName(path).ifPresent(names::add));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            } else {
                try (JarFile jar = new JarFile(entry.toFile(), false)) {
                    for (Enumeration<JarEntry> jarEntries = jar.entries(); jarEntries.hasMoreElements();) {
                        JarEntry jarEntry = jarEntries.nextElement();
                        if (!jarEntry.isDirectory()) typeName(jarEntry.getName()).ifPresent(names::add);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + entry + ": " + e.getMessage(), e);
                }
            }
        }
        return List.copyOf(names);
    }

    /** Versioned copies of multi-release jars and module or package descriptors are no classes to weave. */
    private static Optional<String> typeName(String path) {
        if (!path.endsWith(CLASS_SUFFIX) || path.startsWith("META-INF/")) return Optional.empty();
        String name = path.substring(0, path.length() - CLASS_SUFFIX.length());
        if (name.endsWith("module-info") || name.endsWith("package-info")) return Optional.empty();
        return Optional.of(name.replace('/', '.'));
    }

    /**
     * @param typeName a binary name from {@link #typeNames()}
     * @return the type as its class file describes it; its supertypes resolve lazily from the class path and the JDK
     */
    TypeDescription describe(String typeName) {
        return pool.describe(typeName).resolve();
    }

    /** @return a loader over the class path whose resources, never its classes, are read */
    ClassLoader resources() {
        return resources;
    }

    @Override
    public void close() throws IOException {
        try {
            resources.close();
        } finally {
            locator.close();
        }
    }

    private static void closeAll(List<ClassFileLocator> locators) {
        for (ClassFileLocator locator : locators) {
            try {
                locator.close();
            } catch (IOException ignored) {
                // already failing with a better message
            }
        }
    }
}
