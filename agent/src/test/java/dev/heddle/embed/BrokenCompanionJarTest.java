package dev.heddle.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file in the place of {@code heddle-embeddings.jar} that is a jar but not the companion jar
 * (another build's, or another project's): every embedding fails with an error that names it, and
 * the agent does not keep the file open, however many calls try (Linux, where {@code /proc/self/fd}
 * shows the process's open files).
 */
class BrokenCompanionJarTest {

    @TempDir
    Path dir;

    private Path someOtherJar() throws IOException {
        Path jar = dir.resolve("heddle-embeddings.jar");
        try (OutputStream file = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(file)) {
            zip.putNextEntry(new ZipEntry("META-INF/MANIFEST.MF"));
            zip.write("Manifest-Version: 1.0\n".getBytes());
            zip.closeEntry();
        }
        return jar;
    }

    private static long openDescriptorsOf(Path file) throws IOException {
        Path real = file.toRealPath();
        try (Stream<Path> descriptors = Files.list(Path.of("/proc/self/fd"))) {
            return descriptors.filter(descriptor -> {
                try {
                    return Files.readSymbolicLink(descriptor).equals(real);
                } catch (IOException gone) {
                    return false;
                }
            }).count();
        }
    }

    @Test
    void aJarThatIsNotTheCompanionJarIsNamedInTheErrorAndNotKeptOpen() throws IOException {
        assumeThat(Path.of("/proc/self/fd")).isDirectory();
        Path jar = someOtherJar();
        try (var open = Files.newInputStream(jar)) {
            assertThat(openDescriptorsOf(jar)).as("the positive control: an open file is seen").isEqualTo(1);
        }

        for (int call = 0; call < 3; call++) {
            LocalEmbedder embedder = new LocalEmbedder("all-minilm-l6-v2-q", 1, jar);
            assertThatThrownBy(() -> embedder.embed("What is a heddle?"))
                    .isInstanceOf(EmbeddingException.class)
                    .hasMessageContaining(jar.toString()).hasMessageContaining("not a usable heddle-embeddings.jar");
        }

        assertThat(openDescriptorsOf(jar)).isZero();
    }
}
