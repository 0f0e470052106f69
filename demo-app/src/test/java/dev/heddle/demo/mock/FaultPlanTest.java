package dev.heddle.demo.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The fault plan's rules, apart from HTTP. */
class FaultPlanTest {

    @Test
    void scheduleComesBeforeRatesAndTheFirstMatchingWindowWins() {
        FaultPlan plan = FaultPlan.builder()
                .rate(FaultKind.SLOW, 1.0)
                .requests(2, 4, FaultKind.DROP)
                .requests(3, 3, FaultKind.SERVER_ERROR)
                .build();

        assertThat(plan.pick(1, 0.0)).isEqualTo(FaultKind.SLOW);
        assertThat(plan.pick(2, 0.0)).isEqualTo(FaultKind.DROP);
        assertThat(plan.pick(3, 0.0)).isEqualTo(FaultKind.DROP);
        assertThat(plan.pick(5, 0.0)).isEqualTo(FaultKind.SLOW);
    }

    @Test
    void ratesAddUpInTheOrderOfTheKinds() {
        FaultPlan plan = FaultPlan.builder()
                .rate(FaultKind.SERVER_ERROR, 0.2)
                .rate(FaultKind.RATE_LIMIT, 0.1)
                .build();

        assertThat(plan.pick(1, 0.05)).isEqualTo(FaultKind.RATE_LIMIT);
        assertThat(plan.pick(1, 0.15)).isEqualTo(FaultKind.SERVER_ERROR);
        assertThat(plan.pick(1, 0.29)).isEqualTo(FaultKind.SERVER_ERROR);
        assertThat(plan.pick(1, 0.31)).isNull();
    }

    @Test
    void emptyPlanNeverFaults() {
        assertThat(FaultPlan.none().isEmpty()).isTrue();
        assertThat(FaultPlan.none().pick(1, 0.0)).isNull();
        assertThat(FaultPlan.builder().rate(FaultKind.DROP, 0.5).rate(FaultKind.DROP, 0).build().isEmpty()).isTrue();
    }

    @Test
    void invalidPlansAreRefused() {
        assertThatThrownBy(() -> FaultPlan.rate(FaultKind.DROP, 1.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FaultPlan.rate(FaultKind.DROP, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FaultPlan.builder().rate(FaultKind.DROP, 0.6).rate(FaultKind.SLOW, 0.6).build())
                .hasMessageContaining("more than 1");
        assertThatThrownBy(() -> FaultPlan.next(0, FaultKind.DROP)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FaultPlan.builder().requests(5, 4, FaultKind.DROP))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FaultPlan.builder().slowMillis(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void jsonRoundTripsAndAcceptsKindsInAnyCase() throws Exception {
        FaultPlan plan = FaultPlan.builder().rate(FaultKind.RATE_LIMIT, 0.1).next(2, FaultKind.DROP)
                .requests(5, 7, FaultKind.UNAVAILABLE).slowMillis(10).retryAfterSeconds(4).build();

        assertThat(FaultPlan.fromJson(plan.toJson())).isEqualTo(plan);
        assertThat(FaultPlan.fromJson(new ObjectMapper().readTree(
                "{\"rates\":{\"rate-limit\":0.1},\"schedule\":[{\"kind\":\"drop\",\"next\":2},"
                        + "{\"kind\":\"Unavailable\",\"from\":5,\"to\":7}],\"slowMillis\":10,\"retryAfterSeconds\":4}")))
                .isEqualTo(plan);
        assertThat(FaultKind.parse("rateLimit")).isEqualTo(FaultKind.RATE_LIMIT);
    }

    @Test
    void jsonWithUnknownFieldsOrKindsIsRefused() throws Exception {
        ObjectMapper json = new ObjectMapper();

        assertThatThrownBy(() -> FaultPlan.fromJson(json.readTree("{\"rate\":{}}")))
                .hasMessageContaining("unknown field 'rate'");
        assertThatThrownBy(() -> FaultPlan.fromJson(json.readTree("{\"schedule\":[{\"kind\":\"FIRE\",\"next\":1}]}")))
                .hasMessageContaining("FIRE");
        assertThatThrownBy(() -> FaultPlan.fromJson(json.readTree("{\"schedule\":[{\"kind\":\"DROP\"}]}")))
                .hasMessageContaining("'next' or 'from'");
    }
}
