package dev.heddle.config;

/**
 * Where something stands in a configuration file; line and column count from 1.
 *
 * @param source the file path, or a name such as {@code <inline>}
 * @param line the line, from 1
 * @param column the column, from 1
 */
public record Location(String source, int line, int column) {

    /** The location of things that come from no file, such as annotations. */
    public static final Location NONE = new Location("<none>", 0, 0);

    @Override
    public String toString() {
        return source + ":" + line + ":" + column;
    }
}
