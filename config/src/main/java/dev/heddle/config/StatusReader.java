package dev.heddle.config;

import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.Node;

/** Reads {@code status:}, the local status endpoint: {@code { port: 9464 }}. */
final class StatusReader {

    private static final List<String> KEYS = List.of("port");
    private static final String EXPECTED_STATUS = "a mapping such as { port: 9464 }";

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
                problems.report(status.node(), path, "'port' is required: " + Scalars.PORT + ", such as { port: 9464 }");
                return Optional.empty();
            }
            return scalars.port(port.get(), status.pathOf("port")).map(StatusConfig::new);
        });
    }
}
