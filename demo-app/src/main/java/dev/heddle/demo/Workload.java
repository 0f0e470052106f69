package dev.heddle.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * A seeded list of asks: which user asks which feature what. The same arguments always give the same
 * asks, so a run with the agent and one without ask exactly the same things.
 */
public final class Workload {

    /** The users of the demo's imaginary product. */
    public static final List<String> USERS = List.of("alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi");

    /** The share of asks that go to {@link Feature#SUPPORT}; the rest go to {@link Feature#DOCS}. */
    public static final double SUPPORT_SHARE = 0.6;

    /**
     * One ask.
     *
     * @param number 1 for the first ask of the run
     * @param user who asks; sent as the request's {@code user} field
     * @param feature which feature, and so which SDK, model and parameters
     * @param question the user's question
     */
    public record Ask(int number, String user, Feature feature, String question) {

        /** Checks the fields. */
        public Ask {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(feature, "feature");
            Objects.requireNonNull(question, "question");
        }

        /**
         * What makes the vendor's answer what it is: the SDK, the model, the parameters and the
         * question, but not the user. Two asks with the same request ask the same thing.
         *
         * @return a string equal for equal requests
         */
        public String request() {
            return feature.sdk() + '\n' + feature.model() + '\n' + feature.temperature() + '\n'
                    + feature.systemPrompt() + '\n' + question;
        }
    }

    private Workload() {
    }

    /**
     * The asks of a run: each by a user drawn uniformly, to a feature drawn with
     * {@link #SUPPORT_SHARE}, of a question drawn from the feature's pool with Zipf-like weights.
     *
     * @param asks how many, zero or more
     * @param seed the seed
     * @return the asks, numbered from 1
     */
    public static List<Ask> generate(int asks, long seed) {
        if (asks < 0) {
            throw new IllegalArgumentException("asks must be zero or more, got " + asks);
        }
        Random random = new Random(seed);
        List<Ask> list = new ArrayList<>(asks);
        for (int i = 1; i <= asks; i++) {
            String user = USERS.get(random.nextInt(USERS.size()));
            Feature feature = random.nextDouble() < SUPPORT_SHARE ? Feature.SUPPORT : Feature.DOCS;
            list.add(new Ask(i, user, feature, Questions.pick(feature.questions(), random)));
        }
        return List.copyOf(list);
    }

    /**
     * How many different requests a list of asks makes: what reaches the vendor when every repeat
     * is answered from a cache.
     *
     * @param asks the asks
     * @return the number of distinct {@link Ask#request()}s
     */
    public static long distinctRequests(List<Ask> asks) {
        return asks.stream().map(Ask::request).distinct().count();
    }
}
