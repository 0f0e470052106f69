package dev.heddle.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.heddle.analytics.AnalyticsEvent;
import dev.heddle.report.ExperimentResult.Variant;
import dev.heddle.report.ExperimentStatistics.Comparison;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link ExperimentResult} of the {@link ReportWorkload}'s experiment: exposures, conversions, means and the ratio check. */
class ExperimentResultTest {

    private static final List<AnalyticsEvent> EVENTS = ReportWorkload.events().stream()
            .sorted(Comparator.comparing(AnalyticsEvent::time)).toList();
    private static final ExperimentMetric POSITIVE = new ExperimentMetric.Conversion(EventSelector.parse(ReportCommand.DEFAULT_CONVERSION));

    @Test
    void eachVariantsExposedUsersAndThoseWhoConvertedAtOrAfterTheirExposure() {
        ExperimentResult result = ExperimentResult.compute(EVENTS, ReportWorkload.EXPERIMENT, POSITIVE, null, null);

        // "concise" sorts first, but a variant named control is the control
        assertThat(result.control()).isEqualTo("control");
        assertThat(result.variants()).extracting(Variant::name).containsExactly("concise", "control");
        assertThat(result.variants()).extracting(Variant::exposedUsers).containsExactly(5L, 5L);
        // control: u01, u03, u07 (u05's feedback came before its exposure); concise: u02 (u04's was negative)
        assertThat(result.variants()).extracting(Variant::converted).containsExactly(1L, 3L);
        assertThat(result.controlVariant().estimate().value()).isCloseTo(0.6, within(1e-12));
        assertThat(result.controlVariant().comparison()).isNull();
    }

    @Test
    void theVariantIsComparedWithTheControlByTheTwoProportionTest() {
        // pooled 4/10 = 0.4, SE_0 = √(0.4 · 0.6 · 2/5) = 0.3098387, z = −0.4 / 0.3098387 = −1.2909944, p = 0.1967056
        Comparison c = ExperimentResult.compute(EVENTS, ReportWorkload.EXPERIMENT, POSITIVE, null, null).variants().get(0).comparison();

        assertThat(c.absoluteLift()).isCloseTo(-0.4, within(1e-12));
        assertThat(c.statistic()).isCloseTo(-1.2909944, within(1e-6));
        assertThat(c.pValue()).isCloseTo(0.1967056, within(1e-6));
        assertThat(c.chanceToBeatControl()).isCloseTo(0.0786496, within(1e-6));
    }

    @Test
    void aConversionBeforeTheExposureDoesNotCount() {
        // u07 queried before its exposure, u02 one second before its own
        ExperimentMetric query = new ExperimentMetric.Conversion(EventSelector.parse("query_submitted"));

        ExperimentResult result = ExperimentResult.compute(EVENTS, ReportWorkload.EXPERIMENT, query, null, null);

        assertThat(result.variants()).extracting(Variant::converted).containsExactly(2L, 3L);
    }

    @Test
    void aUserExposedToASecondVariantStaysInTheFirstAndIsCounted() {
        ExperimentResult result = ExperimentResult.compute(EVENTS, ReportWorkload.EXPERIMENT, POSITIVE, null, null);

        assertThat(result.usersInSeveralVariants()).isEqualTo(1);
        assertThat(result.sampleRatio().chiSquare()).isZero();
        assertThat(result.sampleRatio().mismatch()).isFalse();
    }

    @Test
    void weightsGoInVariantNameOrderAndAFiveFiveSplitIsAMismatchAgainstNinetyTen() {
        // concise expects 9 and control 1: χ² = 16/9 + 16 = 17.78, p = 2.48e-5
        ExperimentResult result = ExperimentResult.compute(EVENTS, ReportWorkload.EXPERIMENT, POSITIVE, null, List.of(0.9, 0.1));

        assertThat(result.sampleRatio().expected()).containsExactly(9.0, 1.0);
        assertThat(result.sampleRatio().chiSquare()).isCloseTo(17.7777778, within(1e-6));
        assertThat(result.sampleRatio().pValue()).isCloseTo(2.4826606e-5, within(1e-11));
        assertThat(result.sampleRatio().mismatch()).isTrue();
        assertThat(result.variants()).extracting(Variant::weight).containsExactly(0.9, 0.1);
    }

    @Test
    void theControlCanBeNamed() {
        ExperimentResult result = ExperimentResult.compute(EVENTS, ReportWorkload.EXPERIMENT, POSITIVE, "concise", null);

        assertThat(result.control()).isEqualTo("concise");
        assertThat(result.variants().get(1).comparison().absoluteLift()).isCloseTo(0.4, within(1e-12));
    }

    @Test
    void aMeanIsOverTheCallsStampedWithEachVariant() {
        ExperimentResult result = ExperimentResult.compute(EVENTS, ReportWorkload.EXPERIMENT, new ExperimentMetric.Mean("latency_ms"),
                null, null);

        Variant concise = result.variants().get(0);
        Variant control = result.variants().get(1);
        assertThat(concise.estimate().n()).isEqualTo(3);
        assertThat(concise.estimate().value()).isCloseTo((300 + 20 + 900) / 3.0, within(1e-9));
        assertThat(control.estimate().n()).isEqualTo(4);
        assertThat(control.estimate().value()).isCloseTo((800 + 5 + 400 + 30000) / 4.0, within(1e-9));
        assertThat(concise.comparison()).isEqualTo(ExperimentStatistics.welch(Sample.of(800, 5, 400, 30000), Sample.of(300, 20, 900)));
    }

    @Test
    void tokensAreInputPlusOutput() {
        ExperimentResult result = ExperimentResult.compute(EVENTS, ReportWorkload.EXPERIMENT, new ExperimentMetric.Mean("tokens"),
                null, null);

        assertThat(result.variants().get(0).estimate().value()).isCloseTo((600 + 0 + 1500) / 3.0, within(1e-9));
    }

    @Test
    void aControlThatIsNoVariantOrWeightsThatDoNotFitAreRefusedWithTheVariantsNamed() {
        assertThatThrownBy(() -> ExperimentResult.compute(EVENTS, ReportWorkload.EXPERIMENT, POSITIVE, "long", null))
                .hasMessage("--control 'long' is not a variant of experiment 'prompt-style'; its variants are concise, control");
        assertThatThrownBy(() -> ExperimentResult.compute(EVENTS, ReportWorkload.EXPERIMENT, POSITIVE, null, List.of(1.0, 1.0, 1.0)))
                .hasMessage("--weights gives 3 weights, but experiment 'prompt-style' has 2 variants: concise, control"
                        + " (weights go in this order)");
    }

    @Test
    void anExperimentTheEventsNeverNameHasNoVariants() {
        ExperimentResult result = ExperimentResult.compute(EVENTS, "nope", POSITIVE, null, null);

        assertThat(result.variants()).isEmpty();
        assertThat(ExperimentResult.experimentsIn(EVENTS)).containsExactly(ReportWorkload.EXPERIMENT);
    }

    @Test
    void anUnknownMetricFieldNamesTheKnownOnes() {
        assertThatThrownBy(() -> new ExperimentMetric.Mean("speed"))
                .hasMessage("--metric takes one of latency_ms, input_tokens, output_tokens, tokens, cost_usd, but found 'speed'");
    }
}
