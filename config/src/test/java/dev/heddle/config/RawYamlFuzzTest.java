package dev.heddle.config;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Any bytes at all, written to a file and loaded as the agent loads its configuration: the loader
 * answers with a configuration or with located, readable problems (see {@link LoaderContract}).
 * Seeds: every example and broken configuration of the tests, in {@code RawYamlFuzzTestInputs}.
 * {@code JAZZER_FUZZ=1} fuzzes (the {@code fuzz} execution of config/pom.xml); without it only the
 * seeds run.
 */
class RawYamlFuzzTest {

    private static final Path FILE = temporaryFile();

    @FuzzTest(maxDuration = "30s")
    void anyFileLoadsOrIsRejectedWithLocatedReadableProblems(byte[] content) throws IOException {
        Files.write(FILE, content);
        LoaderContract.holds(FILE.toString(), () -> ConfigLoader.load(FILE));
    }

    private static Path temporaryFile() {
        try {
            Path file = Files.createTempFile("heddle-fuzz-", ".yaml");
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
