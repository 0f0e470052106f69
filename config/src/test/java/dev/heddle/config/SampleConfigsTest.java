package dev.heddle.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The sample configurations read as the agent reads them: every example loads, and every broken
 * configuration is rejected with exactly the problems its {@code .expected} file lists.
 */
class SampleConfigsTest {

    /** No environment: the samples use only references with defaults, so the result is the same on every machine. */
    private static final String NO_VARIABLE = null;

    static List<Path> examples() {
        return SampleConfigs.examples();
    }

    static List<Path> broken() {
        return SampleConfigs.broken();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void everyExampleLoadsWithoutProblems(Path example) {
        assertThatCode(() -> ConfigLoader.parse(SampleConfigs.read(example), example.toString(), name -> NO_VARIABLE))
                .doesNotThrowAnyException();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("broken")
    void everyBrokenConfigurationHasExactlyTheExpectedProblems(Path brokenFile) {
        ConfigException exception = catchThrowableOfType(ConfigException.class,
                () -> ConfigLoader.parse(SampleConfigs.read(brokenFile), brokenFile.toString(), name -> NO_VARIABLE));

        assertThat(exception).as("%s must be rejected", brokenFile).isNotNull();
        assertThat(exception.problems())
                .allSatisfy(problem -> assertThat(problem.location().source()).isEqualTo(brokenFile.toString()))
                .extracting(problem -> problem.location().line() + ":" + problem.location().column() + ": " + problem.message())
                .containsExactlyElementsOf(SampleConfigs.expectedProblems(brokenFile));
    }

    @Test
    void theSamplesCoverEveryFeatureAreaAndEveryKindOfMistake() {
        assertThat(SampleConfigs.examples()).extracting(path -> path.getFileName().toString())
                .contains("quickstart.yaml", "caching.yaml", "resilience.yaml", "quotas.yaml", "presets.yaml",
                        "identity-and-tracking.yaml", "redis-and-prices.yaml", "anchors.yaml", "tracking.yaml");
        assertThat(SampleConfigs.broken()).hasSizeGreaterThanOrEqualTo(8);
    }
}
