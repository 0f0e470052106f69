package dev.heddle.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heddle.analytics.AnalyticsEvent;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Journey}: one user's events in time order, across days and files. */
class JourneyTest {

    private static final List<AnalyticsEvent> EVENTS = ReportWorkload.events().stream()
            .sorted(Comparator.comparing(AnalyticsEvent::time)).toList();

    @Test
    void aUsersJourneyIsTheirEventsInTimeOrder() {
        Journey journey = Journey.of(EVENTS, "u01", 0);

        assertThat(journey.total()).isEqualTo(6);
        assertThat(journey.events()).extracting(AnalyticsEvent::event).containsExactly("page_view", AnalyticsEvent.EXPOSURE,
                "query_submitted", AnalyticsEvent.LLM_CALL, AnalyticsEvent.EVALUATION, AnalyticsEvent.LLM_CALL);
        assertThat(journey.events()).extracting(AnalyticsEvent::time).isSorted();
    }

    @Test
    void lastKeepsTheLatestEvents() {
        Journey journey = Journey.of(EVENTS, "u01", 2);

        assertThat(journey.total()).isEqualTo(6);
        assertThat(journey.events()).extracting(AnalyticsEvent::time)
                .containsExactly(ReportWorkload.at(1, "09:02:00"), ReportWorkload.at(2, "10:00:00"));
    }

    @Test
    void aCallsDetailsAreItsKeyFieldsThenItsVariants() {
        AnalyticsEvent failed = Journey.of(EVENTS, "u01", 1).events().get(0);

        assertThat(String.join(" ", Journey.details(failed))).isEqualTo("rule=support-bot model=gpt-4o cache=miss tokens=1000+0"
                + " cost=$0.0025 latency=30000ms outcome=error error=java.net.SocketTimeoutException variants.prompt-style=control");
    }

    @Test
    void aUserWithoutEventsHasAnEmptyJourney() {
        assertThat(Journey.of(EVENTS, "nobody", 5).events()).isEmpty();
    }
}
