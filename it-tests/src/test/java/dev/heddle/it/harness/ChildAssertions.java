package dev.heddle.it.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Assertions on a finished child whose failure messages hold everything the child printed.
 */
public final class ChildAssertions {

    private ChildAssertions() {
    }

    /**
     * Asserts the child exited by itself with code 0.
     *
     * @param result the child's result
     * @return the same result
     */
    public static ChildResult assertSucceeded(ChildResult result) {
        assertThat(result.succeeded()).as(result::describe).isTrue();
        return result;
    }

    /**
     * Asserts the child exited with code 0 and printed these {@code key=value} lines (among others).
     *
     * @param result the child's result
     * @param expectedLines lines such as {@code "calls=1"}
     */
    public static void assertPrinted(ChildResult result, String... expectedLines) {
        assertSucceeded(result);
        Map<String, String> expected = new LinkedHashMap<>();
        for (String line : expectedLines) {
            int equals = line.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("not a key=value line: " + line);
            }
            expected.put(line.substring(0, equals), line.substring(equals + 1));
        }
        assertThat(result.values()).as(result::describe).containsAllEntriesOf(expected);
    }
}
