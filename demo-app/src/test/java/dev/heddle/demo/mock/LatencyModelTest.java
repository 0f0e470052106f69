package dev.heddle.demo.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The latency models: what a draw is, from a seeded random, checked as statistics (no clocks). */
class LatencyModelTest {

    private static final int DRAWS = 10_000;

    private static long[] sortedDraws(LatencyModel model, long seed) {
        Random random = new Random(seed);
        long[] draws = new long[DRAWS];
        for (int i = 0; i < DRAWS; i++) {
            draws[i] = model.nextMillis(random);
        }
        Arrays.sort(draws);
        return draws;
    }

    private static double quantile(long[] sorted, double q) {
        return sorted[(int) Math.floor(q * (sorted.length - 1))];
    }

    /** {@code median * exp(sigma * z)}, z the standard normal quantile of q. */
    private static double lognormalQuantile(double median, double sigma, double z) {
        return median * Math.exp(sigma * z);
    }

    @Test
    void fixedIsTheFixedPartPlusTheSameUniformJitterAsBefore() {
        LatencyModel model = LatencyModel.fixed(100, 20);
        Random drawn = new Random(7);
        Random expected = new Random(7);

        for (int i = 0; i < 1_000; i++) {
            long millis = model.nextMillis(drawn);
            assertThat(millis).isBetween(100L, 120L).isEqualTo(100 + expected.nextLong(21));
        }
    }

    @Test
    void fixedWithoutJitterNeverTouchesTheRandom() {
        Random random = new Random(7);

        assertThat(LatencyModel.fixed(250, 0).nextMillis(random)).isEqualTo(250);
        assertThat(random.nextLong()).isEqualTo(new Random(7).nextLong());
    }

    @Test
    void lognormalDrawsHaveTheMedianAndTheQuantilesOfTheFormula() {
        long[] draws = sortedDraws(LatencyModel.lognormal(700, 0.6, 20_000), 11);

        // standard normal quantiles of 0.10, 0.25, 0.50, 0.75, 0.90, 0.99
        double[] qs = {0.10, 0.25, 0.50, 0.75, 0.90, 0.99};
        double[] zs = {-1.2816, -0.6745, 0.0, 0.6745, 1.2816, 2.3263};
        for (int i = 0; i < qs.length; i++) {
            double expected = lognormalQuantile(700, 0.6, zs[i]);
            double tolerance = qs[i] == 0.99 ? 0.10 : 0.05;
            assertThat(quantile(draws, qs[i])).as("quantile %s", qs[i])
                    .isCloseTo(expected, within(expected * tolerance));
        }
    }

    @Test
    void lognormalHasALongTailAboveItsMedian() {
        long[] draws = sortedDraws(LatencyModel.lognormal(700, 0.6, 20_000), 12);

        double mean = Arrays.stream(draws).average().orElseThrow();
        double expectedMean = 700 * Math.exp(0.6 * 0.6 / 2); // 838 ms
        assertThat(mean).isCloseTo(expectedMean, within(expectedMean * 0.05)).isGreaterThan(quantile(draws, 0.5));
        assertThat(quantile(draws, 0.99)).isGreaterThan(3.5 * 700);
        assertThat(draws[DRAWS - 1]).isGreaterThan(5 * 700);
        assertThat(quantile(draws, 0.01)).isLessThan(700 / 3.5);
    }

    @Test
    void lognormalNeverExceedsItsCapAndOftenHitsAShortOne() {
        long[] draws = sortedDraws(LatencyModel.lognormal(700, 2.0, 1_500), 13);

        assertThat(draws[DRAWS - 1]).isEqualTo(1_500);
        long capped = Arrays.stream(draws).filter(millis -> millis == 1_500).count();
        // P(700 * exp(2 Z) >= 1500) = P(Z >= 0.381) = 0.35
        assertThat(capped).isBetween((long) (DRAWS * 0.30), (long) (DRAWS * 0.40));
        assertThat(draws[0]).isGreaterThanOrEqualTo(0);
    }

    @Test
    void lognormalWithSigmaZeroIsAlwaysTheMedian() {
        long[] draws = sortedDraws(LatencyModel.lognormal(700, 0, 700), 14);

        assertThat(draws[0]).isEqualTo(700);
        assertThat(draws[DRAWS - 1]).isEqualTo(700);
    }

    @Test
    void theSameSeedDrawsTheSameLatencies() {
        LatencyModel model = LatencyModel.lognormal(700, 0.6, 20_000);

        assertThat(sortedDraws(model, 5)).isEqualTo(sortedDraws(model, 5));
    }

    @Test
    void parseReadsTheFormsOfTheLatencyFlag() {
        assertThat(LatencyModel.parse("fixed:200")).isEqualTo(LatencyModel.fixed(200, 0));
        assertThat(LatencyModel.parse("fixed:200:50")).isEqualTo(LatencyModel.fixed(200, 50));
        assertThat(LatencyModel.parse("Lognormal:700:0.6:20000")).isEqualTo(LatencyModel.lognormal(700, 0.6, 20_000));
        assertThat(LatencyModel.parse(LatencyModel.lognormal(700, 0.6, 20_000).toString()))
                .isEqualTo(LatencyModel.lognormal(700, 0.6, 20_000));
        assertThat(LatencyModel.parse(LatencyModel.fixed(3, 4).toString())).isEqualTo(LatencyModel.fixed(3, 4));
    }

    @Test
    void impossibleModelsAreRefused() {
        for (String text : List.of("", "fixed", "fixed:-1", "fixed:1:2:3", "fixed:x", "lognormal:700:0.6",
                "lognormal:700:-0.1:20000", "lognormal:700:NaN:20000", "lognormal:700:0.6:600",
                "lognormal:-700:0.6:20000", "gamma:1:2")) {
            assertThatThrownBy(() -> LatencyModel.parse(text)).as(text).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> LatencyModel.lognormal(700, Double.POSITIVE_INFINITY, 20_000))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LatencyModel.fixed(0, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
