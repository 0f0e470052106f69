package dev.heddle.it.app;

import dev.heddle.annotations.UserId;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An app's own service with no Heddle annotation except {@link UserId} on the parameter that names
 * the customer; a YAML rule puts a quota on it. It counts the calls that really ran.
 */
public final class HelpDesk {

    /** Calls of {@link #answer} that ran. */
    public static final AtomicInteger ANSWER_CALLS = new AtomicInteger();
    /** Calls of {@link #answerCurrentUser} that ran. */
    public static final AtomicInteger CURRENT_USER_CALLS = new AtomicInteger();

    /**
     * @param customer who asks
     * @param question what they ask
     * @return the answer
     */
    public String answer(@UserId String customer, String question) {
        ANSWER_CALLS.incrementAndGet();
        return "Dear " + customer + ", about '" + question + "': a heddle guides the warp.";
    }

    /**
     * An answer for whoever the calling code says is signed in; the method itself names no user.
     *
     * @param question what they ask
     * @return the answer
     */
    public String answerCurrentUser(String question) {
        CURRENT_USER_CALLS.incrementAndGet();
        return "About '" + question + "': a heddle guides the warp.";
    }
}
