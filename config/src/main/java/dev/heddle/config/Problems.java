package dev.heddle.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.Node;

/** Collects the problems of one configuration so that a single pass reports all of them. */
final class Problems {

    private static final Comparator<ConfigProblem> FILE_ORDER =
            Comparator.comparingInt((ConfigProblem p) -> p.location().line()).thenComparingInt(p -> p.location().column());

    /** A problem as said at one place, whatever path led there. */
    private record Said(Location location, String message) {
    }

    private final String source;
    private final List<ConfigProblem> found = new ArrayList<>();
    private final Set<Said> said = new HashSet<>();
    private boolean rereading;

    Problems(String source) {
        this.source = source;
    }

    /** @return how many problems were reported so far, to tell whether a part of the file added any */
    int count() {
        return found.size();
    }

    /**
     * @param node the offending node
     * @param path where the node sits in the configuration, such as {@code rules[0].cache.ttl}; empty at the top
     * @param message what was found and what was expected
     */
    void report(Node node, String path, String message) {
        Location location = locationOf(node);
        boolean firstTime = said.add(new Said(location, message));
        if (rereading && !firstTime) return;
        found.add(new ConfigProblem(location, path.isEmpty() ? message : path + ": " + message));
    }

    /**
     * Runs a second reading of nodes that have been read already, such as a rule's own keys in the
     * rule as an experiment's variant changes it: a problem already reported at the same place with
     * the same words is not reported again under the second path. What only the second reading
     * finds, such as a problem in the variant's own keys, is reported, once.
     *
     * @return what {@code reading} returns
     */
    <T> T rereading(Supplier<T> reading) {
        boolean outer = rereading;
        rereading = true;
        try {
            return reading.get();
        } finally {
            rereading = outer;
        }
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
