package dev.heddle.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.heddle.config.RedisConfig;
import dev.heddle.redis.EntrySeal.Opened;
import dev.heddle.redis.EntrySeal.Rejection;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What {@link EntrySeal} accepts and rejects, and why. */
class EntrySealTest {

    private static final String KEY = "heddle:c:{rule:bot}:openai-java@v2:00ff";
    private static final EntrySeal SEAL = EntrySeal.withKey("the-test-signing-key");

    @Test
    void aSealedEntryOpensToItsPayloadUnderItsKey() {
        String stored = SEAL.seal(KEY, "com.openai.Answer\n{\"text\":\"héllo. . .\"}");

        Opened opened = SEAL.open(KEY, stored);

        assertThat(opened.isOpen()).isTrue();
        assertThat(opened.payload()).isEqualTo("com.openai.Answer\n{\"text\":\"héllo. . .\"}");
        assertThat(stored).startsWith("h1." + SEAL.keyId() + ".").endsWith(".com.openai.Answer\n{\"text\":\"héllo. . .\"}");
        assertThat(SEAL.open(KEY, SEAL.seal(KEY, "")).payload()).isEmpty();
    }

    @Test
    void aChangedPayloadIsABadMac() {
        String stored = SEAL.seal(KEY, "the model's answer");

        assertThat(SEAL.open(KEY, stored.replace("model's", "planted")).rejection()).isEqualTo(Rejection.BAD_MAC);
        assertThat(SEAL.open(KEY, stored + " ").rejection()).isEqualTo(Rejection.BAD_MAC);
    }

    @Test
    void anEntryCopiedToAnotherKeyIsABadMac() {
        String stored = SEAL.seal(KEY, "alice's answer");

        assertThat(SEAL.open("heddle:c:{rule:bot}:openai-java@v2:11ee", stored).rejection()).isEqualTo(Rejection.BAD_MAC);
    }

    @Test
    void anEntryOfAnotherSigningKeyIsToldApartFromATamperedOne() {
        EntrySeal rotated = EntrySeal.withKey("the-next-signing-key");
        String stored = rotated.seal(KEY, "an answer");

        assertThat(rotated.keyId()).isNotEqualTo(SEAL.keyId());
        assertThat(SEAL.open(KEY, stored).rejection()).isEqualTo(Rejection.OTHER_KEY);
        assertThat(rotated.open(KEY, stored).isOpen()).isTrue();
        assertThat(EntrySeal.unkeyed().open(KEY, stored).rejection()).isEqualTo(Rejection.OTHER_KEY);
    }

    @Test
    void aForgedMacUnderTheRightKeyIdIsABadMac() {
        String stored = SEAL.seal(KEY, "an answer");
        String forged = "h1." + SEAL.keyId() + "." + "A".repeat(43) + ".a planted answer";

        assertThat(SEAL.open(KEY, forged).rejection()).isEqualTo(Rejection.BAD_MAC);
        assertThat(SEAL.open(KEY, stored).isOpen()).as("the genuine entry, for contrast").isTrue();
    }

    @Test
    void valuesThatAreNoEnvelopeAreMalformedAndOtherVersionsUnknown() {
        assertThat(SEAL.open(KEY, "com.openai.Answer\n{}").rejection()).isEqualTo(Rejection.MALFORMED);
        assertThat(SEAL.open(KEY, "").rejection()).isEqualTo(Rejection.MALFORMED);
        assertThat(SEAL.open(KEY, null).rejection()).isEqualTo(Rejection.MALFORMED);
        assertThat(SEAL.open(KEY, "h1." + SEAL.keyId() + ".short.x").rejection()).isEqualTo(Rejection.MALFORMED);
        assertThat(SEAL.open(KEY, "h1." + SEAL.keyId() + "." + "*".repeat(43) + ".x").rejection()).isEqualTo(Rejection.MALFORMED);
        assertThat(SEAL.open(KEY, "h1.0011.x.y").rejection()).isEqualTo(Rejection.MALFORMED);
        assertThat(SEAL.open(KEY, "h2." + SEAL.keyId() + "." + "A".repeat(43) + ".x").rejection())
                .isEqualTo(Rejection.UNKNOWN_VERSION);
    }

    @Test
    void aKeyShorterThan16CharactersIsRefused() {
        assertThatThrownBy(() -> EntrySeal.withKey("short")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a signing key needs at least 16 characters, but has 5");
    }

    @Test
    void theYamlKeyComesFirstThenTheEnvironmentThenThePublicKey() {
        RedisConfig withKey = new RedisConfig("redis://localhost:6379", 1, false, Duration.ofMillis(200),
                Optional.of("the-test-signing-key"));
        RedisConfig without = RedisConfig.of("redis://localhost:6379");
        Map<String, String> environment = Map.of(EntrySeal.KEY_VARIABLE, "the-environment-signing-key");

        assertThat(EntrySeal.forRedis(withKey, environment::get).keyId()).isEqualTo(SEAL.keyId());
        assertThat(EntrySeal.forRedis(without, environment::get).keyId())
                .isEqualTo(EntrySeal.withKey("the-environment-signing-key").keyId());
        EntrySeal unkeyed = EntrySeal.forRedis(without, name -> null);
        assertThat(unkeyed.isKeyed()).isFalse();
        assertThat(unkeyed.keyId()).isEqualTo(EntrySeal.unkeyed().keyId());
        assertThat(EntrySeal.forRedis(without, Map.of(EntrySeal.KEY_VARIABLE, "short")::get).isKeyed()).isFalse();
        RedisConfig shortInCode = new RedisConfig("redis://localhost:6379", 1, false, Duration.ofMillis(200), Optional.of("short"));
        assertThat(EntrySeal.forRedis(shortInCode, environment::get).isKeyed()).as("never throws at start").isFalse();
    }

    @Test
    void theKeyNeverShowsInToString() {
        assertThat(SEAL.toString()).doesNotContain("the-test-signing-key").contains(SEAL.keyId());
    }
}
