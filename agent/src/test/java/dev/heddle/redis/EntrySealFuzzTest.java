package dev.heddle.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.heddle.redis.EntrySeal.Opened;
import org.junit.jupiter.api.Timeout;

/**
 * {@link EntrySeal#open} on anything Redis could hold, bare or behind this seal's envelope header: it
 * never throws and opens nothing the fuzzer made up; and every sealed payload opens to itself. Seeds in
 * {@code src/test/resources/dev/heddle/redis/EntrySealFuzzTestInputs/}; fuzzed for a while by the
 * {@code fuzz} execution (see {@code docs/reliability/integrity.md}).
 */
class EntrySealFuzzTest {

    private static final EntrySeal SEAL = EntrySeal.withKey("the-fuzzing-signing-key");

    /** A hang is a finding: Jazzer makes this libFuzzer's per-input {@code -timeout}; it outlasts the run. */
    @FuzzTest(maxDuration = "25s")
    @Timeout(60)
    void openRejectsOrOpensButNeverThrowsAndSealOpensRoundTrip(FuzzedDataProvider data) {
        String key = data.consumeString(200);
        String payload = data.consumeString(2_000);
        String stored = data.consumeRemainingAsString();

        for (String candidate : new String[] {stored, "h1." + SEAL.keyId() + "." + stored}) {
            Opened opened = SEAL.open(key, candidate);
            assertThat(opened.isOpen() ? opened.payload() != null : opened.rejection() != null).isTrue();
            // a forgery opens only if the fuzzer found the MAC, which it cannot
            assertThat(opened.isOpen()).as("a forgery opened: %s", candidate).isFalse();
        }

        Opened roundTrip = SEAL.open(key, SEAL.seal(key, payload));
        assertThat(roundTrip.isOpen()).isTrue();
        assertThat(roundTrip.payload()).isEqualTo(payload);
    }
}
