package dev.heddle.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ConfigLoader#load(Path)}: the file's path names every problem, and a file that cannot be read is one too. */
class ConfigFileTest {

    @TempDir
    Path directory;

    @Test
    void aFileIsReadAndItsPathIsTheSource() throws IOException, ConfigException {
        Path file = Files.writeString(directory.resolve("heddle.yaml"), "rules:\n  - { name: bot, preset: openai-java }\n");

        HeddleConfig config = ConfigLoader.load(file);

        assertThat(config.source()).isEqualTo(file.toString());
        assertThat(config.rules().get(0).location()).isEqualTo(new Location(file.toString(), 2, 5));
    }

    @Test
    void problemsInAFileAreReportedUnderItsPath() throws IOException {
        Path file = Files.writeString(directory.resolve("heddle.yaml"), "enabled: maybe\n");

        ConfigException exception = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(file));

        assertThat(exception.problems()).extracting(ConfigProblem::location).containsExactly(new Location(file.toString(), 1, 10));
        assertThat(exception.getMessage()).contains(file + ":1:10: enabled: expected true or false, but found 'maybe'");
    }

    @Test
    void aFileThatDoesNotExistIsAProblemAtLineZero() {
        Path missing = directory.resolve("missing.yaml");

        ConfigException exception = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(missing));

        assertThat(exception.problems()).containsExactly(
                new ConfigProblem(new Location(missing.toString(), 0, 0), "the configuration file does not exist"));
    }

    @Test
    void aDirectoryIsAProblemAtLineZero() {
        ConfigException exception = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(directory));

        assertThat(exception.problems()).containsExactly(
                new ConfigProblem(new Location(directory.toString(), 0, 0), "the configuration file is a directory, not a file"));
    }

    @Test
    void aFileThatIsNotUtf8IsAProblemAtLineZero() throws IOException {
        Path file = Files.write(directory.resolve("latin1.yaml"), new byte[] {'r', 'e', 'd', 'i', 's', ':', ' ', (byte) 0xE9});

        ConfigException exception = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(file));

        assertThat(exception.problems()).containsExactly(
                new ConfigProblem(new Location(file.toString(), 0, 0), "the configuration file is not UTF-8 text"));
    }

    @Test
    void anEmptyFileIsAValidEmptyConfiguration() throws IOException, ConfigException {
        Path file = Files.writeString(directory.resolve("empty.yaml"), "");

        HeddleConfig config = ConfigLoader.load(file);

        assertThat(config.rules()).isEmpty();
        assertThat(config.enabled()).isTrue();
    }
}
