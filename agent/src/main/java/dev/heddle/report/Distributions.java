package dev.heddle.report;

/**
 * The distribution functions the experiment statistics need, written out so that the agent carries
 * no statistics library: the standard normal, Student's t and chi-square distributions, built on
 * the log-gamma function and the regularized incomplete gamma and beta functions.
 *
 * <p>Accuracy: the normal and chi-square functions go through the incomplete gamma function, whose
 * series and continued fraction (Numerical Recipes, 3rd ed., §6.2, {@code gser} and {@code gcf})
 * run to a relative error of about 1e-15; the log-gamma function is Lanczos' approximation with
 * g = 7 and nine coefficients (relative error below 1e-14 for positive arguments). The t
 * distribution goes through the incomplete beta function and its continued fraction (§6.4,
 * {@code betacf}), to about 1e-14. Every p-value this package prints is therefore good to far more
 * than the four decimals it shows, in the tails too, where the usual Abramowitz–Stegun 7.1.26
 * approximation of erf (absolute error 1.5e-7) would not be.
 */
final class Distributions {

    /** Where a series or continued fraction stops: a step that changes the result by less than this (near the double precision). */
    private static final double EPSILON = 1e-15;
    /** Smaller than any quotient the continued fractions meet, to step over a zero denominator (Lentz). */
    private static final double TINY = 1e-300;
    private static final int MAX_ITERATIONS = 100_000;
    private static final double LANCZOS_G = 7;
    private static final double[] LANCZOS = {
        0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
        12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7};
    private static final double HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

    private Distributions() {
    }

    /**
     * ln Γ(x) by Lanczos' approximation; for x &lt; 0.5 through the reflection formula.
     *
     * @param x a positive number
     * @return the natural logarithm of the gamma function at x
     */
    static double logGamma(double x) {
        if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
        double z = x - 1;
        double sum = LANCZOS[0];
        for (int i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i] / (z + i);
        double t = z + LANCZOS_G + 0.5;
        return HALF_LOG_TWO_PI + (z + 0.5) * Math.log(t) - t + Math.log(sum);
    }

    /**
     * The regularized lower incomplete gamma function P(a, x) = γ(a, x) / Γ(a).
     *
     * @param a the shape, positive
     * @param x the upper limit, not negative
     * @return P(a, x), between 0 and 1
     */
    static double lowerGamma(double a, double x) {
        if (x <= 0) return 0;
        return x < a + 1 ? gammaSeries(a, x) : 1 - gammaContinuedFraction(a, x);
    }

    /**
     * The regularized upper incomplete gamma function Q(a, x) = 1 − P(a, x), computed directly in
     * the tail so that small values keep their precision.
     *
     * @param a the shape, positive
     * @param x the lower limit, not negative
     * @return Q(a, x), between 0 and 1
     */
    static double upperGamma(double a, double x) {
        if (x <= 0) return 1;
        return x < a + 1 ? 1 - gammaSeries(a, x) : gammaContinuedFraction(a, x);
    }

    /** P(a, x) by its series, which converges fast for x &lt; a + 1. */
    private static double gammaSeries(double a, double x) {
        double term = 1 / a;
        double sum = term;
        for (int n = 1; n < MAX_ITERATIONS; n++) {
            term *= x / (a + n);
            sum += term;
            if (Math.abs(term) < Math.abs(sum) * EPSILON) break;
        }
        return sum * Math.exp(-x + a * Math.log(x) - logGamma(a));
    }

    /** Q(a, x) by its continued fraction (modified Lentz), which converges fast for x ≥ a + 1. */
    private static double gammaContinuedFraction(double a, double x) {
        double b = x + 1 - a;
        double c = 1 / TINY;
        double d = 1 / b;
        double h = d;
        for (int i = 1; i < MAX_ITERATIONS; i++) {
            double an = -i * (i - a);
            b += 2;
            d = an * d + b;
            if (Math.abs(d) < TINY) d = TINY;
            c = b + an / c;
            if (Math.abs(c) < TINY) c = TINY;
            d = 1 / d;
            double delta = d * c;
            h *= delta;
            if (Math.abs(delta - 1) < EPSILON) break;
        }
        return Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
    }

