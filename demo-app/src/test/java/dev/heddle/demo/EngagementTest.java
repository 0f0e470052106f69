package dev.heddle.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EngagementTest {

    /** alice asks twice and likes one answer; bob asks and dislikes; carol only looks; dave asks, rates nothing. */
    private static final List<Workload.Visit> VISITS = List.of(
            visit(1, "alice", null),
            visit(2, "alice", ask(1, "alice")),
            visit(3, "bob", ask(2, "bob")),
            visit(4, "carol", null),
            visit(5, "alice", ask(3, "alice")),
            visit(6, "dave", ask(4, "dave")));
    private static final Map<Integer, Workload.Rating> RATINGS =
            Map.of(2, Workload.Rating.NEGATIVE, 3, Workload.Rating.NEGATIVE, 5, Workload.Rating.POSITIVE);

    @Test
    void countsDistinctUsersAtEachFunnelStep() {
        Engagement engagement = Engagement.of(VISITS, RATINGS, Map.of());

        assertThat(engagement.visitors()).isEqualTo(4);
        assertThat(engagement.queried()).isEqualTo(3);
        assertThat(engagement.positive()).isEqualTo(1);
        assertThat(engagement.variants()).isEmpty();
    }

    @Test
    void countsEachVariantsExposedUsersAndThoseWhoRatedPositive() {
        Engagement engagement = Engagement.of(VISITS, RATINGS, Map.of("alice", "concise", "bob", "concise", "dave", "control"));

        assertThat(engagement.variants()).containsExactly(
                Map.entry("concise", new Engagement.VariantEngagement(2, 1)),
                Map.entry("control", new Engagement.VariantEngagement(1, 0)));
    }

    @Test
    void printsOneParseableLinePerCount() {
        String text = print(Engagement.of(VISITS, RATINGS, Map.of("alice", "concise", "bob", "concise", "dave", "control")));

        assertThat(text.lines()).contains(
                "funnel: visitors=4, queried=3, positive=1",
                "experiment answer-style: variant=concise, exposed=2, positive=1",
                "experiment answer-style: variant=control, exposed=1, positive=0");
        assertThat(text).contains("simulated effect");
    }

    @Test
    void saysSoWhenNoUserIsInTheExperiment() {
        String text = print(Engagement.of(VISITS, RATINGS, Map.of()));

        assertThat(text).contains("funnel: visitors=4, queried=3, positive=1")
                .contains("experiment answer-style: no variants")
                .doesNotContain("variant=");
    }

    private static Workload.Visit visit(int number, String user, Workload.Ask ask) {
        return new Workload.Visit(number, user, "/", Optional.ofNullable(ask), 0.0, 0.0);
    }

    private static Workload.Ask ask(int number, String user) {
        return new Workload.Ask(number, user, Feature.SUPPORT, "Where is my order?");
    }

    private static String print(Engagement engagement) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        engagement.print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
