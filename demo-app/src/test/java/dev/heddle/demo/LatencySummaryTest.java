package dev.heddle.demo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatencySummaryTest {

    @Test
    void percentilesUseTheNearestRank() {
        long[] millis = new long[20];
        for (int i = 0; i < millis.length; i++) {
            millis[i] = 20 - i;
        }
        LatencySummary summary = new LatencySummary(millis);

        assertThat(summary.percentileMillis(50)).isEqualTo(10);
        assertThat(summary.percentileMillis(95)).isEqualTo(19);
        assertThat(summary.percentileMillis(100)).isEqualTo(20);
        assertThat(summary.totalMillis()).isEqualTo(210);
    }

    @Test
    void noLatenciesSummarizeToZero() {
        LatencySummary summary = new LatencySummary(new long[0]);

        assertThat(summary.totalMillis()).isZero();
        assertThat(summary.percentileMillis(95)).isZero();
    }
}
