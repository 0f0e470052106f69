package dev.heddle.experiment;

import static dev.heddle.experiment.GrowthBookCases.number;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.util.OptionalDouble;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class GrowthBookHashTest {

    static Stream<Arguments> growthBookCases() {
        return GrowthBookCases.section("hash").stream()
                .map(row -> Arguments.of(row.get(0), row.get(1), (int) number(row.get(2)), row.get(3)));
    }

    @ParameterizedTest(name = "hash(\"{0}\", \"{1}\", {2}) = {3}")
    @MethodSource("growthBookCases")
    void hashesEveryGrowthBookCaseAsGrowthBookDoes(String seed, String value, int version, Double expected) {
        OptionalDouble hash = GrowthBookHash.hash(seed, value, version);

        if (expected == null) {
            assertThat(hash).isEmpty();
        } else {
            // to four decimals, as GrowthBook's SDK tests compare
            assertThat(hash).isPresent();
            assertThat(Math.round(hash.getAsDouble() * 10_000)).isEqualTo(Math.round(expected * 10_000));
        }
    }

    /** Computed by GrowthBook's sdk-js {@code hash} function (util.ts) under Node. */
    @ParameterizedTest(name = "hash(\"{0}\", \"{1}\") = {2} (v1), {3} (v2)")
    @CsvSource({
            "exp-\u00e9, user-\u00fc, 0.204, 0.5448",
            "\ud83d\ude00, \u4e2d\u6587, 0.608, 0.6143",
            "checkout-button, user-42, 0.766, 0.9068",
    })
    void hashesTextBeyondAsciiByItsUtf16CodeUnitsAsGrowthBooksJavaScriptDoes(String seed, String value, double version1, double version2) {
        assertThat(GrowthBookHash.hash(seed, value, 1)).hasValue(version1);
        assertThat(GrowthBookHash.hash(seed, value, 2)).hasValue(version2);
    }

    @Test
    void fnv1aGivesThePublishedThirtyTwoBitTestVectors() {
        assertThat(GrowthBookHash.fnv1a32("")).isEqualTo(0x811c9dc5L);
        assertThat(GrowthBookHash.fnv1a32("a")).isEqualTo(0xe40c292cL);
        assertThat(GrowthBookHash.fnv1a32("foobar")).isEqualTo(0xbf9cf968L);
    }

    @Test
    void versionsGrowthBookDoesNotKnowGiveNoHash() {
        assertThat(GrowthBookHash.hash("seed", "user", 0)).isEmpty();
        assertThat(GrowthBookHash.hash("seed", "user", 3)).isEmpty();
        assertThat(GrowthBookHash.hash("seed", "user", -1)).isEmpty();
    }

    @Test
    void aMissingSeedOrValueIsRefusedRatherThanHashedAsTheWordNull() {
        assertThatNullPointerException().isThrownBy(() -> GrowthBookHash.hash(null, "user", 2)).withMessage("seed");
        assertThatNullPointerException().isThrownBy(() -> GrowthBookHash.hash("seed", null, 2)).withMessage("value");
    }
}
