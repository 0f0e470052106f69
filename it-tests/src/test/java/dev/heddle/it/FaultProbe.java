package dev.heddle.it;

import dev.heddle.it.app.sdk.FaultProbeApp;
import dev.heddle.it.harness.ChildJvm;
import dev.heddle.it.harness.ChildResult;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The test's side of {@link FaultProbeApp}: sends one command at a time to a running child and
 * returns the {@code key=value} lines that command printed, so that a test can change a fault
 * between two calls and check each call on its own.
 */
final class FaultProbe implements AutoCloseable {

    private final ChildJvm child;
    private int commands;

    /** What one command printed: its {@code c<n>.*} lines, by the key after the prefix ({@code ""} for {@code c<n>=...}). */
    record Reply(int number, Map<String, String> values, String describeChild) {

        /** @return the value, failing with everything the child printed when it is absent */
        String get(String key) {
            String value = values.get(key);
            if (value == null) throw new AssertionError("command " + number + " printed no " + key + "\n" + describeChild);
            return value;
        }

        /** @return the outcome of an {@code ask}: {@code ok} or an exception class */
        String outcome() {
            return get("");
        }

        long number(String key) {
            return Long.parseLong(get(key));
        }
    }

    /**
     * Waits until the child is ready.
     *
     * @param child a started {@link FaultProbeApp}
     */
    FaultProbe(ChildJvm child) {
        this.child = child;
        child.awaitStdoutLine(FaultProbeApp.READY::equals);
    }

    Reply ask(String user, String question) {
        return command("ask " + user + " " + question);
    }

    Reply burst(int threads, String user, String question) {
        return command("burst " + threads + " " + user + " " + question);
    }

    Reply status() {
        return command("status");
    }

    /** @return what the agent (or anything else) wrote to the child's stderr so far */
    String stderr() {
        return child.stderrSoFar();
    }

    /** @return what the child printed so far, for failure messages */
    String describe() {
        return "stdout:\n" + child.stdoutSoFar() + "stderr:\n" + child.stderrSoFar();
    }

    /** Lets the child end and waits for it. */
    ChildResult exit() {
        child.writeLine(FaultProbeApp.EXIT);
        return child.waitFor();
    }

    private Reply command(String line) {
        int number = ++commands;
        child.writeLine(line);
        child.awaitStdoutLine(("answered=" + number)::equals);
        String prefix = "c" + number;
        Map<String, String> values = new LinkedHashMap<>();
        for (String printed : child.stdoutSoFar().split("\n")) {
            int equals = printed.indexOf('=');
            if (equals < 0) continue;
            String key = printed.substring(0, equals);
            if (key.equals(prefix)) {
                values.put("", printed.substring(equals + 1));
            } else if (key.startsWith(prefix + ".")) {
                values.put(key.substring(prefix.length() + 1), printed.substring(equals + 1));
            }
        }
        return new Reply(number, values, describe());
    }

    @Override
    public void close() {
        child.close();
    }
}
