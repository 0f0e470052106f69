package dev.heddle.it.app;

import java.util.List;

/**
 * Calls unannotated classes that only YAML rules can cache, and prints the {@link RepeatProbe}
 * lines of each scenario named in its arguments (all four when none):
 * <ul>
 *   <li>{@code plain}: {@link PlainAssistant#answer(String)}, keys {@code plain.*};</li>
 *   <li>{@code overload}: {@link PlainAssistant#answer(String, int)}, keys {@code overload.*};</li>
 *   <li>{@code interface}: {@link EchoChatModel#chat(String)} called through {@link ChatModel},
 *       keys {@code interface.*};</li>
 *   <li>{@code superclass}: {@link TunedCompleter#complete(String)} called through
 *       {@link BaseCompleter}, keys {@code superclass.*}.</li>
 * </ul>
 */
public final class YamlRulesApp {

    private YamlRulesApp() {
    }

    /**
     * Runs the scenarios.
     *
     * @param args scenario names
     */
    public static void main(String[] args) {
        List<String> scenarios = args.length > 0 ? List.of(args) : List.of("plain", "overload", "interface", "superclass");
        for (String scenario : scenarios) {
            run(scenario);
        }
        Out.print("done", true);
    }

    private static void run(String scenario) {
        switch (scenario) {
            case "plain" -> {
                PlainAssistant assistant = new PlainAssistant();
                RepeatProbe.run("plain", assistant::answer, PlainAssistant.ANSWER_CALLS::get,
                        () -> "what is a heddle?", "what is a loom?");
            }
            case "overload" -> {
                PlainAssistant assistant = new PlainAssistant();
                RepeatProbe.run("overload", (String prompt) -> assistant.answer(prompt, 2),
                        PlainAssistant.DETAILED_ANSWER_CALLS::get, () -> "what is a heddle?", "what is a loom?");
            }
            case "interface" -> {
                ChatModel model = new EchoChatModel();
                RepeatProbe.run("interface", model::chat, EchoChatModel.CALLS::get,
                        () -> "what is a heddle?", "what is a loom?");
            }
            case "superclass" -> {
                BaseCompleter completer = new TunedCompleter();
                RepeatProbe.run("superclass", completer::complete, TunedCompleter.CALLS::get,
                        () -> "what is a heddle?", "what is a loom?");
            }
            default -> throw new IllegalArgumentException("unknown scenario: " + scenario);
        }
    }
}
