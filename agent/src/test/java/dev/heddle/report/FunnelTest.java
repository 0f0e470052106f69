package dev.heddle.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.heddle.analytics.AnalyticsEvent;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link Funnel} on the {@link ReportWorkload}: ordered, per user, the earliest qualifying event at each step. */
class FunnelTest {

    private static final List<AnalyticsEvent> EVENTS = ReportWorkload.events().stream()
            .sorted(Comparator.comparing(AnalyticsEvent::time)).toList();

    @Test
    void tenUsersVisitSixQueryAfterVisitingAndThreeGivePositiveFeedbackAfterQuerying() {
        Funnel funnel = Funnel.compute(EVENTS, EventSelector.parseList(ReportWorkload.FUNNEL), null);

        assertThat(funnel.results()).extracting(Funnel.Step::users).containsExactly(10L, 6L, 3L);
        assertThat(funnel.results()).extracting(Funnel.Step::dropOff).containsExactly(0L, 4L, 3L);
        assertThat(funnel.results().get(1).fromFirst()).isCloseTo(0.6, within(1e-12));
        assertThat(funnel.results().get(2).fromFirst()).isCloseTo(0.3, within(1e-12));
        assertThat(funnel.results().get(1).dropOffShare()).isCloseTo(0.4, within(1e-12));
        assertThat(funnel.results().get(2).dropOffShare()).isCloseTo(0.5, within(1e-12));
        assertThat(funnel.results().get(0).dropOffShare()).isNaN();
    }

    @Test
    void stepsDoneOutOfOrderDoNotCount() {
        // u07 queried before visiting; u05's positive feedback came before its query
        List<AnalyticsEvent> outOfOrder = EVENTS.stream()
                .filter(event -> "u05".equals(event.user()) || "u07".equals(event.user())).toList();

        Funnel funnel = Funnel.compute(outOfOrder, EventSelector.parseList(ReportWorkload.FUNNEL), null);

        assertThat(funnel.results()).extracting(Funnel.Step::users).containsExactly(2L, 1L, 0L);
    }

    @Test
    void aStepAtTheSameInstantAsThePreviousOneCountsWhicheverWasWrittenFirst() {
        List<AnalyticsEvent> u02 = EVENTS.stream().filter(event -> "u02".equals(event.user())).toList();

        Funnel funnel = Funnel.compute(u02, EventSelector.parseList("page_view,query_submitted"), null);

        assertThat(funnel.results()).extracting(Funnel.Step::users).containsExactly(1L, 1L);
    }

    @Test
    void withAWindowEveryStepMustFollowWithinItAndALaterStartIsTried() {
        // u03's feedback comes the next day; u06 queries within the hour of its second visit only
        Funnel funnel = Funnel.compute(EVENTS, EventSelector.parseList(ReportWorkload.FUNNEL), Duration.ofHours(1));

        assertThat(funnel.results()).extracting(Funnel.Step::users).containsExactly(10L, 6L, 2L);
    }

    @Test
    void oneEventNeverCountsForTwoSteps() {
        List<AnalyticsEvent> once = List.of(AnalyticsEvent.app(ReportWorkload.at(1, "09:00:00"), "page_view", "u1", null, Map.of(), Map.of()));

        Funnel funnel = Funnel.compute(once, EventSelector.parseList("page_view,page_view"), null);

        assertThat(funnel.results()).extracting(Funnel.Step::users).containsExactly(1L, 0L);
    }

    @Test
    void aFunnelNobodyEntersHasNoShares() {
        Funnel funnel = Funnel.compute(EVENTS, EventSelector.parseList("signup,page_view"), null);

        assertThat(funnel.results()).extracting(Funnel.Step::users).containsExactly(0L, 0L);
        assertThat(funnel.results().get(1).fromFirst()).isNaN();
        assertThat(funnel.results().get(1).dropOffShare()).isNaN();
    }
}
