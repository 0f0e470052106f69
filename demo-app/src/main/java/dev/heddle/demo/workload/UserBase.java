package dev.heddle.demo.workload;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * The users of the workload's imaginary product: {@code user-001} is the most active and each next
 * one less so (Zipf-like weights), and each has a plan for the whole run, 70% {@code free}, 25%
 * {@code pro} and 5% {@code enterprise}, spread over the users by the seed.
 */
final class UserBase {

    /** Rank {@code k}'s weight is {@code 1 / (k + 1)^USER_ZIPF_EXPONENT}: with 200 users the top 20 ask about 60%. */
    static final double USER_ZIPF_EXPONENT = 1.0;
    /** The share of users on the {@code enterprise} plan. */
    static final double ENTERPRISE_SHARE = 0.05;
    /** The share of users on the {@code pro} plan; the rest are on {@code free}. */
    static final double PRO_SHARE = 0.25;

    private final String[] names;
    private final String[] tiers;
    private final ZipfWeights activity;

    /**
     * @param users how many users, 1 or more
     * @param random the source of the users' plans
     */
    UserBase(int users, SplittableRandom random) {
        names = new String[users];
        tiers = new String[users];
        activity = new ZipfWeights(users, USER_ZIPF_EXPONENT);
        String format = "user-%0" + Math.max(3, String.valueOf(users).length()) + "d";
        List<Integer> order = new ArrayList<>(IntStream.range(0, users).boxed().toList());
        Collections.shuffle(order, new Random(random.nextLong()));
        long enterprise = Math.round(users * ENTERPRISE_SHARE);
        long pro = Math.round(users * PRO_SHARE);
        for (int position = 0; position < users; position++) {
            int rank = order.get(position);
            names[rank] = String.format(format, rank + 1);
            tiers[rank] = position < enterprise ? "enterprise" : position < enterprise + pro ? "pro" : "free";
        }
    }

    /**
     * Draws the user of a request, with Zipf-like weights.
     *
     * @param random the source of randomness
     * @return the user's rank, 0 for the most active
     */
    int draw(SplittableRandom random) {
        return activity.draw(random);
    }

    /**
     * @param rank a user's rank
     * @return the user's name, such as {@code user-001} for rank 0
     */
    String name(int rank) {
        return names[rank];
    }

    /**
     * @param rank a user's rank
     * @return the user's plan: {@code free}, {@code pro} or {@code enterprise}
     */
    String tier(int rank) {
        return tiers[rank];
    }
}
