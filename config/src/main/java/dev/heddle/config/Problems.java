package dev.heddle.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.Node;

/** Collects the problems of one configuration so that a single pass reports all of them. */
final class Problems {

    private static final Comparator<ConfigProblem> FILE_ORDER =
            Comparator.comparingInt((ConfigProblem p) -> p.location().line()).thenComparingInt(p -> p.location().column());

    private final String source;
    private final List<ConfigProblem> found = new ArrayList<>();

    Problems(String source) {
        this.source = source;
    }

    /**
     * @param node the offending node
     * @param path where the node sits in the configuration, such as {@code rules[0].cache.ttl}; empty at the top
     * @param message what was found and what was expected
     */
    void report(Node node, String path, String message) {
        found.add(new ConfigProblem(locationOf(node), path.isEmpty() ? message : path + ": " + message));
    }

    Location locationOf(Node node) {
        return node.getStartMark().map(this::locationOf).orElse(wholeFile());
    }

    /** Converts snakeyaml's zero-based mark to the one-based lines and columns that editors show. */
    Location locationOf(Mark mark) {
        return new Location(source, mark.getLine() + 1, mark.getColumn() + 1);
    }

    /** Where problems of the file as a whole are reported, such as a file that cannot be read. */
    Location wholeFile() {
        return new Location(source, 0, 0);
    }

    /**
     * @throws ConfigException listing every problem reported, in file order, when there is any
     */
    void throwIfAny() throws ConfigException {
        if (!found.isEmpty()) {
            List<ConfigProblem> sorted = new ArrayList<>(found);
            sorted.sort(FILE_ORDER);
            throw new ConfigException(sorted);
        }
    }
}
