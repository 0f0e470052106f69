package dev.heddle.config;

import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/** Small questions about YAML nodes that every reader asks. */
final class Nodes {

    /** The YAML 1.2 core schema's spellings of "no value"; only unquoted scalars can mean it. */
    private static final Pattern NULL = Pattern.compile("|~|null|Null|NULL");

    private Nodes() {
    }

    /** @return whether the node is an unquoted empty value, {@code ~} or {@code null}, as in {@code cache:} */
    static boolean isNull(Node node) {
        return node instanceof ScalarNode scalar && scalar.getScalarStyle() == ScalarStyle.PLAIN
                && NULL.matcher(scalar.getValue()).matches();
    }

    /** @return the node as a person would name it in "but found ..." */
    static String describe(Node node) {
        if (isNull(node)) return "no value";
        if (node instanceof MappingNode) return "a mapping";
        if (node instanceof SequenceNode) return "a list";
        return "'" + ((ScalarNode) node).getValue() + "'";
    }
}
