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
    void impossibleValuesAreRefused() {
        assertThatThrownBy(() -> MockSettings.defaults().withPort(70_000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MockSettings.defaults().withLatencyMillis(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MockSettings.defaults().withJitterMillis(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MockSettings.defaults().withThreads(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MockSettings.defaults().withCapacity(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
