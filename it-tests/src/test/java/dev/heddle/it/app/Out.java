package dev.heddle.it.app;

/**
 * Prints the machine-readable {@code key=value} lines that the tests read from a child's stdout.
 */
public final class Out {

    private Out() {
    }

    /**
     * Prints {@code key=value} and flushes.
     *
     * @param key the key, letters, digits and dots
     * @param value the value; {@code null} prints as {@code null}
     */
    public static void print(String key, Object value) {
        System.out.println(key + "=" + value);
        System.out.flush();
    }
}
