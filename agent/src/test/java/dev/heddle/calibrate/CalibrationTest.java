package dev.heddle.calibrate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code java -jar heddle-agent.jar calibrate pairs.jsonl}, with the real local model, on a handful of pairs. */
class CalibrationTest {

    private static final String PAIRS = """
            {"a": "How do I learn Python quickly?", "b": "What is the fastest way to learn Python?", "duplicate": true}
            {"a": "How can I lose weight fast?", "b": "What is the quickest way to lose weight?", "duplicate": true}
            {"a": "How do I convert 10 miles to km?", "b": "How do I convert 10 km to miles?", "duplicate": false}
            {"a": "Why do Russians dislike Poles?", "b": "Why do Poles dislike Russians?", "duplicate": false}

            {"a": "What is the capital of France?", "b": "How do I bake sourdough bread?", "duplicate": false}
            """;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int calibrate(String... args) {
        return Calibration.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String printed() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theChosenThresholdKeepsFalseHitsWithinTheTargetAndSaysWhatItRecalls(@TempDir Path dir) throws IOException {
        Path pairs = Files.writeString(dir.resolve("pairs.jsonl"), PAIRS);

        assertThat(calibrate("calibrate", pairs.toString(), "--max-false-hits", "0%")).isEqualTo(Calibration.DONE);

        assertThat(printed()).contains("local:all-minilm-l6-v2-q@1, guard on, 5 pairs (2 duplicates), 5 entries")
                .contains("threshold  recall  false hits  other hits")
                .containsPattern("threshold: 0\\.\\d+ {2}\\(recall \\d+\\.\\d% at 0\\.00% false hits; target 0\\.00%\\)");
    }

    @Test
    void withoutTheGuardTheSwappedPairsAreFalseHitsAtALowThreshold(@TempDir Path dir) throws IOException {
        Path pairs = Files.writeString(dir.resolve("pairs.jsonl"), PAIRS);

        calibrate("calibrate", pairs.toString(), "--no-guard");

        // both non-duplicate look-alikes of the five pairs score above 0.8 with MiniLM: 2 of 3 non-duplicates
        assertThat(printed()).contains("no guard").containsPattern("0\\.800 +\\d+\\.\\d% +66\\.67%");
    }

    @Test
    void aLineWithoutTheLabelIsNamedByItsNumber(@TempDir Path dir) throws IOException {
        Path pairs = Files.writeString(dir.resolve("pairs.jsonl"), "{\"a\": \"x\", \"b\": \"y\", \"duplicate\": true}\n{\"a\": \"x\"}\n");

        assertThat(calibrate("calibrate", pairs.toString())).isEqualTo(Calibration.USAGE);

        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("line 2 needs \"a\" and \"b\" (text) and \"duplicate\" (true or false)");
    }

    @Test
    void aTargetThatIsNotAPercentageIsRefusedWithTheUsage() {
        assertThat(calibrate("calibrate", "pairs.jsonl", "--max-false-hits", "lots")).isEqualTo(Calibration.USAGE);

        assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage: java -jar heddle-agent.jar calibrate");
    }

    @Test
    void aRemoteEmbedderIsNotOfferedHere() {
        assertThat(calibrate("calibrate", "pairs.jsonl", "--embedder", "openai")).isEqualTo(Calibration.USAGE);

        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--embedder takes local or local:MODEL, but found 'openai'");
    }
}
