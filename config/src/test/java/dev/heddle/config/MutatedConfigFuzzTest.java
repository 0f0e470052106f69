package dev.heddle.config;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;

/**
 * Valid configurations (every example of the tests), changed a few places at a time the way people
 * and tools break YAML: a value replaced with an awkward one, a line duplicated, re-indented or cut,
 * a Heddle key, an anchor, an alias, a tag or a {@code ${NAME}} reference dropped in; and every
 * {@code ${NAME}} taking a value the fuzzer chooses. The loader answers with a configuration or with
 * located, readable problems (see {@link LoaderContract}). {@code JAZZER_FUZZ=1} fuzzes (the
 * {@code fuzz} execution of config/pom.xml); without it only the seeds in
 * {@code MutatedConfigFuzzTestInputs} run.
 */
class MutatedConfigFuzzTest {

    private static final String SOURCE = "heddle.yaml";
    private static final List<String> EXAMPLES = SampleConfigs.examples().stream().map(SampleConfigs::read).toList();

    /** Values at the edges of what Heddle's keys accept, and YAML's own special scalars. */
    private static final String[] AWKWARD_VALUES = {"", "~", "null", "-1", "0", "1e400", "-1e400", "99999999999999999999999",
        "NaN", ".nan", ".inf", "-.inf", "0x7fffffff", "0o777", "1h", "PT1H", "0s", "-5s", "1000000000d", "2562047788015216h",
        "1/0s", "0/1h", "5/-1h", "100%", "101%", "0%", "0.0000001", "true", "yes", "[]", "{}", "[1, [2, [3]]]", "{a: {b: c}}",
        "\"\\x01\\x1b[31m\"", "\"\\uD800\"", "\"\\U0001F600\"", "'", "\"", "redis://", "rediss://u:p@[::1]:0/99",
        "redis://h:99999", "http://", "${X}", "${X:-d}", "$${X}", "${", "}", "*missing", "&a x", "!!binary AAAA", "!custom x",
        "!!map {}", "? [k]", "<<: *a", "|\n  block", ">-\n  folded", "a\tb", "\u00A0", "\u2028", "java.lang.Object",
        "a(b,", "answer(java.lang.String", "x".repeat(300)};

    /** Keys and fragments a mutation may insert. */
    private static final String[] FRAGMENTS = {"rules:", "- name: r", "  - name: r\n    preset: openai-java\n", "cache:",
        "cache: { semantic: {} }", "semantic:", "quota: q", "quotas:", "tiers:", "users:", "default:", "match:",
        "  type: a.B\n  method: m", "retry:", "circuitBreaker:", "fallback:", "timeout:", "bulkhead:", "redis:", "prices:",
        "telemetry:", "analytics:", "experiments:", "status:", "track:", "user:", "&a ", "*a", "<<: *a", "!!str ", "? ",
        "---\n", "...\n", "%YAML 1.2\n", "# comment", "{", "}", "[", "]", ",", ": ", "- ", "\n", "  ", "${HEDDLE_X}", "\""};

    @FuzzTest(maxDuration = "30s")
    void aChangedExampleLoadsOrIsRejectedWithLocatedReadableProblems(FuzzedDataProvider data) {
        String environmentValue = data.consumeString(40);
        StringBuilder yaml = new StringBuilder(data.pickValue(EXAMPLES));
        int mutations = data.consumeInt(1, 6);
        for (int i = 0; i < mutations && data.remainingBytes() > 0; i++) {
            mutate(yaml, data);
        }
        LoaderContract.holds(SOURCE, () -> ConfigLoader.parse(yaml.toString(), SOURCE,
                name -> name.endsWith("UNSET") ? null : environmentValue));
    }

    private static void mutate(StringBuilder yaml, FuzzedDataProvider data) {
        int at = data.consumeInt(0, yaml.length());
        switch (data.consumeInt(0, 5)) {
            case 0 -> replaceValueOfLine(yaml, at, data.consumeBoolean() ? data.pickValue(AWKWARD_VALUES) : data.consumeString(30));
            case 1 -> yaml.insert(at, data.pickValue(FRAGMENTS));
            case 2 -> yaml.delete(at, Math.min(yaml.length(), at + data.consumeInt(1, 40)));
            case 3 -> duplicateLine(yaml, at);
            case 4 -> yaml.insert(lineStart(yaml, at), " ".repeat(data.consumeInt(1, 4)));
            default -> yaml.insert(at, data.consumeString(20));
        }
    }

    /** Replaces what follows the first {@code ": "} on the line around {@code at}, up to the line's end. */
    private static void replaceValueOfLine(StringBuilder yaml, int at, String value) {
        int start = lineStart(yaml, at);
        int end = lineEnd(yaml, at);
        int colon = yaml.indexOf(": ", start);
        if (colon < 0 || colon >= end) return;
        yaml.replace(colon + 2, end, value);
    }

    private static void duplicateLine(StringBuilder yaml, int at) {
        int start = lineStart(yaml, at);
        int end = lineEnd(yaml, at);
        yaml.insert(start, yaml.substring(start, end) + "\n");
    }

    private static int lineStart(StringBuilder yaml, int at) {
        int newline = yaml.lastIndexOf("\n", Math.max(0, at - 1));
        return newline < 0 ? 0 : newline + 1;
    }

    private static int lineEnd(StringBuilder yaml, int at) {
        int newline = yaml.indexOf("\n", at);
        return newline < 0 ? yaml.length() : newline;
    }
}
