package dev.heddle.identity;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A value inside a call's arguments, written {@code arg0.customer.id}: argument 0, then for each
 * name a public no-argument method of that name (a record component) or its {@code getX} getter.
 * Only public accessors are read: Heddle never opens an app's private state.
 */
final class ArgumentPath {

    private static final ClassValue<ConcurrentHashMap<String, Optional<Method>>> ACCESSORS = new ClassValue<>() {
        @Override
        protected ConcurrentHashMap<String, Optional<Method>> computeValue(Class<?> type) {
            return new ConcurrentHashMap<>();
        }
    };

    private final int argument;
    private final List<String> names;
    private final String text;

    private ArgumentPath(int argument, List<String> names, String text) {
        this.argument = argument;
        this.names = names;
        this.text = text;
    }

    /**
     * @param text such as {@code arg0.customer.id}, validated by the configuration reader
     * @return the path
     */
    static ArgumentPath parse(String text) {
        String[] parts = text.split("\\.");
        return new ArgumentPath(Integer.parseInt(parts[0].substring("arg".length())), List.of(parts).subList(1, parts.length), text);
    }

    /**
     * @param arguments a call's arguments
     * @return the value's text, empty when an argument or accessor on the way is missing or null
     */
    Optional<String> read(Object[] arguments) {
        if (argument >= arguments.length) return Optional.empty();
        return walk(arguments[argument], names).map(Object::toString).filter(user -> !user.isBlank());
    }

    /**
     * @param value where the path starts
     * @param names the accessors to call, one after the other
     * @return the value at the end, empty when a value or accessor on the way is missing or null
     */
    static Optional<Object> walk(Object value, List<String> names) {
        for (String name : names) {
            if (value == null) return Optional.empty();
            Optional<Method> accessor = accessor(value.getClass(), name);
            if (accessor.isEmpty()) return Optional.empty();
            try {
                value = accessor.get().invoke(value);
            } catch (ReflectiveOperationException | RuntimeException unreadable) {
                return Optional.empty();
            }
        }
        return Optional.ofNullable(value);
    }

    private static Optional<Method> accessor(Class<?> type, String name) {
        return ACCESSORS.get(type).computeIfAbsent(name, ignored -> find(type, name));
    }

    private static Optional<Method> find(Class<?> type, String name) {
        String getter = "get" + Character.toUpperCase(name.charAt(0)) + name.substring(1);
        for (String candidate : List.of(name, getter)) {
            try {
                Method method = type.getMethod(candidate);
                if (Modifier.isStatic(method.getModifiers()) || method.getReturnType() == void.class) continue;
                // a public method of a class that is not itself public is reached through its public declaration
                method.trySetAccessible();
                return Optional.of(method);
            } catch (NoSuchMethodException notThisOne) {
                // try the getter
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return text;
    }
}
