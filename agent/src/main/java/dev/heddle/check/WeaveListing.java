package dev.heddle.check;

import dev.heddle.config.HeddleConfig;
import dev.heddle.config.MatchConfig;
import dev.heddle.config.RuleConfig;
import dev.heddle.weave.WeavePreview;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDefinition;
import net.bytebuddy.description.type.TypeDescription;

/**
 * Lists, per rule, the methods of a class path the agent would weave, and the methods that Heddle's
 * annotations select. Every class is judged by {@link WeavePreview}, the agent's own matching.
 */
final class WeaveListing {

    /** What was found: methods per rule in file order, annotated methods, and how many classes were read. */
    record Result(Map<String, List<String>> methodsByRule, List<String> annotatedMethods, int classesScanned,
            List<String> unreadableClasses) {
    }

    /** Enough to show which library is missing, few enough not to bury the listing. */
    private static final int MAX_UNREADABLE_SHOWN = 5;

    private final HeddleConfig config;

    WeaveListing(HeddleConfig config) {
        this.config = config;
    }

    /**
     * @param classPath the application's classes
     * @return every method the agent would weave, sorted by class and then in declaration order
     */
    Result scan(ClassPath classPath) {
        WeavePreview preview = new WeavePreview(config);
        Map<String, List<String>> methodsByRule = new LinkedHashMap<>();
        config.rules().forEach(rule -> methodsByRule.put(rule.name(), new ArrayList<>()));
        List<String> annotated = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        List<String> typeNames = classPath.typeNames();
        for (String typeName : typeNames) {
            List<WeavePreview.Selection> selections;
            try {
                TypeDescription type = classPath.describe(typeName);
                selections = preview.select(type, classPath.resources());
            } catch (RuntimeException unreadableClass) {
                // typically a type from a library that is not on the class path; with the app's full class path it resolves
                unreadable.add(typeName + " (" + unreadableClass.getMessage() + ")");
                continue;
            }
            for (WeavePreview.Selection selection : selections) {
                String method = describe(typeName, selection.method());
                selection.ruleNames().forEach(rule -> methodsByRule.get(rule).add(method));
                if (!selection.annotations().isEmpty()) annotated.add(method + " " + String.join(" ", selection.annotations()));
            }
        }
        return new Result(methodsByRule, annotated, typeNames.size(), unreadable);
    }

    /**
     * Prints the listing: a block per rule, then the annotated methods, each method indented on its own line.
     *
     * @return the summary of the listing, for the closing line
     */
    String print(Result result, PrintStream out) {
        int rulesWeaving = 0;
        int methodsWoven = 0;
        for (RuleConfig rule : config.rules()) {
            List<String> methods = result.methodsByRule().get(rule.name());
            out.println("rule " + rule.name() + " (" + origin(rule) + "):");
            if (methods.isEmpty()) {
                out.println("  " + (WeavePreview.targetsOf(rule).isEmpty()
                        ? "nothing: the preset is unknown"
                        : "nothing: no class on the class path has " + targets(rule)));
            } else {
                rulesWeaving++;
                methodsWoven += methods.size();
                methods.forEach(method -> out.println("  " + method));
            }
        }
        if (!result.annotatedMethods().isEmpty()) {
            out.println("annotations:");
            result.annotatedMethods().forEach(method -> out.println("  " + method));
        }
        List<String> unreadable = result.unreadableClasses();
        unreadable.stream().limit(MAX_UNREADABLE_SHOWN).forEach(type -> out.println("warning: cannot describe " + type
                + "; its methods are not listed"));
        if (unreadable.size() > MAX_UNREADABLE_SHOWN) {
            out.println("warning: and " + plural(unreadable.size() - MAX_UNREADABLE_SHOWN, "more class") + " that cannot be described");
        }
        String summary = rulesWeaving + " of " + plural(config.rules().size(), "rule") + " weave " + plural(methodsWoven, "method")
                + "; " + plural(result.annotatedMethods().size(), "annotated method") + "; "
                + plural(result.classesScanned(), "class") + " scanned";
        // a class whose supertypes or signatures name a missing library cannot be matched: the listing may be short
        return unreadable.isEmpty() ? summary
                : summary + ", " + unreadable.size() + " not described (is a library missing from the class path?)";
    }

    private static String origin(RuleConfig rule) {
        List<String> parts = new ArrayList<>();
        rule.match().ifPresent(match -> parts.add("match " + target(match)));
        rule.preset().ifPresent(preset -> parts.add("preset " + preset));
        if (!rule.enabled()) parts.add("disabled: woven without a policy");
        return String.join(", ", parts);
    }

    private static String targets(RuleConfig rule) {
        return WeavePreview.targetsOf(rule).stream().map(WeaveListing::target).collect(Collectors.joining(" or "));
    }

    private static String target(MatchConfig match) {
        String method = match.method() + match.parameterTypes().map(types -> "(" + String.join(", ", types) + ")").orElse("");
        return match.type() + "#" + method;
    }

    /** Such as {@code com.example.Bot#answer(java.lang.String, int)}: the form a rule's {@code match} takes. */
    private static String describe(String typeName, MethodDescription method) {
        String parameters = method.getParameters().asTypeList().asErasures().stream()
                .map(WeaveListing::sourceName).collect(Collectors.joining(", "));
        return typeName + "#" + method.getName() + "(" + parameters + ")";
    }

    private static String sourceName(TypeDefinition type) {
        if (type.isArray()) return sourceName(type.getComponentType()) + "[]";
        return type.asErasure().getName();
    }

    static String plural(int count, String noun) {
        if (count == 1) return count + " " + noun;
        return count + " " + (noun.endsWith("s") ? noun + "es" : noun + "s");
    }
}
