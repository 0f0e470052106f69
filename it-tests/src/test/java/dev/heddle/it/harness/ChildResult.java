package dev.heddle.it.harness;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a finished child JVM left: its exit code, everything it printed, and whether it had to be
 * killed because it ran past its timeout.
 *
 * @param commandLine the command that started it
 * @param exitCode the exit code; meaningless when {@code timedOut}
 * @param timedOut whether the harness killed it at the timeout
 * @param stdout everything printed on standard output
 * @param stderr everything printed on standard error
 */
public record ChildResult(List<String> commandLine, int exitCode, boolean timedOut, String stdout, String stderr) {

    /**
     * The {@code key=value} lines of standard output, the last value winning.
     *
     * @return the values by key, in order of first appearance
     */
    public Map<String, String> values() {
        Map<String, String> values = new LinkedHashMap<>();
        stdout.lines().forEach(line -> {
            int equals = line.indexOf('=');
            if (equals > 0 && line.substring(0, equals).matches("[A-Za-z][\\w.]*")) {
                values.put(line.substring(0, equals), line.substring(equals + 1));
            }
        });
        return values;
    }

    /**
     * The value of one {@code key=value} line of standard output.
     *
     * @param key the key, such as {@code calls}
     * @return the value, empty if the child printed no such line
     */
    public Optional<String> value(String key) {
        return Optional.ofNullable(values().get(key));
    }

    /**
     * Whether the child exited by itself with code 0.
     *
     * @return true for a clean exit
     */
    public boolean succeeded() {
        return !timedOut && exitCode == 0;
    }

    /**
     * Everything about the run, for assertion messages: command, exit, and both outputs.
     *
     * @return a multi-line description
     */
    public String describe() {
        return "child JVM " + (timedOut ? "KILLED after its timeout" : "exited with " + exitCode)
                + "\ncommand: " + String.join(" ", commandLine)
                + "\n--- stdout ---\n" + stdout
                + "--- stderr ---\n" + stderr
                + "--------------";
    }
}
