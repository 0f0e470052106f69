package dev.heddle.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * {@link Distributions} against closed forms and Python's {@code math.erfc} and {@code math.lgamma}:
 * good to 1e-7 at least, in the tails too.
 */
class DistributionsTest {

    private static final Offset<Double> CLOSE = within(1e-9);

    @Test
    void logGammaMatchesPython() {
        assertThat(Distributions.logGamma(0.5)).isCloseTo(0.5723649429247004, within(1e-12)); // ln √π
        assertThat(Distributions.logGamma(10.3)).isCloseTo(13.48203678613836, within(1e-11));
        assertThat(Distributions.logGamma(5)).isCloseTo(Math.log(24), within(1e-12));
        assertThat(Distributions.logGamma(1e6)).isCloseTo(12815504.569147611, within(1e-6));
    }

    @Test
    void theNormalTailsAreAccurateFarOut() {
        assertThat(Distributions.erfc(0.5)).isCloseTo(0.4795001221869535, CLOSE);
        assertThat(Distributions.erfc(-1.2)).isCloseTo(1.9103139782296354, CLOSE);
        assertThat(Distributions.normalCdf(0)).isCloseTo(0.5, CLOSE);
        assertThat(Distributions.normalCdf(1.959963984540054)).isCloseTo(0.975, CLOSE);
        // relative accuracy in the far tail, where an absolute 1e-7 approximation of erf says nothing
        assertThat(Distributions.normalCdf(-5) / 2.866515718791946e-07).isCloseTo(1, CLOSE);
        assertThat(Distributions.normalCdf(-8) / 6.220960574271819e-16).isCloseTo(1, within(1e-7));
    }

    @Test
    void studentsTMatchesItsClosedFormsForOneAndTwoDegreesOfFreedom() {
        // ν = 1 is the Cauchy distribution: P(|T| ≥ t) = 1 − (2/π) atan t
        assertThat(Distributions.studentTTwoSided(3, 1)).isCloseTo(0.20483276469913336, CLOSE);
        // ν = 2: P(|T| ≥ t) = 1 − t / √(t² + 2)
        assertThat(Distributions.studentTTwoSided(1.5, 2)).isCloseTo(0.2723931248910011, CLOSE);
        assertThat(Distributions.studentTCdf(-1.5, 2)).isCloseTo(0.2723931248910011 / 2, CLOSE);
        assertThat(Distributions.studentTQuantile(0.975, 1)).isCloseTo(12.706204736174696, within(1e-8));
    }

    @Test
    void studentsTApproachesTheNormalForManyDegreesOfFreedom() {
        assertThat(Distributions.studentTTwoSided(1.959963984540054, 1e7)).isCloseTo(0.05, within(1e-7));
        assertThat(Distributions.studentTQuantile(0.975, 1e7)).isCloseTo(1.959963984540054, within(1e-6));
    }

    @Test
    void theChiSquareTailMatchesItsClosedForms() {
        // k = 2: Q = e^(−x/2); k = 4: Q = e^(−x/2)(1 + x/2)
        assertThat(Distributions.chiSquareUpper(7, 2)).isCloseTo(0.0301973834223185, CLOSE);
        assertThat(Distributions.chiSquareUpper(9.49, 4)).isCloseTo(0.049953131223294894, CLOSE);
        assertThat(Distributions.chiSquareUpper(0, 3)).isEqualTo(1.0);
        assertThat(Distributions.lowerGamma(2.5, 1) + Distributions.upperGamma(2.5, 1)).isCloseTo(1, CLOSE);
    }
}
