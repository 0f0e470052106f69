package dev.heddle.experiment;

import static dev.heddle.experiment.GrowthBookCases.number;
import static dev.heddle.experiment.GrowthBookCases.numbers;
import static dev.heddle.experiment.GrowthBookCases.ranges;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BucketRangesTest {

    /** GrowthBook's tests round ranges and weights to six decimals: 1/3 is 0.33333333 in the cases. */
    private static final double TOLERANCE = 1e-6;

    static Stream<Arguments> bucketRangeCases() {
        return GrowthBookCases.section("getBucketRange").stream().map(row -> {
            @SuppressWarnings("unchecked")
            List<Object> args = (List<Object>) row.get(1);
            return Arguments.of(row.get(0), (int) number(args.get(0)), number(args.get(1)), numbers(args.get(2)), ranges(row.get(2)));
        });
    }

    static Stream<Arguments> chooseVariationCases() {
        return GrowthBookCases.section("chooseVariation").stream()
                .map(row -> Arguments.of(row.get(0), number(row.get(1)), ranges(row.get(2)), (int) number(row.get(3))));
    }

    static Stream<Arguments> equalWeightsCases() {
        return GrowthBookCases.section("getEqualWeights").stream()
                .map(row -> Arguments.of((int) number(row.get(0)), numbers(row.get(1))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bucketRangeCases")
    void cutsTheHashSpaceAsGrowthBookDoesInEveryCase(String name, int numVariations, double coverage, double[] weights,
            List<BucketRange> expected) {
        List<BucketRange> ranges = BucketRanges.of(numVariations, coverage, weights);

        assertThat(ranges).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(ranges.get(i).start()).as("start of range %d", i).isCloseTo(expected.get(i).start(), within(TOLERANCE));
            assertThat(ranges.get(i).end()).as("end of range %d", i).isCloseTo(expected.get(i).end(), within(TOLERANCE));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("chooseVariationCases")
    void choosesTheVariationGrowthBookChoosesInEveryCase(String name, double n, List<BucketRange> ranges, int expected) {
        assertThat(BucketRanges.chooseVariation(n, ranges)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "getEqualWeights({0})")
    @MethodSource("equalWeightsCases")
    void splitsEquallyAsGrowthBookDoesInEveryCase(int numVariations, double[] expected) {
        assertThat(BucketRanges.equalWeights(numVariations)).containsExactly(expected, within(TOLERANCE));
    }

    @Test
    void weightsAddingUpToExactlyTheEdgeOfTheToleranceAreKeptAsGrowthBookKeepsThem() {
        assertThat(BucketRanges.of(2, 1, new double[] {0.49, 0.5})).containsExactly(new BucketRange(0, 0.49), new BucketRange(0.49, 0.99));
        assertThat(BucketRanges.of(2, 1, new double[] {0.51, 0.5})).containsExactly(new BucketRange(0, 0.51), new BucketRange(0.51, 1.01));
    }

    @Test
    void theRangesCannotBeChanged() {
        List<BucketRange> ranges = BucketRanges.of(2, 1, null);

        assertThatThrownBy(() -> ranges.set(0, new BucketRange(0, 1)))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
