package dev.heddle.cache;

import java.lang.reflect.Array;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Turns call arguments into a canonical text that is equal exactly when the arguments are equal
 * values. Two calls share a cache entry only when their keys are equal, so this encoding decides
 * what a hit is; it is documented in {@code docs/caching.md} and stable across JVMs and versions of
 * the same app, because it uses values, never identity hash codes or {@code toString()} of
 * arbitrary objects.
 *
 * <p>Accepted: null, strings, boxed primitives, {@link BigInteger}, {@link BigDecimal}, enums,
 * {@link UUID}, the value types of {@code java.time}, {@link Optional}, arrays, lists, sets and
 * maps of accepted values, and records whose components are accepted values. Anything else, a
 * structure nested deeper than {@value #MAX_DEPTH} levels (cycles included), or a set or map of a
 * type whose iteration order is not its content is refused with {@link UnkeyableArgumentException}:
 * a call that cannot be keyed safely runs uncached rather than risk a wrong hit. So is an encoded
 * value (a record, a collection, a map) whose encoding would pass {@value #MAX_KEY_CHARS}
 * characters: a graph that shares one node many times (a few dozen levels of it are billions of
 * paths) is refused after that many characters instead of being walked for ever. A plain string of
 * any length is keyed; a call whose whole key passes that length is kept as its SHA-256
 * ({@link CallKey}), since a cache of {@code maxEntries} entries counts keys, not bytes.
 *
 * <p>Every value starts with a one-letter tag, and every variable-length part carries its length,
 * so no two different argument lists can produce the same text.
 */
public final class ArgumentKey {

    static final int MAX_DEPTH = 32;
    /**
     * 256 Ki characters, about 64,000 tokens of prompt: a longer key is kept as its digest, a longer
     * encoded value is refused, and a longer question is not cached semantically.
     */
    public static final int MAX_KEY_CHARS = 256 * 1024;

    private static final ClassValue<RecordComponent[]> RECORD_COMPONENTS = new ClassValue<>() {
        @Override
        protected RecordComponent[] computeValue(Class<?> type) {
            RecordComponent[] components = type.getRecordComponents();
            for (RecordComponent component : components) {
                component.getAccessor().setAccessible(true);
            }
            return components;
        }
    };

    private ArgumentKey() {
    }

    /**
     * @param key where the encoding is appended
     * @param arguments the call's arguments
     * @throws UnkeyableArgumentException when an argument cannot be keyed safely
     */
    static void append(StringBuilder key, Object[] arguments) throws UnkeyableArgumentException {
        key.append('A').append(arguments.length).append('[');
        for (Object argument : arguments) {
            value(key, argument, 0);
        }
        key.append(']');
    }

    /**
     * @param value one argument
     * @return its encoding
     * @throws UnkeyableArgumentException when it cannot be keyed safely
     */
    public static String encode(Object value) throws UnkeyableArgumentException {
        StringBuilder key = new StringBuilder(64);
        value(key, value, 0);
        return key.toString();
    }

    /**
     * Every value checks the length of the encoding so far before it is written, so a walk stops
     * soon after it is too long.
     *
     * @param length the length of a key, or of its parts together
     * @throws UnkeyableArgumentException when it is longer than {@value #MAX_KEY_CHARS}
     */
    static void checkLength(long length) throws UnkeyableArgumentException {
        if (length > MAX_KEY_CHARS) {
            throw new UnkeyableArgumentException("the arguments' key would be longer than " + MAX_KEY_CHARS
                    + " characters (a huge prompt or object graph); such calls run uncached");
        }
    }

    private static void value(StringBuilder key, Object value, int depth) throws UnkeyableArgumentException {
        if (depth > MAX_DEPTH) {
            throw new UnkeyableArgumentException("nested deeper than " + MAX_DEPTH + " levels (or cyclic)");
        }
        checkLength(key.length());
        if (value == null) {
            key.append('N');
        } else if (value instanceof String string) {
            text(key.append('s'), string);
        } else if (value instanceof Integer number) {
            key.append('i').append(number.intValue()).append(';');
        } else if (value instanceof Long number) {
            key.append('l').append(number.longValue()).append(';');
        } else if (value instanceof Boolean bool) {
            key.append(bool ? "Z1" : "Z0");
        } else if (value instanceof Double number) {
            key.append('d').append(Double.doubleToLongBits(number)).append(';');
        } else if (value instanceof Float number) {
            key.append('f').append(Float.floatToIntBits(number)).append(';');
        } else if (value instanceof Short number) {
            key.append('h').append(number.shortValue()).append(';');
        } else if (value instanceof Byte number) {
            key.append('b').append(number.byteValue()).append(';');
        } else if (value instanceof Character character) {
            key.append('c').append((int) character).append(';');
        } else if (value instanceof Enum<?> constant) {
            text(key.append('E'), constant.getDeclaringClass().getName());
            text(key, constant.name());
        } else if (value instanceof Optional<?> optional) {
            key.append('O');
            value(key, optional.orElse(null), depth + 1);
        } else if (value instanceof List<?> list) {
            elements(key.append('L'), list, depth);
        } else if (value instanceof Set<?> set) {
            unordered(key.append('S'), set, depth);
        } else if (value instanceof Map<?, ?> map) {
            map(key, map, depth);
        } else if (value.getClass().isArray()) {
            array(key, value, depth);
        } else if (value.getClass().isRecord()) {
            record(key, value, depth);
        } else if (isValueType(value)) {
            text(key.append('V'), value.getClass().getName());
            text(key, value.toString());
        } else {
            throw new UnkeyableArgumentException("a " + value.getClass().getName()
                    + " has no value-based key (accepted: strings, numbers, enums, records, collections, maps, arrays)");
        }
    }

    /** Immutable JDK value types whose {@code toString()} is their whole value. */
    private static boolean isValueType(Object value) {
        return value instanceof BigDecimal || value instanceof BigInteger || value instanceof UUID
                || value instanceof Instant || value instanceof Duration || value instanceof Period
                || value instanceof LocalDate || value instanceof LocalTime || value instanceof LocalDateTime
                || value instanceof OffsetDateTime || value instanceof ZonedDateTime || value instanceof ZoneId;
    }

    private static void text(StringBuilder key, String text) {
        key.append(text.length()).append(':').append(text);
    }

    private static void elements(StringBuilder key, Collection<?> elements, int depth) throws UnkeyableArgumentException {
        key.append(elements.size()).append('[');
        for (Object element : elements) {
            value(key, element, depth + 1);
        }
        key.append(']');
    }

    /** Sets are keyed by content, whatever their iteration order: the encoded elements are sorted. */
    private static void unordered(StringBuilder key, Collection<?> elements, int depth) throws UnkeyableArgumentException {
        List<String> encoded = new ArrayList<>(elements.size());
        long length = key.length();
        for (Object element : elements) {
            StringBuilder one = new StringBuilder();
            value(one, element, depth + 1);
            length += one.length();
            checkLength(length);
            encoded.add(one.toString());
        }
        encoded.sort(null);
        key.append(encoded.size()).append('[');
        encoded.forEach(key::append);
        key.append(']');
    }

    /** Maps are keyed by content: entries sorted by their encoded key. */
    private static void map(StringBuilder key, Map<?, ?> map, int depth) throws UnkeyableArgumentException {
        List<String> entries = new ArrayList<>(map.size());
        long length = key.length();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            StringBuilder one = new StringBuilder();
            value(one, entry.getKey(), depth + 1);
            value(one, entry.getValue(), depth + 1);
            length += one.length();
            checkLength(length);
            entries.add(one.toString());
        }
        entries.sort(null);
        key.append('M').append(entries.size()).append('[');
        entries.forEach(key::append);
        key.append(']');
    }

    private static void array(StringBuilder key, Object array, int depth) throws UnkeyableArgumentException {
        int length = Array.getLength(array);
        text(key.append('Y'), array.getClass().getComponentType().getName());
        key.append(length).append('[');
        for (int i = 0; i < length; i++) {
            value(key, Array.get(array, i), depth + 1);
        }
        key.append(']');
    }

    private static void record(StringBuilder key, Object record, int depth) throws UnkeyableArgumentException {
        RecordComponent[] components;
        try {
            components = RECORD_COMPONENTS.get(record.getClass());
        } catch (RuntimeException inaccessible) {
            throw new UnkeyableArgumentException("the components of record " + record.getClass().getName()
                    + " cannot be read: " + inaccessible);
        }
        text(key.append('R'), record.getClass().getName());
        key.append(components.length).append('[');
        for (RecordComponent component : components) {
            Object componentValue;
            try {
                componentValue = component.getAccessor().invoke(record);
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new UnkeyableArgumentException("record component " + record.getClass().getName() + "."
                        + component.getName() + " cannot be read: " + e);
            }
            value(key, componentValue, depth + 1);
        }
        key.append(']');
    }
}
