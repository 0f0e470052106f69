package dev.heddle.report;

import java.util.ArrayList;
import java.util.List;

/**
 * The statistics of an A/B experiment, frequentist and written out (no statistics library):
 * per-variant estimates, a variant against the control, and the sample-ratio-mismatch check.
 *
 * <p>A value that a formula cannot give (no users, a zero standard error, a zero control rate for a
 * relative lift) is {@code NaN} here; the report prints it as {@code n/a}.
 *
 * <h2>Conversions: two-proportion z-test</h2>
 * With x<sub>a</sub> of n<sub>a</sub> control users and x<sub>b</sub> of n<sub>b</sub> variant
 * users converted, p<sub>a</sub> = x<sub>a</sub>/n<sub>a</sub>, p<sub>b</sub> = x<sub>b</sub>/n<sub>b</sub>
 * and the absolute lift d = p<sub>b</sub> − p<sub>a</sub>:
 * <ul>
 *   <li>test, under the null hypothesis of one common rate, with the pooled rate
 *       p = (x<sub>a</sub> + x<sub>b</sub>) / (n<sub>a</sub> + n<sub>b</sub>):
 *       SE<sub>0</sub> = √(p(1 − p)(1/n<sub>a</sub> + 1/n<sub>b</sub>)), z = d / SE<sub>0</sub>,
 *       two-sided p-value = 2(1 − Φ(|z|)) = erfc(|z|/√2);</li>
 *   <li>95% confidence interval of d, unpooled: SE = √(p<sub>a</sub>(1 − p<sub>a</sub>)/n<sub>a</sub>
 *       + p<sub>b</sub>(1 − p<sub>b</sub>)/n<sub>b</sub>), d ± 1.95996 · SE.</li>
 * </ul>
 *
 * <h2>Means: Welch's t-test</h2>
 * With samples of sizes n<sub>a</sub>, n<sub>b</sub>, means m<sub>a</sub>, m<sub>b</sub> and
 * variances s<sub>a</sub>², s<sub>b</sub>², let v<sub>a</sub> = s<sub>a</sub>²/n<sub>a</sub>,
 * v<sub>b</sub> = s<sub>b</sub>²/n<sub>b</sub> and d = m<sub>b</sub> − m<sub>a</sub>:
 * SE = √(v<sub>a</sub> + v<sub>b</sub>), t = d / SE, with the Welch–Satterthwaite degrees of freedom
 * ν = (v<sub>a</sub> + v<sub>b</sub>)² / (v<sub>a</sub>²/(n<sub>a</sub> − 1) + v<sub>b</sub>²/(n<sub>b</sub> − 1));
 * two-sided p-value = P(|T<sub>ν</sub>| ≥ |t|) = I<sub>ν/(ν+t²)</sub>(ν/2, 1/2); the 95% interval is
 * d ± t<sub>0.975, ν</sub> · SE.
 *
 * <h2>Relative lift</h2>
 * r = m<sub>b</sub>/m<sub>a</sub> − 1 (rates or means alike; for conversions m = p and v = p(1 − p)/n),
 * with Fieller's interval for the ratio m<sub>b</sub>/m<sub>a</sub>, less 1: the values R with
 * (m<sub>b</sub> − R m<sub>a</sub>)² ≤ q² (v<sub>b</sub> + R² v<sub>a</sub>), q the same quantile as
 * for the absolute lift (1.95996 for conversions, t<sub>0.975, ν</sub> for means):
 * R = (m<sub>a</sub> m<sub>b</sub> ± q √(m<sub>a</sub>² v<sub>b</sub> + m<sub>b</sub>² v<sub>a</sub> − q² v<sub>a</sub> v<sub>b</sub>))
 * / (m<sub>a</sub>² − q² v<sub>a</sub>). It is bounded only when the control's value is itself clearly
 * away from zero (m<sub>a</sub>² &gt; q² v<sub>a</sub>); otherwise it is undefined. Fieller's rather
 * than the delta method's r ± q · SE<sub>r</sub>: the relative interval then excludes 0 exactly
 * when the absolute one does, where the delta method can disagree with it on small samples.
 *
 * <h2>Chance to beat control</h2>
 * Φ(d / √(SE<sub>a</sub>² + SE<sub>b</sub>²)), for both kinds of metric: the normal approximation
 * of the probability that the variant's true value is above the control's, were the estimates'
 * sampling distributions taken as the distributions of the true values (a flat prior). It is a
 * frequentist approximation, read "higher is better" whatever the metric (for latency or cost,
 * lower is better, so a small chance is good news); it is not GrowthBook's Bayesian engine, which
 * uses informative priors and sequential corrections.
 *
 * <h2>Sample ratio mismatch</h2>
 * With O<sub>i</sub> users exposed to variant i of N in all and configured weights w<sub>i</sub>,
 * the expected counts are E<sub>i</sub> = N · w<sub>i</sub> / Σw; χ² = Σ (O<sub>i</sub> − E<sub>i</sub>)² / E<sub>i</sub>
 * with k − 1 degrees of freedom, p = Q((k − 1)/2, χ²/2). A p-value below {@value #MISMATCH_P} is
 * flagged: the assignment or the exposure logging is broken, and the comparison cannot be trusted.
 */
