package dev.heddle.demo.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WorkloadSpecTest {

    @Test
    void theMacroBenchmarkSends3000RequestsFrom200UsersOverFourMinutes() {
        assertThat(WorkloadSpec.macro())
                .isEqualTo(new WorkloadSpec(42, 200, 3_000, Duration.ofMinutes(4), 0.50, 0.07));
        assertThat(WorkloadSpec.macro().uniqueShare()).isCloseTo(0.43, within(1e-9));
    }

    @Test
    void theDemoSends600RequestsFrom40UsersInAMinute() {
        assertThat(WorkloadSpec.demo())
                .isEqualTo(new WorkloadSpec(42, 40, 600, Duration.ofMinutes(1), 0.45, 0.15));
    }

    @Test
    void aSpecNeedsAUserAPositiveDurationAndSharesThatAddUpToOneAtMost() {
        assertThatThrownBy(() -> new WorkloadSpec(1, 0, 10, Duration.ofSeconds(1), 0.5, 0.1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("users");
        assertThatThrownBy(() -> new WorkloadSpec(1, 1, -1, Duration.ofSeconds(1), 0.5, 0.1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("requests");
        assertThatThrownBy(() -> new WorkloadSpec(1, 1, 10, Duration.ZERO, 0.5, 0.1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("duration");
        assertThatThrownBy(() -> new WorkloadSpec(1, 1, 10, Duration.ofSeconds(1), 0.7, 0.4))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("add up to 1 at most");
        assertThatThrownBy(() -> new WorkloadSpec(1, 1, 10, Duration.ofSeconds(1), -0.1, 0.4))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new WorkloadSpec(1, 1, 10, Duration.ofSeconds(1), Double.NaN, 0.4))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
