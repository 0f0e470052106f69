package dev.heddle.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.heddle.report.ExperimentStatistics.Comparison;
import dev.heddle.report.ExperimentStatistics.Estimate;
import dev.heddle.report.ExperimentStatistics.SampleRatio;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link ExperimentStatistics} against examples worked by hand. The reference values were computed
 * independently with Python's standard library ({@code math.erfc} for the normal tail, and for
 * Student's t a Simpson integration of the t density over 400,000 intervals), not with this code.
 */
class ExperimentStatisticsTest {

    /**
     * Control: 1000 users, 100 converted (p_a = 0.100); treatment: 1000 users, 130 converted (p_b = 0.130).
     * <pre>
     * d      = 0.130 − 0.100 = 0.030
     * pooled = (100 + 130) / 2000 = 0.115
     * SE_0   = √(0.115 · 0.885 · (1/1000 + 1/1000)) = √0.00020355 = 0.0142671
     * z      = 0.030 / 0.0142671 = 2.10274
     * p      = erfc(2.10274 / √2) = 0.035488                      (python3: math.erfc(z / math.sqrt(2)))
     * SE     = √(0.1 · 0.9 / 1000 + 0.13 · 0.87 / 1000) = √0.0002031 = 0.0142513   (unpooled)
     * CI     = 0.030 ± 1.959964 · 0.0142513 = [0.0020679, 0.0579321]
     * chance = Φ(0.030 / 0.0142513) = Φ(2.10507) = 0.982357
     * r      = 0.13 / 0.10 − 1 = 0.30
     * Fieller, v_a = 0.00009, v_b = 0.0001131, q = 1.959964:
     *          R = (0.1 · 0.13 ± q √(0.1² v_b + 0.13² v_a − q² v_a v_b)) / (0.1² − q² v_a) = [1.0183914, 1.6747178]
     * CI_r   = R − 1 = [0.0183914, 0.6747178]   (excludes 0, as the absolute interval does)
     * </pre>
     */
    @Test
    void twoProportionsMatchTheHandComputedZTest() {
        Comparison c = ExperimentStatistics.twoProportions(100, 1000, 130, 1000);

        assertThat(c.absoluteLift()).isCloseTo(0.030, within(1e-12));
        assertThat(c.statistic()).isCloseTo(2.1027406, within(1e-6));
        assertThat(c.pValue()).isCloseTo(0.0354885, within(1e-7));
        assertThat(ReportFormat.pValue(c.pValue())).isEqualTo("0.0355");
        assertThat(c.absoluteLow()).isCloseTo(0.0020679, within(1e-7));
        assertThat(c.absoluteHigh()).isCloseTo(0.0579321, within(1e-7));
        assertThat(c.chanceToBeatControl()).isCloseTo(0.9823573, within(1e-7));
        assertThat(c.relativeLift()).isCloseTo(0.30, within(1e-12));
        assertThat(c.relativeLow()).isCloseTo(0.0183914, within(1e-7));
        assertThat(c.relativeHigh()).isCloseTo(0.6747178, within(1e-7));
    }

