package dev.heddle.it.harness;

import java.io.File;
import java.io.IOException;
import java.io.ByteArrayOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Compiles a test app's sources with the JDK's own compiler, for apps whose libraries must stay off
 * the test class path.
 */
public final class AppCompiler {

    private AppCompiler() {
    }

    /**
     * Compiles every {@code .java} file under a source root for Java 17.
     *
     * @param sourceRoot the root of the package folders
     * @param classpath the jars and folders the sources compile against
     * @param outputFolder where the classes go; created if missing
     * @throws AssertionError with the compiler's messages if compilation fails
     */
    public static void compile(Path sourceRoot, List<Path> classpath, Path outputFolder) {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        if (compiler == null) {
            throw new AssertionError("no Java compiler in " + System.getProperty("java.home") + ": run the tests on a JDK");
        }
        List<String> arguments = new ArrayList<>(List.of(
                "--release", "17",
                "-proc:none",
                "-d", outputFolder.toString(),
                "-classpath", String.join(File.pathSeparator, classpath.stream().map(Path::toString).toList())));
        arguments.addAll(javaFilesUnder(sourceRoot));
        ByteArrayOutputStream messages = new ByteArrayOutputStream();
        try {
            Files.createDirectories(outputFolder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int exit = compiler.run(null, messages, messages, arguments.toArray(String[]::new));
        if (exit != 0) {
            throw new AssertionError("compiling " + sourceRoot + " failed (exit " + exit + "):\n" + messages.toString(StandardCharsets.UTF_8));
        }
    }

    private static List<String> javaFilesUnder(Path sourceRoot) {
        try (Stream<Path> files = Files.walk(sourceRoot)) {
            List<String> sources = files.filter(file -> file.toString().endsWith(".java")).map(Path::toString).sorted().toList();
            if (sources.isEmpty()) {
                throw new AssertionError("no .java files under " + sourceRoot);
            }
            return sources;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
