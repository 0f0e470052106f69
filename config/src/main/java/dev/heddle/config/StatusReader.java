package dev.heddle.config;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.Node;

/** Reads {@code status:}, the local status endpoint: {@code { port: 9464 }}. */
final class StatusReader {

    private static final List<String> KEYS = List.of("port");
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");
    private static final String EXPECTED_STATUS = "a mapping such as { port: 9464 }";
    private static final String EXPECTED_PORT = "a port from 1 to " + StatusConfig.MAX_PORT + ", or 0 for any free port";

    private final Problems problems;
    private final Scalars scalars;

    StatusReader(Problems problems, Scalars scalars) {
        this.problems = problems;
        this.scalars = scalars;
    }

    /** @return the endpoint's settings; empty when they have problems, which are reported */
    Optional<StatusConfig> read(Node node, String path) {
        return YamlMapping.read(node, path, EXPECTED_STATUS, problems).flatMap(status -> {
            status.allowOnly(KEYS, problems);
            Optional<Node> port = status.get("port");
            if (port.isEmpty()) {
                // no default port: 9464 and its neighbours are popular, and a clash should be a choice
                problems.report(status.node(), path, "'port' is required: " + EXPECTED_PORT + ", such as { port: 9464 }");
                return Optional.empty();
            }
            return port(port.get(), status.pathOf("port")).map(StatusConfig::new);
        });
    }

    private Optional<Integer> port(Node node, String path) {
        return scalars.text(node, path, EXPECTED_PORT).map(String::strip).flatMap(text -> {
            // digits only: a port is never written with a sign, a fraction or '_' groups
            if (DIGITS.matcher(text).matches() && text.length() <= 5 && Integer.parseInt(text) <= StatusConfig.MAX_PORT) {
                return Optional.of(Integer.parseInt(text));
            }
            problems.report(node, path, "expected " + EXPECTED_PORT + ", but found '" + text + "'");
            return Optional.empty();
        });
    }
}