public final class ExperimentStatistics {

    /** The 97.5% quantile of the standard normal, for 95% two-sided intervals. */
    public static final double Z_975 = 1.959963984540054;
    /** The p-value below which a sample ratio mismatch is flagged. */
    public static final double MISMATCH_P = 0.001;

    private ExperimentStatistics() {
    }

    /**
     * One variant's value with its 95% confidence interval.
     *
     * @param n the users (conversion) or values (mean) it rests on
     * @param value the rate or the mean
     * @param standardError its standard error
     * @param low the interval's lower end
     * @param high the interval's upper end
     */
    public record Estimate(long n, double value, double standardError, double low, double high) {
    }

    /**
     * A variant against the control. Lifts are the variant's value minus the control's.
     *
     * @param absoluteLift d, the variant's value minus the control's
     * @param absoluteLow the lower end of d's 95% interval
     * @param absoluteHigh the upper end of d's 95% interval
     * @param relativeLift r, d over the control's value
     * @param relativeLow the lower end of r's 95% interval (Fieller's)
     * @param relativeHigh the upper end of r's 95% interval (Fieller's)
     * @param statistic the z (conversions) or t (means) statistic
     * @param degreesOfFreedom the Welch–Satterthwaite ν; infinite for the z-test
     * @param pValue the two-sided p-value
     * @param chanceToBeatControl the normal approximation of P(variant &gt; control)
     */
    public record Comparison(double absoluteLift, double absoluteLow, double absoluteHigh, double relativeLift,
            double relativeLow, double relativeHigh, double statistic, double degreesOfFreedom, double pValue,
            double chanceToBeatControl) {
    }

    /**
     * The sample-ratio-mismatch check.
     *
     * @param observed exposed users per variant
     * @param expected the counts the weights ask for
     * @param chiSquare the goodness-of-fit statistic
     * @param degreesOfFreedom the number of variants less one
     * @param pValue P(χ²<sub>k−1</sub> ≥ chiSquare)
     * @param mismatch whether the p-value is below {@value #MISMATCH_P}
     */
    public record SampleRatio(List<Long> observed, List<Double> expected, double chiSquare, int degreesOfFreedom,
            double pValue, boolean mismatch) {

        public SampleRatio {
            observed = List.copyOf(observed);
            expected = List.copyOf(expected);
        }
    }

