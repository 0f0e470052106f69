package dev.heddle.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.Node;

/** Reads {@code match: { type: com.example.Bot, method: answer(java.lang.String, int) }}. */
final class MatchReader {

    private static final List<String> KEYS = List.of("type", "method");
    private static final String IDENTIFIER = "\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*";
    private static final String CLASS_NAME = IDENTIFIER + "(\\." + IDENTIFIER + ")*";
    private static final Pattern TYPE = Pattern.compile(CLASS_NAME);
    private static final Pattern PARAMETER_TYPE = Pattern.compile(CLASS_NAME + "(\\[\\])*");
    private static final Pattern METHOD = Pattern.compile("(" + IDENTIFIER + ")\\s*(\\((.*)\\))?");
    private static final String EXPECTED_MATCH = "a mapping such as { type: com.example.SupportBot, method: answer }";
    private static final String EXPECTED_TYPE = "a class or interface name such as com.example.SupportBot";
    private static final String EXPECTED_METHOD = "a method name such as answer, or a signature such as answer(java.lang.String, int)";

    /** A method as {@code match.method} names it; no parameter list means every overload. */
    private record Signature(String name, Optional<List<String>> parameterTypes) {
    }

    private final Problems problems;
    private final Scalars scalars;

    MatchReader(Problems problems, Scalars scalars) {
        this.problems = problems;
        this.scalars = scalars;
    }

    Optional<MatchConfig> read(Node node, String path) {
        Optional<YamlMapping> read = YamlMapping.read(node, path, EXPECTED_MATCH, problems);
        if (read.isEmpty()) return Optional.empty();
        YamlMapping match = read.get().allowOnly(KEYS, problems);
        Optional<String> type = required(match, "type", EXPECTED_TYPE).flatMap(typeNode -> type(typeNode, match.pathOf("type")));
        Optional<Signature> method = required(match, "method", EXPECTED_METHOD)
                .flatMap(methodNode -> method(methodNode, match.pathOf("method")));
        if (type.isEmpty() || method.isEmpty()) return Optional.empty();
        return Optional.of(new MatchConfig(type.get(), method.get().name(), method.get().parameterTypes()));
    }

    private Optional<Node> required(YamlMapping match, String key, String expected) {
        Optional<Node> value = match.get(key);
        if (value.isEmpty()) problems.report(match.node(), match.path(), "'" + key + "' is required: " + expected);
        return value;
    }

    private Optional<String> type(Node node, String path) {
        return scalars.name(node, path, EXPECTED_TYPE).filter(type -> {
            if (TYPE.matcher(type).matches()) return true;
            reportFound(node, path, EXPECTED_TYPE, type);
            return false;
        });
    }

    /** Parameter types are kept as written, trimmed; resolving them against classes is the agent's matching. */
    private Optional<Signature> method(Node node, String path) {
        Optional<String> text = scalars.name(node, path, EXPECTED_METHOD);
        if (text.isEmpty()) return Optional.empty();
        Matcher method = METHOD.matcher(text.get());
        if (!method.matches()) return reportFound(node, path, EXPECTED_METHOD, text.get());
        if (method.group(2) == null) return Optional.of(new Signature(method.group(1), Optional.empty()));
        String parameters = method.group(3).strip();
        List<String> parameterTypes = new ArrayList<>();
        if (!parameters.isEmpty()) {
            for (String parameter : parameters.split(",", -1)) {
                String parameterType = parameter.strip();
                if (!PARAMETER_TYPE.matcher(parameterType).matches()) {
                    return reportFound(node, path, "parameter types such as java.lang.String, int or byte[], separated by commas",
                            text.get());
                }
                parameterTypes.add(parameterType);
            }
        }
        return Optional.of(new Signature(method.group(1), Optional.of(parameterTypes)));
    }

    private <T> Optional<T> reportFound(Node node, String path, String expected, String text) {
        problems.report(node, path, "expected " + expected + ", but found '" + text + "'");
        return Optional.empty();
    }
}
