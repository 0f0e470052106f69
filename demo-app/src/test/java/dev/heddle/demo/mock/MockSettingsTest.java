package dev.heddle.demo.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MockSettingsTest {

    @Test
    void defaultsAreAnEphemeralPortWithoutLatencyOrFaults() {
        MockSettings defaults = MockSettings.defaults();

        assertThat(defaults.port()).isZero();
        assertThat(defaults.latencyMillis()).isZero();
        assertThat(defaults.jitterMillis()).isZero();
        assertThat(defaults.threads()).isEqualTo(32);
        assertThat(defaults.faults().isEmpty()).isTrue();
        assertThat(defaults.capacity()).isEqualTo(MockSettings.UNLIMITED).isZero();
    }

    @Test
    void withersReturnChangedCopiesAndLeaveTheOriginal() {
        MockSettings changed = MockSettings.defaults().withPort(8089).withLatencyMillis(100).withJitterMillis(20)
                .withSeed(7).withThreads(4).withFaults(FaultPlan.next(1, FaultKind.DROP)).withCapacity(3);

        assertThat(changed.port()).isEqualTo(8089);
        assertThat(changed.latencyMillis()).isEqualTo(100);
        assertThat(changed.jitterMillis()).isEqualTo(20);
        assertThat(changed.seed()).isEqualTo(7);
        assertThat(changed.threads()).isEqualTo(4);
        assertThat(changed.faults()).isEqualTo(FaultPlan.next(1, FaultKind.DROP));
        assertThat(changed.capacity()).isEqualTo(3);
        assertThat(changed.withSeed(8).capacity()).as("kept by the other withers").isEqualTo(3);
        assertThat(changed.toString()).contains("capacity=3");
        assertThat(MockSettings.defaults().port()).isZero();
        assertThat(MockSettings.defaults().capacity()).isZero();
    }

    @Test
    void theDefaultLatencyIsFixedAndTheOldWithersBuildAFixedModel() {
        assertThat(MockSettings.defaults().latency()).isEqualTo(LatencyModel.fixed(0, 0));
        assertThat(MockSettings.defaults().withLatencyMillis(100).withJitterMillis(20).latency())
                .isEqualTo(LatencyModel.fixed(100, 20));
        assertThat(MockSettings.defaults().withJitterMillis(20).withLatencyMillis(100).latency())
                .isEqualTo(LatencyModel.fixed(100, 20));
    }

    @Test
    void aLognormalLatencyReplacesTheFixedOneAndAFixedWitherReplacesItBack() {
        MockSettings lognormal = MockSettings.defaults().withLatencyMillis(100).withJitterMillis(20)
                .withLatency(LatencyModel.lognormal(700, 0.6, 20_000));

        assertThat(lognormal.latency()).isEqualTo(LatencyModel.lognormal(700, 0.6, 20_000));
        assertThat(lognormal.latencyMillis()).isZero();
        assertThat(lognormal.jitterMillis()).isZero();
        assertThat(lognormal.toString()).contains("latency=lognormal:700:0.6:20000");
        assertThat(lognormal.withLatencyMillis(50).latency()).isEqualTo(LatencyModel.fixed(50, 0));
    }

    @Test
    void withFaultsIsAScheduleOfOnlyThatBackground() {
        FaultSchedule phased = FaultSchedule.builder().background(FaultPlan.rate(FaultKind.SERVER_ERROR, 0.05))
                .phase(java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(2), FaultPlan.next(1, FaultKind.DROP))
                .build();

        assertThat(MockSettings.defaults().schedule()).isEqualTo(FaultSchedule.none());
        assertThat(MockSettings.defaults().withSchedule(phased).faults()).isEqualTo(phased.background());
        assertThat(MockSettings.defaults().withSchedule(phased).withFaults(FaultPlan.next(1, FaultKind.DROP)).schedule())
                .isEqualTo(FaultSchedule.of(FaultPlan.next(1, FaultKind.DROP)));
        assertThat(MockSettings.defaults().withNanoClock(() -> 42L).nanoClock().getAsLong()).isEqualTo(42L);
    }

    @Test
    void impossibleValuesAreRefused() {
        assertThatThrownBy(() -> MockSettings.defaults().withPort(70_000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MockSettings.defaults().withLatencyMillis(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MockSettings.defaults().withJitterMillis(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MockSettings.defaults().withThreads(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MockSettings.defaults().withCapacity(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
