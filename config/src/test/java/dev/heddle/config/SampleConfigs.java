package dev.heddle.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The sample configurations under {@code src/test/resources}: {@code examples/}, valid ones, one per
 * feature area, and {@code broken/}, each with deliberate mistakes and, beside it, a {@code .expected}
 * file holding every problem as {@code line:column: message}, in file order.
 */
final class SampleConfigs {

    private SampleConfigs() {
    }

    /** @return every valid example, sorted by name */
    static List<Path> examples() {
        return yamlFilesIn("examples");
    }

    /** @return every broken configuration, sorted by name */
    static List<Path> broken() {
        return yamlFilesIn("broken");
    }

    /**
     * @param yaml a broken configuration
     * @return the problems its {@code .expected} file lists, each as {@code line:column: message}
     */
    static List<String> expectedProblems(Path yaml) {
        String name = yaml.getFileName().toString();
        Path expected = yaml.resolveSibling(name.substring(0, name.length() - ".yaml".length()) + ".expected");
        try {
            return Files.readAllLines(expected, StandardCharsets.UTF_8).stream().filter(line -> !line.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("every broken configuration needs its .expected file beside it", e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> yamlFilesIn(String folder) {
        URL url = SampleConfigs.class.getResource("/" + folder);
        if (url == null) throw new IllegalStateException("no test resource folder " + folder);
        try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
            return files.filter(file -> file.getFileName().toString().endsWith(".yaml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