    /**
     * A conversion rate p = x/n, its standard error √(p(1 − p)/n), and its Wilson score interval
     * (p + z²/2n ± z √(p(1 − p)/n + z²/4n²)) / (1 + z²/n) with z = 1.95996. Wilson's interval rather
     * than the Wald interval p ± z · SE, which collapses to a point at 0 or n conversions and
     * leaves [0, 1] for small samples; it is what the chart draws, per variant.
     *
     * @param converted users who converted
     * @param users exposed users
     * @return the estimate; NaN throughout for no users
     */
    public static Estimate proportion(long converted, long users) {
        if (users == 0) return new Estimate(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        double p = (double) converted / users;
        double se = Math.sqrt(p * (1 - p) / users);
        double z2 = Z_975 * Z_975;
        double scale = 1 + z2 / users;
        double centre = (p + z2 / (2.0 * users)) / scale;
        double half = Z_975 * Math.sqrt(p * (1 - p) / users + z2 / (4.0 * users * users)) / scale;
        return new Estimate(users, p, se, Math.max(0, centre - half), Math.min(1, centre + half));
    }

    /**
     * A mean with its interval m ± t<sub>0.975, n−1</sub> · s/√n.
     *
     * @param sample the values
     * @return the estimate; the interval is NaN below two values
     */
    public static Estimate mean(Sample sample) {
        if (sample.count() < 2) return new Estimate(sample.count(), sample.mean(), Double.NaN, Double.NaN, Double.NaN);
        double se = Math.sqrt(sample.variance() / sample.count());
        double q = Distributions.studentTQuantile(0.975, sample.count() - 1);
        return new Estimate(sample.count(), sample.mean(), se, sample.mean() - q * se, sample.mean() + q * se);
    }

    /**
     * The two-proportion z-test of a variant against the control (see the class description).
     *
     * @param controlConverted x<sub>a</sub>
     * @param controlUsers n<sub>a</sub>
     * @param converted x<sub>b</sub>
     * @param users n<sub>b</sub>
     * @return the comparison
     */
    public static Comparison twoProportions(long controlConverted, long controlUsers, long converted, long users) {
        if (controlUsers == 0 || users == 0) return undefined(Double.NaN);
        double pa = (double) controlConverted / controlUsers;
        double pb = (double) converted / users;
        double d = pb - pa;
        double pooled = (double) (controlConverted + converted) / (controlUsers + users);
        double pooledSe = Math.sqrt(pooled * (1 - pooled) * (1.0 / controlUsers + 1.0 / users));
        double z = pooledSe > 0 ? d / pooledSe : Double.NaN;
        double va = pa * (1 - pa) / controlUsers;
        double vb = pb * (1 - pb) / users;
        double p = Double.isFinite(z) ? Distributions.normalTwoSided(z) : Double.NaN;
        return compared(pa, pb, va, vb, Z_975, z, Double.POSITIVE_INFINITY, p);
    }

    /**
     * Welch's t-test of a variant's mean against the control's (see the class description).
     *
     * @param control the control's values
     * @param variant the variant's values
     * @return the comparison; only the absolute lift is defined while either has fewer than two values
     */
    public static Comparison welch(Sample control, Sample variant) {
        if (control.count() == 0 || variant.count() == 0) return undefined(Double.NaN);
        if (control.count() < 2 || variant.count() < 2) return undefined(variant.mean() - control.mean());
        double va = control.variance() / control.count();
        double vb = variant.variance() / variant.count();
        double se = Math.sqrt(va + vb);
        if (!(se > 0)) return compared(control.mean(), variant.mean(), va, vb, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        double df = (va + vb) * (va + vb)
                / (va * va / (control.count() - 1) + vb * vb / (variant.count() - 1));
        double t = (variant.mean() - control.mean()) / se;
        return compared(control.mean(), variant.mean(), va, vb, Distributions.studentTQuantile(0.975, df), t, df,
                Distributions.studentTTwoSided(t, df));
    }

    /** The lifts, their intervals and the chance to beat control, from the two values and their variances. */
    private static Comparison compared(double a, double b, double va, double vb, double quantile, double statistic,
            double df, double pValue) {
        double d = b - a;
        double se = Math.sqrt(va + vb);
        boolean spread = se > 0;
        double low = spread ? d - quantile * se : Double.NaN;
        double high = spread ? d + quantile * se : Double.NaN;
        double relative = a != 0 ? b / a - 1 : Double.NaN;
        double relativeLow = Double.NaN;
        double relativeHigh = Double.NaN;
        double q2 = quantile * quantile;
        double denominator = a * a - q2 * va;
        // Fieller: bounded only when the control's value is clearly away from zero
        if (spread && a != 0 && denominator > 0) {
            double root = quantile * Math.sqrt(a * a * vb + b * b * va - q2 * va * vb);
            relativeLow = (a * b - root) / denominator - 1;
            relativeHigh = (a * b + root) / denominator - 1;
        }
        return new Comparison(d, low, high, relative, relativeLow, relativeHigh, statistic, df, pValue,
                spread ? Distributions.normalCdf(d / se) : Double.NaN);
    }

    private static Comparison undefined(double absoluteLift) {
        return new Comparison(absoluteLift, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN, Double.NaN, Double.NaN);
    }

    /**
     * The chi-square goodness-of-fit test of exposed users against the configured weights (see the class description).
     *
     * @param observed exposed users per variant
     * @param weights the configured weights, positive, in the same order; need not sum to 1
     * @return the check; with fewer than two variants or no users, NaN and not flagged
     * @throws IllegalArgumentException when the lists differ in size
     */
    public static SampleRatio sampleRatio(List<Long> observed, List<Double> weights) {
        if (observed.size() != weights.size()) {
            throw new IllegalArgumentException(weights.size() + " weights for " + observed.size() + " variants");
        }
        long total = observed.stream().mapToLong(Long::longValue).sum();
        double weightSum = weights.stream().mapToDouble(Double::doubleValue).sum();
        List<Double> expected = new ArrayList<>(weights.size());
        for (double weight : weights) expected.add(total * weight / weightSum);
        int df = observed.size() - 1;
        if (df < 1 || total == 0) return new SampleRatio(observed, expected, Double.NaN, df, Double.NaN, false);
        double chiSquare = 0;
        for (int i = 0; i < observed.size(); i++) {
            double gap = observed.get(i) - expected.get(i);
            chiSquare += gap * gap / expected.get(i);
        }
        double p = Distributions.chiSquareUpper(chiSquare, df);
        return new SampleRatio(observed, expected, chiSquare, df, p, p < MISMATCH_P);
    }
}
