package dev.heddle.config;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Reads Heddle's YAML configuration into a validated {@link HeddleConfig}.
 *
 * <p>Every way a configuration can be wrong, from a missing file through a YAML syntax error to an
 * unknown quota name, ends in one {@link ConfigException} that lists every problem found, each with
 * file, line and column. The YAML reference is {@code docs/configuration.md}.
 */
public final class ConfigLoader {

    private ConfigLoader() {
    }

    /**
     * Reads a UTF-8 file; {@code ${NAME}} references take their values from the process environment.
     *
     * @param file the YAML file
     * @return the validated configuration
     * @throws ConfigException listing every problem, each with file, line and column; a file that
     *     cannot be read is reported at line 0, column 0
     */
    public static HeddleConfig load(Path file) throws ConfigException {
        Objects.requireNonNull(file, "file");
        return parse(read(file), file.toString());
    }

    /**
     * Parses YAML text; {@code ${NAME}} references take their values from the process environment.
     *
     * @param yaml the YAML text
     * @param sourceName the name problems are reported under, such as the file path
     * @return the validated configuration
     * @throws ConfigException listing every problem, each with file, line and column
     */
    public static HeddleConfig parse(String yaml, String sourceName) throws ConfigException {
        return parse(yaml, sourceName, System::getenv);
    }

    /**
     * Parses YAML text, taking the values of {@code ${NAME}} references from {@code environment}.
     *
     * @param yaml the YAML text
     * @param sourceName the name problems are reported under, such as the file path
     * @param environment a variable's value by name, {@code null} when it is not set
     * @return the validated configuration
     * @throws ConfigException listing every problem, each with file, line and column
     */
    public static HeddleConfig parse(String yaml, String sourceName, Function<String, String> environment)
            throws ConfigException {
        Objects.requireNonNull(yaml, "yaml");
        Objects.requireNonNull(sourceName, "sourceName");
        Objects.requireNonNull(environment, "environment");
        Problems problems = new Problems(sourceName);
        ConfigReader reader = new ConfigReader(sourceName, problems, new Scalars(problems, environment));
        Optional<Node> root = YamlComposer.compose(yaml, problems);
        HeddleConfig config = root.map(reader::read).orElseGet(reader::emptyConfig);
        problems.throwIfAny();
        return config;
    }

    private static String read(Path file) throws ConfigException {
        String source = file.toString();
        if (Files.isDirectory(file)) throw unreadable(source, "the configuration file is a directory, not a file");
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw unreadable(source, "the configuration file does not exist");
        } catch (AccessDeniedException e) {
            throw unreadable(source, "the configuration file cannot be read: permission denied");
        } catch (CharacterCodingException e) {
            throw unreadable(source, "the configuration file is not UTF-8 text");
        } catch (IOException e) {
            throw unreadable(source, "the configuration file cannot be read: " + e);
        }
    }

    private static ConfigException unreadable(String source, String message) {
        return new ConfigException(List.of(new ConfigProblem(new Location(source, 0, 0), message)));
    }
}
