package dev.heddle.bootstrap;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** What the agent logs (to standard error) while a piece of test code runs; passed on to the real stream too. */
public final class StandardErrorCapture {

    private StandardErrorCapture() {
    }

    /**
     * @param action the code whose log lines are wanted
     * @return everything written to standard error while it ran
     */
    public static String during(Runnable action) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        String text = captured.toString(StandardCharsets.UTF_8);
        original.print(text);
        return text;
    }
}
