package dev.heddle.demo.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A fault schedule as a value: which plan is in force when, its checks and its JSON. */
class FaultScheduleTest {

    private static final FaultPlan BACKGROUND = FaultPlan.rate(FaultKind.SERVER_ERROR, 0.05);
    private static final FaultPlan THROTTLED = FaultPlan.rate(FaultKind.RATE_LIMIT, 1.0);
    private static final FaultPlan OUTAGE = FaultPlan.rate(FaultKind.UNAVAILABLE, 1.0);

    private static FaultSchedule twoPhases() {
        return FaultSchedule.builder().background(BACKGROUND)
                .phase(Duration.ofSeconds(60), Duration.ofSeconds(90), THROTTLED)
                .phase(Duration.ofSeconds(120), Duration.ofSeconds(140), OUTAGE)
                .build();
    }

    @Test
    void aPhaseReplacesTheBackgroundFromItsStartUntilJustBeforeItsEnd() {
        FaultSchedule schedule = twoPhases();

        assertThat(schedule.planAt(Duration.ZERO)).isEqualTo(BACKGROUND);
        assertThat(schedule.planAt(Duration.ofSeconds(60).minusNanos(1))).isEqualTo(BACKGROUND);
        assertThat(schedule.planAt(Duration.ofSeconds(60))).isEqualTo(THROTTLED);
        assertThat(schedule.planAt(Duration.ofSeconds(90).minusNanos(1))).isEqualTo(THROTTLED);
        assertThat(schedule.planAt(Duration.ofSeconds(90))).isEqualTo(BACKGROUND);
        assertThat(schedule.planAt(Duration.ofSeconds(130))).isEqualTo(OUTAGE);
        assertThat(schedule.planAt(Duration.ofSeconds(140))).isEqualTo(BACKGROUND);
        assertThat(schedule.planAt(Duration.ofHours(5))).isEqualTo(BACKGROUND);
        assertThat(schedule.phaseAt(Duration.ofSeconds(100))).isEmpty();
    }

    @Test
    void phasesAreNamedInTheOrderAddedAndKeptInTimeOrder() {
        FaultSchedule schedule = FaultSchedule.builder()
                .phase(Duration.ofSeconds(120), Duration.ofSeconds(140), OUTAGE)
                .phase("throttled", Duration.ofSeconds(60), Duration.ofSeconds(90), THROTTLED)
                .phase(Duration.ofSeconds(0), Duration.ofSeconds(10), OUTAGE)
                .build();

        assertThat(schedule.phases()).extracting(FaultSchedule.Phase::name)
                .containsExactly("phase-3", "throttled", "phase-1");
        assertThat(schedule.phaseAt(Duration.ofSeconds(61))).map(FaultSchedule.Phase::name).contains("throttled");
        assertThat(schedule.background()).isEqualTo(FaultPlan.none());
    }

    @Test
    void aScheduleOfOnlyABackgroundIsThatPlanForAllTime() {
        FaultSchedule schedule = FaultSchedule.of(BACKGROUND);

        assertThat(schedule.phases()).isEmpty();
        assertThat(schedule.planAt(Duration.ofDays(3))).isEqualTo(BACKGROUND);
        assertThat(FaultSchedule.none().planAt(Duration.ZERO)).isEqualTo(FaultPlan.none());
    }

    @Test
    void overlappingOrEmptyPhasesAndDuplicateNamesAreRefused() {
        assertThatThrownBy(() -> FaultSchedule.builder()
                .phase(Duration.ofSeconds(60), Duration.ofSeconds(90), THROTTLED)
                .phase(Duration.ofSeconds(89), Duration.ofSeconds(100), OUTAGE).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("overlap");
        assertThatThrownBy(() -> FaultSchedule.builder()
                .phase(Duration.ofSeconds(60), Duration.ofSeconds(60), THROTTLED))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FaultSchedule.builder()
                .phase(Duration.ofSeconds(-1), Duration.ofSeconds(60), THROTTLED))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FaultSchedule.builder()
                .phase("x", Duration.ofSeconds(0), Duration.ofSeconds(1), THROTTLED)
                .phase("x", Duration.ofSeconds(5), Duration.ofSeconds(6), OUTAGE).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'x'");
        assertThatThrownBy(() -> FaultSchedule.builder()
                .phase(FaultSchedule.BACKGROUND, Duration.ZERO, Duration.ofSeconds(1), THROTTLED))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(FaultSchedule.builder()
                .phase(Duration.ofSeconds(60), Duration.ofSeconds(90), THROTTLED)
                .phase(Duration.ofSeconds(90), Duration.ofSeconds(100), OUTAGE).build().phases())
                .as("a phase may start where the last one ends").hasSize(2);
    }

    @Test
    void jsonRoundTripsWithTimesInSeconds() throws Exception {
        FaultSchedule schedule = twoPhases().toBuilder()
                .phase("blip", Duration.ofMillis(150_500), Duration.ofMillis(151_250), FaultPlan.next(1, FaultKind.DROP))
                .build();

        assertThat(FaultSchedule.fromJson(schedule.toJson())).isEqualTo(schedule);
        assertThat(schedule.toJson().at("/phases/0/fromSeconds").isIntegralNumber()).isTrue();
        assertThat(FaultSchedule.fromJson(new ObjectMapper().readTree(
                "{\"background\":{\"rates\":{\"server_error\":0.05}},\"phases\":["
                        + "{\"fromSeconds\":60,\"toSeconds\":90,\"faults\":{\"rates\":{\"RATE_LIMIT\":1.0}}},"
                        + "{\"fromSeconds\":120,\"toSeconds\":140,\"faults\":{\"rates\":{\"unavailable\":1}}}]}")))
                .isEqualTo(twoPhases());
        assertThat(FaultSchedule.fromJson(new ObjectMapper().readTree("{}"))).isEqualTo(FaultSchedule.none());
    }

    @Test
    void jsonWithUnknownFieldsOrMissingTimesIsRefused() throws Exception {
        ObjectMapper json = new ObjectMapper();

        assertThatThrownBy(() -> FaultSchedule.fromJson(json.readTree("{\"phase\":[]}")))
                .hasMessageContaining("unknown field 'phase'");
        assertThatThrownBy(() -> FaultSchedule.fromJson(json.readTree(
                "{\"phases\":[{\"from\":60,\"toSeconds\":90}]}"))).hasMessageContaining("unknown field 'from'");
        assertThatThrownBy(() -> FaultSchedule.fromJson(json.readTree("{\"phases\":[{\"toSeconds\":90}]}")))
                .hasMessageContaining("fromSeconds");
        assertThatThrownBy(() -> FaultSchedule.fromJson(json.readTree(
                "{\"phases\":[{\"fromSeconds\":1,\"toSeconds\":2,\"faults\":{\"rates\":{\"FIRE\":1}}}]}")))
                .hasMessageContaining("FIRE");
    }
}
