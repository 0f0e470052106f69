package dev.heddle.demo;

import java.io.PrintStream;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the demo's users did, as the app itself knows it: the ground truth that Heddle's analytics
 * events, read back by {@code java -jar heddle-agent.jar report}, should tell again. All counts are
 * of distinct users.
 *
 * @param visitors users who viewed a page
 * @param queried users who asked a question (whether or not the answer came)
 * @param positive users who rated an answer positive
 * @param variants per variant of the {@value Experiment#NAME} experiment: its users; empty without the agent
 */
public record Engagement(long visitors, long queried, long positive, SortedMap<String, VariantEngagement> variants) {

    /**
     * The users of one variant.
     *
     * @param exposed users the agent was asked about, and so recorded as exposed: those who asked
     * @param positive those of them who rated an answer positive
     */
    public record VariantEngagement(long exposed, long positive) {
    }

    /** Copies the map. */
    public Engagement {
        variants = new TreeMap<>(Objects.requireNonNull(variants, "variants"));
    }

    /**
     * Counts what the users did.
     *
     * @param visits the visits of the run
     * @param ratings the rating of each visit that got one, by {@link Workload.Visit#number()}
     * @param variants each exposed user's variant
     * @return the counts
     */
    public static Engagement of(List<Workload.Visit> visits, Map<Integer, Workload.Rating> ratings, Map<String, String> variants) {
        Set<String> visitors = new HashSet<>();
        Set<String> queried = new HashSet<>();
        Set<String> positive = new HashSet<>();
        for (Workload.Visit visit : visits) {
            visitors.add(visit.user());
            if (visit.ask().isPresent()) {
                queried.add(visit.user());
            }
            if (ratings.get(visit.number()) == Workload.Rating.POSITIVE) {
                positive.add(visit.user());
            }
        }
        SortedMap<String, VariantEngagement> byVariant = new TreeMap<>();
        variants.forEach((user, variant) -> byVariant.merge(variant, new VariantEngagement(1, positive.contains(user) ? 1 : 0),
                (a, b) -> new VariantEngagement(a.exposed() + b.exposed(), a.positive() + b.positive())));
        return new Engagement(visitors.size(), queried.size(), positive.size(), byVariant);
    }

    /**
     * Prints the counts as one {@code key=value} line each, for a person and for a test to compare
     * with the report.
     *
     * @param out where to
     */
    public void print(PrintStream out) {
        out.println();
        out.println("Tracked by the app (distinct users; compare: java -jar agent/target/heddle-agent.jar report heddle-events)");
        out.println(format("funnel: visitors=%d, queried=%d, positive=%d", visitors, queried, positive));
        if (variants.isEmpty()) {
            out.println("experiment " + Experiment.NAME + ": no variants (the agent assigns them; not attached, or the"
                    + " experiment is not in its configuration)");
            return;
        }
        variants.forEach((variant, users) -> out.println(format("experiment %s: variant=%s, exposed=%d, positive=%d",
                Experiment.NAME, variant, users.exposed(), users.positive())));
        out.println(format("  simulated effect: a rating of a %s support answer is positive with probability %.2f, of any"
                + " other answer %.2f", Experiment.LIKED_VARIANT, Experiment.SIMULATED_LIKE_PROBABILITY,
                Experiment.LIKE_PROBABILITY));
    }

    private static String format(String format, Object... values) {
        return String.format(Locale.ROOT, format, values);
    }
}
