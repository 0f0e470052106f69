package dev.heddle.config;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the loader promises for any input at all, as the fuzz tests check it: a configuration, or a
 * {@link ConfigException} whose every problem names the file, a line and a column, and says what
 * is wrong in printable text. Any other exception or error escapes, and the fuzzer reports it.
 */
final class LoaderContract {

    /** A message longer than this is no longer a message a person reads. */
    static final int MAX_MESSAGE_LENGTH = 2_000;

    /** One attempt to load a configuration. */
    @FunctionalInterface
    interface Load {
        HeddleConfig run() throws ConfigException;
    }

    private LoaderContract() {
    }

    static void holds(String source, Load load) {
        try {
            assertThat(load.run()).isNotNull();
        } catch (ConfigException rejected) {
            assertThat(rejected.problems()).isNotEmpty();
            for (ConfigProblem problem : rejected.problems()) {
                Location location = problem.location();
                assertThat(location.source()).isEqualTo(source);
                // line 0, column 0 stands for the whole file (unreadable, not UTF-8); otherwise both count from 1
                if (location.line() == 0) {
                    assertThat(location.column()).as(problem::toString).isZero();
                } else {
                    assertThat(location.line()).as(problem::toString).isPositive();
                    assertThat(location.column()).as(problem::toString).isPositive();
                }
                assertThat(problem.message()).as(problem::toString).isNotBlank().hasSizeLessThanOrEqualTo(MAX_MESSAGE_LENGTH);
                assertThat(problem.message().codePoints().filter(LoaderContract::unprintable).findAny())
                        .as("an unprintable character in %s", problem).isEmpty();
            }
        }
    }

    /** Control characters would reach the operator's terminal as they are (escape sequences included). */
    private static boolean unprintable(int codePoint) {
        return Character.isISOControl(codePoint) || Character.getType(codePoint) == Character.SURROGATE
                || codePoint == 0x2028 || codePoint == 0x2029;
    }
}