    /**
     * The regularized incomplete beta function I<sub>x</sub>(a, b).
     *
     * @param a first shape, positive
     * @param b second shape, positive
     * @param x between 0 and 1
     * @return I<sub>x</sub>(a, b), between 0 and 1
     */
    static double incompleteBeta(double a, double b, double x) {
        if (x <= 0) return 0;
        if (x >= 1) return 1;
        double front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x));
        // the continued fraction converges fast only below the mean of the distribution; above it, use the symmetry
        return x < (a + 1) / (a + b + 2)
                ? front * betaContinuedFraction(a, b, x) / a
                : 1 - front * betaContinuedFraction(b, a, 1 - x) / b;
    }

    /** The continued fraction of the incomplete beta function (Numerical Recipes' {@code betacf}, modified Lentz). */
    private static double betaContinuedFraction(double a, double b, double x) {
        double qab = a + b;
        double qap = a + 1;
        double qam = a - 1;
        double c = 1;
        double d = 1 - qab * x / qap;
        if (Math.abs(d) < TINY) d = TINY;
        d = 1 / d;
        double h = d;
        for (int m = 1; m < MAX_ITERATIONS; m++) {
            int m2 = 2 * m;
            double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
            d = 1 + aa * d;
            if (Math.abs(d) < TINY) d = TINY;
            c = 1 + aa / c;
            if (Math.abs(c) < TINY) c = TINY;
            d = 1 / d;
            h *= d * c;
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
            d = 1 + aa * d;
            if (Math.abs(d) < TINY) d = TINY;
            c = 1 + aa / c;
            if (Math.abs(c) < TINY) c = TINY;
            d = 1 / d;
            double delta = d * c;
            h *= delta;
            if (Math.abs(delta - 1) < EPSILON) break;
        }
        return h;
    }

    /**
     * The complementary error function, erfc(x) = Q(1/2, x²) for x ≥ 0 and 2 − erfc(−x) below.
     *
     * @param x any number
     * @return erfc(x), between 0 and 2
     */
    static double erfc(double x) {
        double tail = upperGamma(0.5, x * x);
        return x >= 0 ? tail : 2 - tail;
    }

    /**
     * The standard normal distribution function Φ(x) = erfc(−x/√2) / 2.
     *
     * @param x any number
     * @return P(Z ≤ x)
     */
    static double normalCdf(double x) {
        return 0.5 * erfc(-x / Math.sqrt(2));
    }

    /**
     * The two-sided tail of the standard normal, P(|Z| ≥ |z|) = erfc(|z|/√2).
     *
     * @param z a z statistic
     * @return the two-sided p-value
     */
    static double normalTwoSided(double z) {
        return erfc(Math.abs(z) / Math.sqrt(2));
    }

    /**
     * The two-sided tail of Student's t with ν degrees of freedom, P(|T| ≥ |t|) = I<sub>ν/(ν+t²)</sub>(ν/2, 1/2).
     *
     * @param t a t statistic
     * @param degreesOfFreedom ν, positive (need not be whole)
     * @return the two-sided p-value
     */
    static double studentTTwoSided(double t, double degreesOfFreedom) {
        return incompleteBeta(degreesOfFreedom / 2, 0.5, degreesOfFreedom / (degreesOfFreedom + t * t));
    }

    /**
     * Student's t distribution function.
     *
     * @param t any number
     * @param degreesOfFreedom ν, positive
     * @return P(T ≤ t)
     */
    static double studentTCdf(double t, double degreesOfFreedom) {
        double tail = studentTTwoSided(t, degreesOfFreedom) / 2;
        return t >= 0 ? 1 - tail : tail;
    }

    /**
     * The quantile of Student's t, by bisection on {@link #studentTCdf} (monotone, so bisection cannot fail).
     *
     * @param probability between 0.5 and 1, exclusive of 1
     * @param degreesOfFreedom ν, positive
     * @return t such that P(T ≤ t) = probability
     */
    static double studentTQuantile(double probability, double degreesOfFreedom) {
        double low = 0;
        double high = 1;
        while (studentTCdf(high, degreesOfFreedom) < probability) {
            low = high;
            high *= 2;
        }
        for (int i = 0; i < 200 && high - low > 1e-13 * high; i++) {
            double middle = (low + high) / 2;
            if (studentTCdf(middle, degreesOfFreedom) < probability) {
                low = middle;
            } else {
                high = middle;
            }
        }
        return (low + high) / 2;
    }

    /**
     * The upper tail of the chi-square distribution with k degrees of freedom, Q(k/2, χ²/2).
     *
     * @param chiSquare the statistic, not negative
     * @param degreesOfFreedom k, positive
     * @return P(X ≥ χ²)
     */
    static double chiSquareUpper(double chiSquare, int degreesOfFreedom) {
        return upperGamma(degreesOfFreedom / 2.0, chiSquare / 2);
    }
}
