package dev.heddle.cache;

/** An argument whose value cannot be turned into a cache key safely; the call then runs uncached. */
public final class UnkeyableArgumentException extends Exception {

    private static final long serialVersionUID = 1L;

    UnkeyableArgumentException(String message) {
        super(message, null, false, false);
    }
}
