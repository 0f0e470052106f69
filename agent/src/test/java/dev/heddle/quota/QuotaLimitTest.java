package dev.heddle.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class QuotaLimitTest {

    @Test
    void aLimitNeedsAPositiveAmountAndAWindowOfWholeMilliseconds() {
        assertThatThrownBy(() -> Limit.slidingWindow(0, Duration.ofMinutes(1))).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> Limit.tokenBucket(5, Duration.ofNanos(1_500_000))).hasMessageContaining("whole milliseconds");
        assertThatThrownBy(() -> Limit.tokenBucket(5, Duration.ZERO)).hasMessageContaining("whole milliseconds");
        assertThatThrownBy(() -> Limit.tokenBucket(5, Duration.ofDays(400))).hasMessageContaining("366 days");
    }

    @Test
    void limitsAreValuesAndWithAmountKeepsTheRest() {
        Limit limit = Limit.slidingWindow(100, Duration.ofHours(1));

        assertThat(limit).isEqualTo(Limit.slidingWindow(100, Duration.ofMinutes(60)));
        assertThat(limit).isNotEqualTo(Limit.tokenBucket(100, Duration.ofHours(1)));
        assertThat(limit.withAmount(100)).isSameAs(limit);
        assertThat(limit.withAmount(50)).isEqualTo(Limit.slidingWindow(50, Duration.ofHours(1)));
        assertThat(limit).hasToString("100/PT1H sliding window");
    }

    @Test
    void aChargeCannotBeNegative() {
        Limit limit = Limit.slidingWindow(100, Duration.ofHours(1));

        assertThatThrownBy(() -> Charge.exact("k", limit, -1)).hasMessageContaining("at least 0");
    }
}
