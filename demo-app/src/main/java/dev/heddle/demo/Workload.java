package dev.heddle.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;

/**
 * A seeded list of visits to the demo's imaginary product: who visits which page, whether they ask
 * a feature a question, and how they would rate its answer. The same arguments always give the same
 * visits, so a run with the agent and one without do exactly the same things.
 */
public final class Workload {

    /** The users of the demo's imaginary product, the most frequent visitors first. */
    public static final List<String> USERS = List.of("alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi",
            "ivan", "judy", "mallory", "niaj", "olivia", "peggy", "quentin", "rupert", "sybil", "trent", "ursula",
            "victor", "walter", "xavier", "yvonne", "zoe");

    /** The pages a visit starts on. */
    public static final List<String> PAGES = List.of("/", "/help", "/pricing", "/orders", "/docs");

    /**
     * The user of a visit is drawn with Zipf-like weights of this exponent: a few users come back
     * again and again, the rest now and then, and some not at all in a short run.
     */
    public static final double USER_ZIPF_EXPONENT = 0.5;

    /** The share of visits in which the visitor asks a question; in the others they only look at the page. */
    public static final double QUERY_SHARE = 0.6;

    /** The share of asks that go to {@link Feature#SUPPORT}; the rest go to {@link Feature#DOCS}. */
    public static final double SUPPORT_SHARE = 0.6;

    /** The share of answers the user rates, thumbs up or down; the rest they leave unrated. */
    public static final double RATING_SHARE = 0.5;

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

        /**
         * The request as it reaches the vendor when the user is in a variant of the
         * {@value Experiment#NAME} experiment, which may change the support assistant's model
         * (demo-app/heddle.yaml applies it to the {@code openai} rule only).
         *
         * @param variant the user's variant, empty when none
         * @return a string equal for equal requests
         */
        public String request(Optional<String> variant) {
            return feature == Feature.SUPPORT && variant.isPresent() ? request() + '\n' + variant.get() : request();
        }
    }

    /**
     * One visit: the user looks at a page and, in some visits, asks a question and may rate the answer.
     *
     * @param number 1 for the first visit of the run
     * @param user who visits
     * @param page the page they look at
     * @param ask what they ask, empty when they only look
     * @param rateDraw uniform in [0, 1): the user rates the answer when it is below {@link #RATING_SHARE}
     * @param likeDraw uniform in [0, 1): a rating is positive when it is below {@link Experiment#likeProbability}
     */
    public record Visit(int number, String user, String page, Optional<Ask> ask, double rateDraw, double likeDraw) {

        /** Checks the fields. */
        public Visit {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(page, "page");
            Objects.requireNonNull(ask, "ask");
        }

        /**
         * How the user rates the answer to their ask.
         *
         * @param variant the user's variant of the {@value Experiment#NAME} experiment, empty when none
         * @return the rating, empty when the user does not rate (or did not ask)
         */
        public Optional<Rating> rating(Optional<String> variant) {
            if (ask.isEmpty() || rateDraw >= RATING_SHARE) {
                return Optional.empty();
            }
            return Optional.of(likeDraw < Experiment.likeProbability(ask.get().feature(), variant)
                    ? Rating.POSITIVE : Rating.NEGATIVE);
        }
    }

    /** A thumbs up or down on an answer, as the app reports it with {@code Heddle.feedback}. */
    public enum Rating {
        /** Thumbs up: score 1. */
        POSITIVE(1, "positive"),
        /** Thumbs down: score 0. */
        NEGATIVE(0, "negative");

        private final double score;
        private final String label;

        Rating(double score, String label) {
            this.score = score;
            this.label = label;
        }

        /** @return the score, 1 or 0 */
        public double score() {
            return score;
        }

        /** @return the label, {@code positive} or {@code negative} */
        public String label() {
            return label;
        }
    }

    private Workload() {
    }

    /**
     * The visits of a run, until the users have asked {@code asks} questions: each by a user drawn
     * with Zipf-like weights ({@link #USER_ZIPF_EXPONENT}), on a page drawn uniformly; with
     * {@link #QUERY_SHARE} the visit asks a feature drawn with {@link #SUPPORT_SHARE} a question drawn
     * from the feature's pool with Zipf-like weights.
     *
     * @param asks how many asks, zero or more
     * @param seed the seed
     * @return the visits, numbered from 1, with their asks numbered from 1
     */
    public static List<Visit> visits(int asks, long seed) {
        if (asks < 0) {
            throw new IllegalArgumentException("asks must be zero or more, got " + asks);
        }
        Random random = new Random(seed);
        List<Visit> visits = new ArrayList<>();
        int asked = 0;
        while (asked < asks) {
            String user = USERS.get(Questions.zipfRank(USERS.size(), USER_ZIPF_EXPONENT, random));
            String page = PAGES.get(random.nextInt(PAGES.size()));
            Optional<Ask> ask = Optional.empty();
            if (random.nextDouble() < QUERY_SHARE) {
                Feature feature = random.nextDouble() < SUPPORT_SHARE ? Feature.SUPPORT : Feature.DOCS;
                ask = Optional.of(new Ask(++asked, user, feature, Questions.pick(feature.questions(), random)));
            }
            visits.add(new Visit(visits.size() + 1, user, page, ask, random.nextDouble(), random.nextDouble()));
        }
        return List.copyOf(visits);
    }

    /**
     * The asks of a run: those of {@link #visits(int, long)}.
     *
     * @param asks how many, zero or more
     * @param seed the seed
     * @return the asks, numbered from 1
     */
    public static List<Ask> generate(int asks, long seed) {
        return asks(visits(asks, seed));
    }

    /**
     * @param visits visits
     * @return their asks, in order
     */
    public static List<Ask> asks(List<Visit> visits) {
        return visits.stream().flatMap(visit -> visit.ask().stream()).toList();
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

    /**
     * How many different requests a list of asks makes when each user's variant may change them.
     *
     * @param asks the asks
     * @param variants each asking user's variant of the {@value Experiment#NAME} experiment; a user
     *     missing is in none
     * @return the number of distinct {@link Ask#request(Optional)}s
     */
    public static long distinctRequests(List<Ask> asks, Map<String, String> variants) {
        return asks.stream().map(ask -> ask.request(Optional.ofNullable(variants.get(ask.user())))).distinct().count();
    }
}
