package dev.heddle.config;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/** Reads a rule's {@code user:}: an argument path such as {@code arg0.customer.id}, or {@code { argument, mdc, baggage }}. */
final class UserReader {

    private static final List<String> KEYS = List.of("argument", "mdc", "baggage");
    /** An argument and a path of getters or record components: {@code arg0}, {@code arg1.customer.id}; also for track properties. */
    static final Pattern ARGUMENT = Pattern.compile("arg(0|[1-9][0-9]{0,2})(\\." + JavaNames.IDENTIFIER + ")*");
    private static final String EXPECTED_ARGUMENT = "an argument and a path of getters or record components, such as arg0 or arg0.customer.id";
    private static final String EXPECTED_USER = "an argument path such as arg0.customer.id, or a mapping such as { mdc: userId }";

    private final Problems problems;
    private final Scalars scalars;

    UserReader(Problems problems, Scalars scalars) {
        this.problems = problems;
        this.scalars = scalars;
    }

    /** @return where the rule's calls find their user; empty when that has problems, which are reported */
    Optional<UserConfig> read(Node node, String path) {
        if (node instanceof ScalarNode && !Nodes.isNull(node)) {
            return argument(node, path).map(argument -> new UserConfig(Optional.of(argument), Optional.empty(), Optional.empty()));
        }
        return YamlMapping.read(node, path, EXPECTED_USER, problems).flatMap(user -> {
            user.allowOnly(KEYS, problems);
            if (KEYS.stream().allMatch(key -> user.get(key).isEmpty())) {
                problems.report(node, path, "a user needs 'argument', 'mdc', 'baggage' or more, to say where the user id is");
                return Optional.empty();
            }
            Optional<String> argument = user.get("argument").flatMap(value -> argument(value, user.pathOf("argument")));
            Optional<String> mdc = user.get("mdc").flatMap(value -> scalars.name(value, user.pathOf("mdc"), "an MDC key such as userId"));
            Optional<String> baggage = user.get("baggage")
                    .flatMap(value -> scalars.name(value, user.pathOf("baggage"), "a baggage key such as user.id"));
            return Optional.of(new UserConfig(argument, mdc, baggage));
        });
    }

    private Optional<String> argument(Node node, String path) {
        return scalars.name(node, path, EXPECTED_ARGUMENT).filter(argument -> {
            if (ARGUMENT.matcher(argument).matches()) return true;
            problems.report(node, path, "expected " + EXPECTED_ARGUMENT + " (arg0 is the first argument), but found '"
                    + argument + "'");
            return false;
        });
    }
}
