package dev.heddle.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * A YAML mapping whose keys have been checked: every key is a scalar and appears once. A key written
 * with no value ({@code cache:}) reads as an empty mapping.
 */
final class YamlMapping {

    /** One key and its value, with the key's node for locating problems about the key itself. */
    record Entry(String key, Node keyNode, Node value) {
    }

    private final Node node;
    private final String path;
    private final Map<String, Entry> entries;

    private YamlMapping(Node node, String path, Map<String, Entry> entries) {
        this.node = node;
        this.path = path;
        this.entries = Collections.unmodifiableMap(entries);
    }

    /**
     * @param node the node that should be a mapping
     * @param path where the node sits, such as {@code rules[0].cache}; empty at the top
     * @param expected what the node should have been, for the message when it is not a mapping
     * @return the mapping; empty when the node is not one, which has been reported
     */
    static Optional<YamlMapping> read(Node node, String path, String expected, Problems problems) {
        if (Nodes.isNull(node)) return Optional.of(new YamlMapping(node, path, new LinkedHashMap<>()));
        if (!(node instanceof MappingNode mapping)) {
            problems.report(node, path, "expected " + expected + ", but found " + Nodes.describe(node));
            return Optional.empty();
        }
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            Node keyNode = tuple.getKeyNode();
            if (!(keyNode instanceof ScalarNode scalarKey)) {
                problems.report(keyNode, path, "expected a key name, but found " + Nodes.describe(keyNode));
                continue;
            }
            String key = scalarKey.getValue();
            Entry first = entries.get(key);
            if (first != null) {
                Location firstAt = problems.locationOf(first.keyNode());
                problems.report(keyNode, path, "duplicate key '" + key + "'; it is already given at line "
                        + firstAt.line() + ", column " + firstAt.column());
                continue;
            }
            entries.put(key, new Entry(key, keyNode, tuple.getValueNode()));
        }
        return Optional.of(new YamlMapping(node, path, entries));
    }

    /**
     * Reports every key that is not one of {@code allowed}, with a hint at the one that was probably meant.
     *
     * @return this mapping, for chaining
     */
    YamlMapping allowOnly(List<String> allowed, Problems problems) {
        for (Entry entry : entries.values()) {
            if (!allowed.contains(entry.key())) {
                String kind = path.isEmpty() ? "top-level key" : "key";
                problems.report(entry.keyNode(), path,
                        "unknown " + kind + " '" + entry.key() + "'; " + Suggestions.hint(entry.key(), allowed));
            }
        }
        return this;
    }

    Optional<Node> get(String key) {
        return Optional.ofNullable(entries.get(key)).map(Entry::value);
    }

    List<Entry> entries() {
        return List.copyOf(entries.values());
    }

    List<String> keys() {
        return List.copyOf(entries.keySet());
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    /** @return the mapping's own node, where problems about missing keys are reported */
    Node node() {
        return node;
    }

    /** @return where this mapping sits, such as {@code rules[0].cache} */
    String path() {
        return path;
    }

    /** @return the path of a key's value, such as {@code rules[0].cache.ttl} */
    String pathOf(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }
}
