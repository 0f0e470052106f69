package dev.heddle.it.app;

import java.util.ArrayList;
import java.util.List;

/**
 * Calls the {@code @Cached} methods of {@link CachedAssistant} with repeated and different
 * arguments of several kinds, and prints the {@link RepeatProbe} lines for each:
 * {@code string.*}, {@code twoArguments.*}, {@code record.*}, {@code list.*}.
 */
public final class AnnotatedApp {

    private AnnotatedApp() {
    }

    /**
     * Runs the probes.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        CachedAssistant assistant = new CachedAssistant();
        RepeatProbe.run("string", assistant::answer, CachedAssistant.ANSWER_CALLS::get,
                () -> new String("what is a heddle?"), "what is a loom?");
        RepeatProbe.run("twoArguments", (String model) -> assistant.complete(model, "what is a heddle?"),
                CachedAssistant.COMPLETE_CALLS::get, () -> "small", "large");
        RepeatProbe.run("record", assistant::answerQuestion, CachedAssistant.QUESTION_CALLS::get,
                () -> new Question("what is a heddle?", 2), new Question("what is a heddle?", 3));
        RepeatProbe.run("list", assistant::summarize, CachedAssistant.SUMMARIZE_CALLS::get,
                () -> new ArrayList<>(List.of("warp", "weft")), List.of("weft", "warp"));
        Out.print("done", true);
    }
}
