package dev.heddle.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads names that must refer to something defined elsewhere in the file, such as the rules or the
 * quota tiers an experiment names; a name that refers to nothing is reported with the close one.
 */
final class KnownNames {

    private final Problems problems;
    private final Scalars scalars;
    private final String kind;
    private final List<String> known;
    private final String whenNoneKnown;

    /**
     * @param kind what the names name, for messages, such as {@code tier}
     * @param known every name that may be referred to
     * @param whenNoneKnown what to do when nothing may be referred to yet, such as {@code add a quota under 'quotas:'}
     */
    KnownNames(Problems problems, Scalars scalars, String kind, List<String> known, String whenNoneKnown) {
        this.problems = problems;
        this.scalars = scalars;
        this.kind = kind;
        this.known = List.copyOf(known);
        this.whenNoneKnown = whenNoneKnown;
    }

    /** @return the name; empty when it refers to nothing or has another problem, which is reported */
    Optional<String> read(Node node, String path) {
        return scalars.name(node, path, "a " + kind + " name").filter(name -> {
            if (known.contains(name)) return true;
            String hint = known.isEmpty() ? "no " + kind + "s are defined; " + whenNoneKnown : Suggestions.hint(name, known);
            problems.report(node, path, "unknown " + kind + " '" + name + "'; " + hint);
            return false;
        });
    }

    /**
     * @param whenEmpty what to write instead of an empty list, for the message, such as {@code leave 'rules' out for every rule}
     * @return the names that refer to something, in file order; the others, and names listed twice, are reported
     */
    List<String> readList(Node node, String path, String whenEmpty) {
        List<Node> elements;
        if (node instanceof SequenceNode sequence) {
            elements = sequence.getValue();
        } else if (Nodes.isNull(node)) {
            elements = List.of();
        } else {
            problems.report(node, path, "expected a list of " + kind + " names such as [" + (known.isEmpty() ? kind : known.get(0))
                    + "], but found " + Nodes.describe(node));
            return List.of();
        }
        if (elements.isEmpty()) {
            problems.report(node, path, "expected at least one " + kind + " name; " + whenEmpty);
            return List.of();
        }
        Map<String, Node> listed = new LinkedHashMap<>();
        for (int i = 0; i < elements.size(); i++) {
            Node element = elements.get(i);
            String elementPath = path + "[" + i + "]";
            read(element, elementPath).ifPresent(name -> {
                Node first = listed.putIfAbsent(name, element);
                if (first == null) return;
                Location at = problems.locationOf(first);
                problems.report(element, elementPath, "the " + kind + " '" + name + "' is already listed at line " + at.line()
                        + ", column " + at.column());
            });
        }
        return List.copyOf(listed.keySet());
    }
}
