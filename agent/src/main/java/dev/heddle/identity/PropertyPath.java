package dev.heddle.identity;

import java.util.List;
import java.util.Optional;

/**
 * Where an event property's value comes from: {@code arg0}, {@code arg0.customer.id} (an argument,
 * then public accessors or getters), or {@code return} / {@code return.text} (the method's answer).
 * Strings, numbers and booleans are kept as they are; any other value as its text, cut to
 * {@value #MAX_TEXT} characters.
 */
public final class PropertyPath {

    /** The longest text a property keeps. */
    static final int MAX_TEXT = 1_000;
    private static final String RETURN = "return";

    private final int argument;
    private final List<String> names;

    private PropertyPath(int argument, List<String> names) {
        this.argument = argument;
        this.names = names;
    }

    /**
     * @param text such as {@code arg0.question} or {@code return.length}, validated by the configuration reader
     * @return the path
     */
    public static PropertyPath parse(String text) {
        String[] parts = text.split("\\.");
        List<String> names = List.of(parts).subList(1, parts.length);
        if (parts[0].equals(RETURN)) return new PropertyPath(-1, names);
        return new PropertyPath(Integer.parseInt(parts[0].substring("arg".length())), names);
    }

    /** @return whether the value comes from the method's answer, known only when the call ends */
    public boolean readsAnswer() {
        return argument < 0;
    }

    /**
     * @param arguments the call's arguments
     * @param answer what the method returned, or null before it did
     * @return the value, empty when something on the way is missing or null
     */
    public Optional<Object> valueOf(Object[] arguments, Object answer) {
        Object root = argument < 0 ? answer : argument < arguments.length ? arguments[argument] : null;
        if (root == null) return Optional.empty();
        return ArgumentPath.walk(root, names).map(PropertyPath::kept);
    }

    private static Object kept(Object value) {
        if (value instanceof Number || value instanceof Boolean) return value;
        String text = value.toString();
        return text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT);
    }
}
