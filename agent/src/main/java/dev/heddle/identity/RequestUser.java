package dev.heddle.identity;

import java.util.Optional;

/**
 * The user of the HTTP request this thread is serving, as the HTTP edge found it (a header, a JWT
 * claim, the principal or the client's address): the user of every woven call made while serving
 * it, unless the call names one more precisely (a {@code @UserId} parameter, a rule's extractor, the
 * request's own user field, or {@code Heddle.runAs} inside the request).
 */
public final class RequestUser {

    private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

    private RequestUser() {
    }

    /**
     * @param user the request's user, or null when the thread serves none
     * @return the user it replaces, for {@link #restore}
     */
    public static String enter(String user) {
        String previous = CURRENT.get();
        CURRENT.set(user);
        return previous;
    }

    /** @param previous what {@link #enter} returned */
    public static void restore(String previous) {
        if (previous == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(previous);
        }
    }

    /** @return the user of the request this thread serves */
    public static Optional<String> current() {
        return Optional.ofNullable(CURRENT.get());
    }
}
