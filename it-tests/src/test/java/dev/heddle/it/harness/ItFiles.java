package dev.heddle.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The files the integration tests use: the agent jar, the demo app jar, the compiled test apps,
 * the Heddle annotations, the own-libs app's libraries and sources, and the OpenTelemetry Java
 * agent. Surefire passes their locations as system properties (see the module's pom); the
 * defaults suit a run from the {@code it-tests} folder.
 */
public final class ItFiles {

    private ItFiles() {
    }

    /**
     * The repository's root folder.
     *
     * @return {@code heddle.repo.root}, by default the parent of the working directory
     */
    public static Path repoRoot() {
        return Path.of(System.getProperty("heddle.repo.root", "..")).toAbsolutePath().normalize();
    }

    /**
     * The agent jar that users attach.
     *
     * @return {@code heddle.agent.jar}, by default {@code agent/target/heddle-agent.jar}
     * @throws AssertionError if it has not been built
     */
    public static Path agentJar() {
        return existing(property("heddle.agent.jar", repoRoot().resolve("agent/target/heddle-agent.jar")),
                "the agent jar; build it first: mvn -q install -DskipTests -pl annotations,config,agent");
    }

    /**
     * Where the demo app's executable jar is, built or not: a full reactor build packages the demo
     * app before these tests, a build of this module alone may not find it.
     *
     * @return {@code heddle.demo.jar}, by default {@code demo-app/target/heddle-demo-app.jar}
     */
    public static Path demoAppJar() {
        return property("heddle.demo.jar", repoRoot().resolve("demo-app/target/heddle-demo-app.jar"));
    }

    /**
     * The compiled test apps ({@code target/test-classes}), the class path root of this module's tests.
     *
     * @return the folder holding {@code dev/heddle/it/app}
     */
    public static Path testClasses() {
        return codeSourceOf(ItFiles.class);
    }

    /**
     * Where {@code dev.heddle.annotations.Cached} comes from: the annotations jar, or its classes
     * folder in a reactor build.
     *
     * @return a jar or a folder to put on a child's class path
     */
    public static Path annotations() {
        return codeSourceOf(dev.heddle.annotations.Cached.class);
    }

    /**
     * The libraries the own-libs app bundles, copied by maven-dependency-plugin.
     *
     * @return the jar files in {@code target/app-libs}, in name order
     * @throws AssertionError if the folder is missing
     */
    public static List<Path> appLibraries() {
        Path folder = existing(property("heddle.it.app.libs", Path.of("target/app-libs")),
                "the own-libs app's libraries; run the build through Maven (generate-test-resources)");
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(file -> file.toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The sources of the app that bundles its own libraries, compiled by the test that runs it.
     *
     * @return the source root {@code src/test/app-with-own-libs}
     */
    public static Path appWithOwnLibsSources() {
        return existing(property("heddle.it.app.sources", Path.of("src/test/app-with-own-libs")),
                "the own-libs app's sources");
    }

    /**
     * The OpenTelemetry Java agent, copied by maven-dependency-plugin.
     *
     * @return {@code heddle.it.otel.javaagent}, by default {@code target/agents/opentelemetry-javaagent.jar}
     * @throws AssertionError if it is missing
     */
    public static Path openTelemetryJavaAgent() {
        return existing(property("heddle.it.otel.javaagent", Path.of("target/agents/opentelemetry-javaagent.jar")),
                "the OpenTelemetry Java agent; run the build through Maven (generate-test-resources)");
    }

    private static Path property(String name, Path fallback) {
        String value = System.getProperty(name);
        return (value == null || value.isBlank() ? fallback : Path.of(value)).toAbsolutePath().normalize();
    }

    private static Path existing(Path path, String what) {
        if (!Files.exists(path)) {
            throw new AssertionError("missing " + path + ": " + what);
        }
        return path;
    }

    private static Path codeSourceOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the classes of " + type, e);
        }
    }
}
