package dev.heddle.it.app;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import java.util.function.IntSupplier;

/**
 * Loads and calls an expensive method before any agent is attached, then waits for a test to
 * attach one:
 * <ol>
 *   <li>calls the method once, prints {@code calls.beforeAttach=1} and {@code READY};</li>
 *   <li>waits for the line {@code GO} on stdin (the test attaches the agent first);</li>
 *   <li>calls the method three times with the same argument and prints {@code calls.afterAttach=N}
 *       (2 when the agent wove the loaded class: one miss, then hits) and {@code answersConsistent}.</li>
 * </ol>
 * The first argument picks the method: {@code annotated} for {@link CachedAssistant#answer(String)},
 * {@code yaml} for the unannotated {@link PlainAssistant#answer(String)}.
 */
public final class LateAttachApp {

    /** The line printed when the class is loaded and called, and the app waits for {@code GO}. */
    public static final String READY = "READY";
    /** The line the test writes to stdin once the agent is attached. */
    public static final String GO = "GO";

    private LateAttachApp() {
    }

    /**
     * Runs the handshake.
     *
     * @param args {@code annotated} or {@code yaml}
     * @throws IOException if stdin cannot be read
     */
    public static void main(String[] args) throws IOException {
        boolean annotated = args.length == 0 || args[0].equals("annotated");
        Function<String, String> method = annotated ? new CachedAssistant()::answer : new PlainAssistant()::answer;
        IntSupplier calls = annotated ? CachedAssistant.ANSWER_CALLS::get : PlainAssistant.ANSWER_CALLS::get;

        String before = method.apply("what is a heddle?");
        Out.print("calls.beforeAttach", calls.getAsInt());
        System.out.println(READY);
        System.out.flush();

        BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line = stdin.readLine();
        if (!GO.equals(line)) {
            System.err.println("expected " + GO + " on stdin, got " + line);
            System.exit(3);
        }

        String first = method.apply("what is a heddle?");
        String second = method.apply("what is a heddle?");
        String third = method.apply("what is a heddle?");
        Out.print("calls.afterAttach", calls.getAsInt());
        Out.print("answersConsistent", before.equals(first) && first.equals(second) && second.equals(third));
    }
}
