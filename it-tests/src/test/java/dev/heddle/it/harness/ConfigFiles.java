package dev.heddle.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes Heddle configuration files for a test.
 */
public final class ConfigFiles {

    private ConfigFiles() {
    }

    /**
     * Writes a YAML file.
     *
     * @param folder the folder, normally a temporary one
     * @param fileName the file name, such as {@code heddle.yaml}
     * @param yaml the content
     * @return the absolute path of the file
     */
    public static Path write(Path folder, String fileName, String yaml) {
        Path file = folder.resolve(fileName).toAbsolutePath();
        try {
            Files.writeString(file, yaml);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }
}
