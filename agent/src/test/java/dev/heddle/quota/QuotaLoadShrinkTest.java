package dev.heddle.quota;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class QuotaLoadShrinkTest {

    @Test
    void aboveThreeQuartersLoadLimitsShrinkToThreeQuartersAndAboveNinetyPercentToHalf() {
        assertThat(LoadShrink.factor(0.0)).isEqualTo(1.0);
        assertThat(LoadShrink.factor(0.75)).isEqualTo(1.0);
        assertThat(LoadShrink.factor(0.7501)).isEqualTo(0.75);
        assertThat(LoadShrink.factor(0.90)).isEqualTo(0.75);
        assertThat(LoadShrink.factor(0.9001)).isEqualTo(0.5);
        assertThat(LoadShrink.factor(1.4)).isEqualTo(0.5);
    }

    @Test
    void aShrunkLimitKeepsItsWindowAndAlgorithmAndAtLeastOneUnit() {
        AtomicReference<Double> load = new AtomicReference<>(0.5);
        LoadShrink shrink = new LoadShrink(load::get);
        Limit hundred = Limit.slidingWindow(100, Duration.ofHours(1));
        Limit one = Limit.tokenBucket(1, Duration.ofMinutes(1));

        assertThat(shrink.apply(hundred)).isSameAs(hundred);
        load.set(0.8);
        assertThat(shrink.apply(hundred)).isEqualTo(Limit.slidingWindow(75, Duration.ofHours(1)));
        load.set(0.95);
        assertThat(shrink.apply(hundred)).isEqualTo(Limit.slidingWindow(50, Duration.ofHours(1)));
        assertThat(shrink.apply(one)).isEqualTo(one);
    }

    @Test
    void theLoadIsTheAdaptiveLimitsInFlightOverItsLimit() {
        AdaptiveConcurrencyLimit vendor = new AdaptiveConcurrencyLimit(10, 2, 100, 0.75, 0, Set.of());
        LoadShrink shrink = LoadShrink.of(vendor);
        Limit perUser = Limit.slidingWindow(40, Duration.ofMinutes(1));
        for (int i = 0; i < 8; i++) vendor.tryAcquire("free");
        assertThat(shrink.apply(perUser).amount()).isEqualTo(30);

        vendor.tryAcquire("free").orElseThrow().onOverload();

        assertThat(vendor.load()).as("8 in flight over a limit of 7").isGreaterThan(1);
        assertThat(shrink.apply(perUser).amount()).isEqualTo(20);
    }
}
