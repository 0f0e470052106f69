package dev.heddle.config;

import java.nio.file.Path;

/** Reads Heddle's YAML configuration into a validated {@link HeddleConfig}. */
public final class ConfigLoader {

    private ConfigLoader() {
    }

    /**
     * @param file the YAML file
     * @return the validated configuration
     * @throws ConfigException listing every problem, each with file, line and column
     */
    public static HeddleConfig load(Path file) throws ConfigException {
        throw new UnsupportedOperationException("being written");
    }

    /**
     * @param yaml the YAML text
     * @param sourceName the name problems are reported under, such as the file path
     * @return the validated configuration
     * @throws ConfigException listing every problem, each with file, line and column
     */
    public static HeddleConfig parse(String yaml, String sourceName) throws ConfigException {
        throw new UnsupportedOperationException("being written");
    }
}