    /**
     * Latencies (ms). Control: 820 790 905 860 815 880 845 830 (n = 8, mean 843.125, s² = 1399.5536);
     * variant: 780 845 790 800 820 760 (n = 6, mean 799.1667, s² = 904.1667).
     * <pre>
     * v_a = 1399.5536 / 8 = 174.9442     v_b = 904.1667 / 6 = 150.6944
     * SE  = √(v_a + v_b) = 18.045460
     * t   = (799.1667 − 843.125) / 18.045460 = −2.435977
     * ν   = (v_a + v_b)² / (v_a²/7 + v_b²/5) = 11.895988
     * p   = 2 · P(T_ν &gt; 2.435977) = 0.0315474            (Simpson integration of the t density)
     * q   = t_0.975,ν = 2.1809276 (bisection on the same integral); CI = −43.9583 ± q · SE = [−83.31418, −4.60249]
     * chance = Φ(−43.9583 / 18.045460) = 0.0074258
     * r   = 799.1667 / 843.125 − 1 = −0.0521374; Fieller with the same q: [−0.0964540, −0.0055991]
     * </pre>
     */
    @Test
    void welchMatchesAnIndependentlyIntegratedTDistribution() {
        Sample control = Sample.of(820, 790, 905, 860, 815, 880, 845, 830);
        Sample variant = Sample.of(780, 845, 790, 800, 820, 760);

        Comparison c = ExperimentStatistics.welch(control, variant);

        assertThat(control.mean()).isCloseTo(843.125, within(1e-9));
        assertThat(control.variance()).isCloseTo(1399.5535714, within(1e-6));
        assertThat(c.absoluteLift()).isCloseTo(-43.9583333, within(1e-6));
        assertThat(c.statistic()).isCloseTo(-2.4359774, within(1e-6));
        assertThat(c.degreesOfFreedom()).isCloseTo(11.8959885, within(1e-6));
        assertThat(c.pValue()).isCloseTo(0.0315474, within(1e-7));
        assertThat(c.absoluteLow()).isCloseTo(-83.314175, within(1e-5));
        assertThat(c.absoluteHigh()).isCloseTo(-4.602491, within(1e-5));
        assertThat(c.chanceToBeatControl()).isCloseTo(0.0074258, within(1e-7));
        assertThat(c.relativeLift()).isCloseTo(-0.0521374, within(1e-7));
        assertThat(c.relativeLow()).isCloseTo(-0.0964540, within(1e-7));
        assertThat(c.relativeHigh()).isCloseTo(-0.0055991, within(1e-7));
    }

    /**
     * 5000 and 5400 users for weights 50/50: E = 5200 each, χ² = 2 · 200² / 5200 = 15.3846, and with one
     * degree of freedom p = erfc(√(χ²/2)) = 8.77e-5 &lt; 0.001: flagged. 5000 and 5050: χ² = 0.2488, p = 0.618.
     */
    @Test
    void aSampleRatioMismatchIsFlaggedBelowOneInAThousand() {
        SampleRatio skewed = ExperimentStatistics.sampleRatio(List.of(5000L, 5400L), List.of(0.5, 0.5));
        SampleRatio fine = ExperimentStatistics.sampleRatio(List.of(5000L, 5050L), List.of(0.5, 0.5));

        assertThat(skewed.expected()).containsExactly(5200.0, 5200.0);
        assertThat(skewed.chiSquare()).isCloseTo(15.3846154, within(1e-6));
        assertThat(skewed.pValue()).isCloseTo(8.7699424e-5, within(1e-11));
        assertThat(skewed.mismatch()).isTrue();
        assertThat(fine.chiSquare()).isCloseTo(0.2487562, within(1e-6));
        assertThat(fine.pValue()).isCloseTo(0.6179522, within(1e-7));
        assertThat(fine.mismatch()).isFalse();
    }

    @Test
    void unequalWeightsSetTheExpectedCounts() {
        // 900 / 100 is exactly a 90/10 split; the same users read as 50/50 are a gross mismatch
        assertThat(ExperimentStatistics.sampleRatio(List.of(900L, 100L), List.of(0.9, 0.1)).chiSquare()).isCloseTo(0, within(1e-9));
        assertThat(ExperimentStatistics.sampleRatio(List.of(900L, 100L), List.of(1.0, 1.0)).mismatch()).isTrue();
    }

    @Test
    void noUsersGiveNoFiguresRatherThanNonsense() {
        Estimate nobody = ExperimentStatistics.proportion(0, 0);
        Comparison c = ExperimentStatistics.twoProportions(0, 0, 0, 0);
        SampleRatio ratio = ExperimentStatistics.sampleRatio(List.of(0L, 0L), List.of(0.5, 0.5));

        assertThat(nobody.value()).isNaN();
        assertThat(c.pValue()).isNaN();
        assertThat(c.chanceToBeatControl()).isNaN();
        assertThat(ratio.pValue()).isNaN();
        assertThat(ratio.mismatch()).isFalse();
        assertThat(ReportFormat.pValue(c.pValue())).isEqualTo("n/a");
        assertThat(ReportFormat.percent(nobody.value())).isEqualTo("n/a");
    }

