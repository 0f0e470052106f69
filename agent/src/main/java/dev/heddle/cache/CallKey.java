package dev.heddle.cache;

import java.util.Arrays;

/**
 * The in-process cache key of one call: the method's key prefix and its arguments, by value.
 *
 * <p>Strings, boxed primitives and enum constants are kept as they are: their {@code equals} is
 * already value equality that tells types apart ({@code 1} is not {@code 1L}), and a string's hash
 * code is computed once per instance. Every other argument is replaced by its {@link ArgumentKey}
 * encoding, wrapped so that it never equals a plain string argument. The hit path thus copies
 * no prompt text.
 */
final class CallKey {

    /** An argument's {@link ArgumentKey} encoding; a type of its own, so it never equals a string argument. */
    private record Encoded(String text) {
    }

    private final String prefix;
    private final Object[] parts;
    private final int hash;

    private CallKey(String prefix, Object[] parts) {
        this.prefix = prefix;
        this.parts = parts;
        this.hash = 31 * prefix.hashCode() + Arrays.hashCode(parts);
    }

    /**
     * @param prefix what identifies the method within its namespace
     * @param arguments the call's arguments; never changed, and kept only when all are plain values
     * @return the key
     * @throws UnkeyableArgumentException when an argument cannot be keyed safely
     */
    static CallKey of(String prefix, Object[] arguments) throws UnkeyableArgumentException {
        Object[] parts = arguments;
        long length = prefix.length();
        for (int i = 0; i < arguments.length; i++) {
            if (!isPlainValue(arguments[i])) {
                if (parts == arguments) parts = arguments.clone();
                Encoded encoded = new Encoded(ArgumentKey.encode(arguments[i]));
                parts[i] = encoded;
                length += encoded.text().length();
            } else if (arguments[i] instanceof String text) {
                length += text.length();
            }
        }
        // a key's size is what bounds the memory of a cache that counts entries: a long one is kept as its digest
        if (length > ArgumentKey.MAX_KEY_CHARS) return new CallKey(prefix, new Object[] {Digested.of(prefix, parts)});
        return new CallKey(prefix, parts);
    }

    /**
     * The SHA-256 of a key too long to keep (a huge prompt), made from its canonical text, so the cache
     * holds 64 characters of it. A type of its own, so it never equals an argument.
     */
    private record Digested(String sha256) {

        static Digested of(String prefix, Object[] parts) {
            return new Digested(RedisResponseStore.sha256(canonicalText(prefix, parts)));
        }
    }

    private static boolean isPlainValue(Object argument) {
        if (argument == null) return true;
        Class<?> type = argument.getClass();
        return type == String.class || type == Integer.class || type == Long.class || type == Boolean.class
                || type == Double.class || type == Float.class || type == Short.class || type == Byte.class
                || type == Character.class || argument instanceof Enum<?>;
    }

    /**
     * @return the key as text that is the same in every JVM: the prefix and the {@link ArgumentKey}
     *     encoding of the arguments; computed on each call, for the shared tier only
     */
    String canonicalText() {
        // no other canonical text has '#' right after the prefix: theirs go on with 'A'
        if (parts.length == 1 && parts[0] instanceof Digested digested) return prefix + "#sha256:" + digested.sha256();
        return canonicalText(prefix, parts);
    }

    private static String canonicalText(String prefix, Object[] parts) {
        StringBuilder text = new StringBuilder(prefix.length() + 64).append(prefix).append('A').append(parts.length).append('[');
        for (Object part : parts) {
            text.append(part instanceof Encoded encoded ? encoded.text() : plainEncoding(part));
        }
        return text.append(']').toString();
    }

    /** A plain value's encoding, which never fails; only the values around it are bounded, so a huge prompt has one. */
    private static String plainEncoding(Object plain) {
        try {
            return ArgumentKey.encode(plain);
        } catch (UnkeyableArgumentException plainValuesAlwaysHaveAKey) {
            throw new IllegalStateException(plainValuesAlwaysHaveAKey);
        }
    }

    @Override
    public boolean equals(Object other) {
        return this == other || (other instanceof CallKey that && hash == that.hash && prefix.equals(that.prefix)
                && Arrays.equals(parts, that.parts));
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return prefix + Arrays.toString(parts);
    }
}
