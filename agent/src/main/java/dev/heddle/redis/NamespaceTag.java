package dev.heddle.redis;

import java.util.Optional;

/**
 * A cache namespace as the hash tag of Heddle's Redis keys, {@code {<namespace>}}: every key of a
 * namespace lands in one cluster slot. {@code %}, {@code {} and {@code }} in the namespace are
 * percent-encoded, so the tag ends at the first {@code }}, and the namespace can be read back.
 */
public final class NamespaceTag {

    private NamespaceTag() {
    }

    /**
     * @param namespace a cache namespace, such as {@code rule:support-bot}
     * @return its tag, braces included
     */
    public static String of(String namespace) {
        return "{" + namespace.replace("%", "%25").replace("{", "%7B").replace("}", "%7D") + "}";
    }

    /**
     * @param key a key that holds a tag, such as {@code heddle:c:{rule:support-bot}:...}
     * @return the namespace of its tag; empty when the key has none
     */
    public static Optional<String> namespaceIn(String key) {
        int open = key.indexOf('{');
        int close = key.indexOf('}', open + 1);
        if (open < 0 || close < 0) return Optional.empty();
        return Optional.of(key.substring(open + 1, close).replace("%7B", "{").replace("%7D", "}").replace("%25", "%"));
    }
}
