package dev.heddle.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class VariantAssignerTest {

    private static final int USERS = 100_000;
    /** One percentage point: with 100,000 users a share strays by about 0.15 points (one standard deviation). */
    private static final double ONE_POINT = 0.01;

    /** @return each variant's share of {@code users} synthetic users, and last the share in no variant */
    private static double[] shares(VariantAssigner assigner, int users) {
        int[] counts = new int[assigner.variants() + 1];
        for (int i = 0; i < users; i++) {
            int variant = assigner.assign("user-" + i);
            counts[variant == VariantAssigner.NOT_IN_EXPERIMENT ? assigner.variants() : variant]++;
        }
        return IntStream.of(counts).mapToDouble(count -> (double) count / users).toArray();
    }

    @Test
    void usersSplitWithinOnePercentagePointOfTheWeights() {
        double[] shares = shares(new VariantAssigner("checkout-button", new double[] {0.5, 0.3, 0.2}, 1), USERS);

        assertThat(shares).containsExactly(new double[] {0.5, 0.3, 0.2, 0}, within(ONE_POINT));
    }

    @Test
    void reducedCoverageLeavesTheRestOutAndSplitsTheCoveredUsersByTheWeights() {
        double[] shares = shares(new VariantAssigner("checkout-button", new double[] {0.5, 0.3, 0.2}, 0.6), USERS);

        assertThat(shares).containsExactly(new double[] {0.6 * 0.5, 0.6 * 0.3, 0.6 * 0.2, 0.4}, within(ONE_POINT));
    }

    @Test
    void aUserWhoStaysInTheExperimentWhenCoverageGrowsKeepsTheirVariant() {
        VariantAssigner partial = new VariantAssigner("checkout-button", new double[] {0.5, 0.5}, 0.3);
        VariantAssigner full = new VariantAssigner("checkout-button", new double[] {0.5, 0.5}, 1);

        for (int i = 0; i < 10_000; i++) {
            int before = partial.assign("user-" + i);
            if (before != VariantAssigner.NOT_IN_EXPERIMENT) assertThat(full.assign("user-" + i)).isEqualTo(before);
        }
    }

    @Test
    void theSameUserAlwaysGetsTheSameVariant() {
        VariantAssigner first = new VariantAssigner("checkout-button", new double[] {0.5, 0.5}, 1);
        VariantAssigner second = new VariantAssigner("checkout-button", new double[] {0.5, 0.5}, 1);

        for (int i = 0; i < 10_000; i++) {
            assertThat(second.assign("user-" + i)).isEqualTo(first.assign("user-" + i));
        }
    }

    @Test
    void anotherSeedReshufflesTheUsersButKeepsTheSplit() {
        VariantAssigner before = new VariantAssigner("checkout-button", new double[] {0.5, 0.5}, 1);
        VariantAssigner after = new VariantAssigner("checkout-button-v2", new double[] {0.5, 0.5}, 1);

        long moved = IntStream.range(0, USERS).filter(i -> before.assign("user-" + i) != after.assign("user-" + i)).count();

        // independent 50/50 assignments disagree for half the users
        assertThat((double) moved / USERS).isGreaterThan(0.4);
        assertThat(shares(after, USERS)).containsExactly(new double[] {0.5, 0.5, 0}, within(ONE_POINT));
    }

    @Test
    void assignsAsGrowthBooksJavaScriptDoes() {
        // expected values from GrowthBook's sdk-js hash, getBucketRanges and chooseVariation under Node
        VariantAssigner assigner = new VariantAssigner("checkout-button", new double[] {0.5, 0.3, 0.2}, 0.6);

        assertThat(IntStream.range(0, 12).map(i -> assigner.assign("user-" + i)).toArray())
                .containsExactly(1, 1, -1, 2, -1, -1, 2, -1, -1, 0, 1, 1);
    }

    @Test
    void usersWithoutAnIdAreInNoVariantAsGrowthBookSkipsThem() {
        VariantAssigner assigner = new VariantAssigner("checkout-button", new double[] {0.5, 0.5}, 1);

        assertThat(assigner.assign(null)).isEqualTo(VariantAssigner.NOT_IN_EXPERIMENT);
        assertThat(assigner.assign("")).isEqualTo(VariantAssigner.NOT_IN_EXPERIMENT);
    }

    @Test
    void zeroCoverageLeavesEveryoneOut() {
        VariantAssigner assigner = new VariantAssigner("checkout-button", new double[] {0.5, 0.5}, 0);

        assertThat(shares(assigner, 10_000)).containsExactly(0, 0, 1);
    }

    @Test
    void threadsSharingOneAssignerGetWhatOneThreadGets() {
        VariantAssigner assigner = new VariantAssigner("checkout-button", new double[] {0.25, 0.25, 0.5}, 0.8);
        int[] alone = IntStream.range(0, USERS).map(i -> assigner.assign("user-" + i)).toArray();

        int[] shared = IntStream.range(0, USERS).parallel().map(i -> assigner.assign("user-" + i)).toArray();

        assertThat(shared).isEqualTo(alone);
    }

    @Test
    void changingTheCallersWeightsAfterwardsChangesNothing() {
        double[] weights = {0.5, 0.5};
        VariantAssigner assigner = new VariantAssigner("checkout-button", weights, 1);

        weights[0] = 1;
        weights[1] = 0;

        assertThat(assigner.ranges()).containsExactly(new BucketRange(0, 0.5), new BucketRange(0.5, 1));
    }

    @Test
    void anEmptySeedIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> new VariantAssigner("", new double[] {0.5, 0.5}, 1))
                .withMessageContaining("seed is empty");
        assertThatIllegalArgumentException().isThrownBy(() -> new VariantAssigner(null, new double[] {0.5, 0.5}, 1))
                .withMessageContaining("seed is empty");
    }

    @Test
    void fewerThanTwoVariantsAreRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> new VariantAssigner("seed", null, 1))
                .withMessageContaining("at least two variants").withMessageContaining("no weights");
        assertThatIllegalArgumentException().isThrownBy(() -> new VariantAssigner("seed", new double[] {1}, 1))
                .withMessageContaining("at least two variants").withMessageContaining("1 weight was given");
    }

    @Test
    void aNegativeOrNonNumericWeightIsRefusedNamingItsVariant() {
        assertThatIllegalArgumentException().isThrownBy(() -> new VariantAssigner("seed", new double[] {1.2, -0.2}, 1))
                .withMessageContaining("weight of variant 1 is -0.2");
        assertThatIllegalArgumentException().isThrownBy(() -> new VariantAssigner("seed", new double[] {Double.NaN, 1}, 1))
                .withMessageContaining("weight of variant 0 is NaN");
    }

    @Test
    void weightsNotAddingUpToOneAreRefusedWithTheirSum() {
        assertThatIllegalArgumentException().isThrownBy(() -> new VariantAssigner("seed", new double[] {0.5, 0.3}, 1))
                .withMessageContaining("[0.5, 0.3] add up to 0.8000, not 1");
        assertThatIllegalArgumentException().isThrownBy(() -> new VariantAssigner("seed", new double[] {50, 50}, 1))
                .withMessageContaining("add up to 100.0000, not 1");
    }

    @Test
    void weightsWithinOneHundredthOfOneAreAcceptedAsGrowthBookAcceptsThem() {
        assertThat(new VariantAssigner("seed", new double[] {0.33, 0.33, 0.33}, 1).variants()).isEqualTo(3);
        assertThat(new VariantAssigner("seed", new double[] {0.49, 0.5}, 1).variants()).isEqualTo(2);
    }

    @Test
    void coverageOutsideZeroToOneIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> new VariantAssigner("seed", new double[] {0.5, 0.5}, 1.5))
                .withMessageContaining("coverage is 1.5").withMessageContaining("from 0 to 1");
        assertThatIllegalArgumentException().isThrownBy(() -> new VariantAssigner("seed", new double[] {0.5, 0.5}, -0.1))
                .withMessageContaining("coverage is -0.1");
        assertThatIllegalArgumentException().isThrownBy(() -> new VariantAssigner("seed", new double[] {0.5, 0.5}, Double.NaN))
                .withMessageContaining("coverage is NaN");
    }
}
