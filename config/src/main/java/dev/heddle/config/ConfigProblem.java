package dev.heddle.config;

/**
 * One thing wrong with a configuration, written for the person who edits the file.
 *
 * @param location where it is
 * @param message what is wrong and what was expected
 */
public record ConfigProblem(Location location, String message) {

    @Override
    public String toString() {
        return location + ": " + message;
    }
}
