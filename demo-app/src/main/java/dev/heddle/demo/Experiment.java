package dev.heddle.demo;

import dev.heddle.api.Heddle;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The demo's A/B experiment, declared in {@code demo-app/heddle.yaml}: {@value #NAME}, whose variant
 * {@value #LIKED_VARIANT} has the support assistant ask another model. The agent assigns users to
 * variants; the app asks it through {@code Heddle.variant}, and without the agent no user is in any.
 *
 * <p><b>The effect on ratings is simulated.</b> The demo's users are not real and cannot like one
 * answer better than another; the demo makes them rate a {@value #LIKED_VARIANT} support answer
 * positive more often ({@value #SIMULATED_LIKE_PROBABILITY} instead of {@value #LIKE_PROBABILITY}),
 * so that the report's experiment section has a difference to find. It says nothing about real
 * users or real models.
 */
public final class Experiment {

    /** The experiment's name in heddle.yaml. */
    public static final String NAME = "answer-style";

    /** The variant whose support answers the simulated users like better. */
    public static final String LIKED_VARIANT = "concise";

    /** The probability that a rating is positive, for every answer but a {@link #LIKED_VARIANT} support answer. */
    public static final double LIKE_PROBABILITY = 0.3;

    /** The probability that a rating of a {@link #LIKED_VARIANT} support answer is positive: the simulated effect. */
    public static final double SIMULATED_LIKE_PROBABILITY = 0.8;

    private Experiment() {
    }

    /**
     * The probability that a user who rates an answer rates it positive.
     *
     * @param feature the feature that answered
     * @param variant the user's variant, empty when none
     * @return {@link #SIMULATED_LIKE_PROBABILITY} for a {@link #LIKED_VARIANT} support answer, else {@link #LIKE_PROBABILITY}
     */
    public static double likeProbability(Feature feature, Optional<String> variant) {
        return feature == Feature.SUPPORT && variant.filter(LIKED_VARIANT::equals).isPresent()
                ? SIMULATED_LIKE_PROBABILITY : LIKE_PROBABILITY;
    }

    /**
     * Asks the agent for each user's variant. The first ask for a user records the user's exposure
     * to the experiment (a {@code feature_flag.evaluation} event).
     *
     * @param users the users
     * @return user to variant, for the users in the experiment; empty without the agent
     */
    static Map<String, String> variantsOf(Collection<String> users) {
        Map<String, String> variants = new TreeMap<>();
        for (String user : users) {
            Heddle.variant(NAME, user).ifPresent(variant -> variants.put(user, variant));
        }
        return variants;
    }
}