    @Test
    void noConversionsAnywhereLeaveTheTestUndefinedButTheLiftZero() {
        Comparison c = ExperimentStatistics.twoProportions(0, 500, 0, 500);

        assertThat(c.absoluteLift()).isZero();
        assertThat(c.statistic()).isNaN();
        assertThat(c.pValue()).isNaN();
        assertThat(c.relativeLift()).isNaN();
        assertThat(c.absoluteLow()).isNaN();
    }

    @Test
    void aRelativeIntervalIsUndefinedWhileTheControlsRateIsNotClearlyAboveZero() {
        // 1 of 10: q² v_a / p_a² = 3.8415 · 0.009 / 0.01 = 3.46 ≥ 1, so Fieller's interval is unbounded
        Comparison c = ExperimentStatistics.twoProportions(1, 10, 5, 10);

        assertThat(c.relativeLift()).isCloseTo(4.0, within(1e-12));
        assertThat(c.relativeLow()).isNaN();
        assertThat(c.relativeHigh()).isNaN();
        assertThat(c.absoluteLow()).isFinite();
    }

    @Test
    void identicalVariantsHaveNoLiftAPValueOfOneAndAnEvenChance() {
        Comparison rates = ExperimentStatistics.twoProportions(100, 1000, 100, 1000);
        Comparison means = ExperimentStatistics.welch(Sample.of(1, 2, 3, 4), Sample.of(1, 2, 3, 4));

        assertThat(rates.absoluteLift()).isZero();
        assertThat(rates.pValue()).isCloseTo(1.0, within(1e-12));
        assertThat(rates.chanceToBeatControl()).isCloseTo(0.5, within(1e-12));
        assertThat(means.pValue()).isCloseTo(1.0, within(1e-12));
        assertThat(means.chanceToBeatControl()).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void constantSamplesHaveNoSpreadSoNoTest() {
        Comparison c = ExperimentStatistics.welch(Sample.of(5, 5, 5), Sample.of(7, 7, 7));

        assertThat(c.absoluteLift()).isEqualTo(2.0);
        assertThat(c.pValue()).isNaN();
        assertThat(c.absoluteLow()).isNaN();
        assertThat(ExperimentStatistics.welch(Sample.of(5), Sample.of(7, 8)).pValue()).isNaN();
    }

    @Test
    void aRatesIntervalIsWilsonsAndStaysOpenAtZeroConversions() {
        // (p + z²/2n ± z √(p(1 − p)/n + z²/4n²)) / (1 + z²/n): 0 of 2 → [0, 0.6576198]; 100 of 1000 → [0.0829094, 0.1201520]
        Estimate none = ExperimentStatistics.proportion(0, 2);
        Estimate tenth = ExperimentStatistics.proportion(100, 1000);

        assertThat(none.low()).isCloseTo(0, within(1e-12));
        assertThat(none.high()).isCloseTo(0.6576198, within(1e-7));
        assertThat(tenth.value()).isEqualTo(0.1);
        assertThat(tenth.low()).isCloseTo(0.0829094, within(1e-7));
        assertThat(tenth.high()).isCloseTo(0.1201520, within(1e-7));
    }

    @Test
    void aMeansIntervalUsesStudentsTWithNMinusOneDegreesOfFreedom() {
        // mean 2.5, s = √(5/3), SE = 0.6454972; t_0.975,3 = 3.1824463 → 2.5 ± 2.0542603
        Estimate estimate = ExperimentStatistics.mean(Sample.of(1, 2, 3, 4));

        assertThat(estimate.value()).isEqualTo(2.5);
        assertThat(estimate.low()).isCloseTo(0.4457397, within(1e-6));
        assertThat(estimate.high()).isCloseTo(4.5542603, within(1e-6));
    }
}
