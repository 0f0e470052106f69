package dev.heddle.redis;

import dev.heddle.bootstrap.AgentLog;
import dev.heddle.config.RedisConfig;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals what Heddle stores in Redis and opens what it reads back, so that an entry changed or
 * planted by anyone without the signing key is never served.
 *
 * <p><b>Envelope</b>: {@code h1.<key id>.<mac>.<payload>}, where {@code h1} is the envelope's format
 * version, the key id is the first {@value #KEY_ID_BYTES} bytes of the SHA-256 of the signing key in
 * hex (to tell an entry of another key, such as one written before a key rotation, from a tampered
 * one), and the MAC is HMAC-SHA256, base64url without padding, over the format version, the Redis key
 * and the payload. The Redis key is in the MAC, so an entry copied to another key (another user's
 * partition, another question) does not open either.
 *
 * <p>Instances are immutable and thread-safe. Without a signing key, {@link #unkeyed()} seals with a
 * fixed, public key: that still rejects corrupted entries and entries written by other software,
 * but not forgeries.
 */
public final class EntrySeal {

    /** The envelope's format version, the first field. */
    static final String VERSION = "h1";
    /** Bytes of the key's SHA-256 in the key id: enough to tell keys apart, too few to help guess one. */
    static final int KEY_ID_BYTES = 4;
    /** The shortest signing key accepted. */
    public static final int MIN_KEY_LENGTH = RedisConfig.MIN_SIGNING_KEY_LENGTH;
    /** The environment variable read when the YAML gives no {@code signingKey}. */
    public static final String KEY_VARIABLE = "HEDDLE_REDIS_SIGNING_KEY";
    private static final String ALGORITHM = "HmacSHA256";
    /** The key of {@link #unkeyed()}: public, written here, so it protects against accidents only. */
    private static final String PUBLIC_KEY = "heddle-public-entry-key-not-a-secret";
    private static final Base64.Encoder MAC_ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder MAC_DECODER = Base64.getUrlDecoder();
    /** HMAC-SHA256 gives 32 bytes, 43 characters in base64url without padding. */
    private static final int MAC_CHARS = 43;

    /** Why an entry was rejected. */
    public enum Rejection {
        /** Not an envelope at all: written by other software, truncated, or a value of an older format. */
        MALFORMED,
        /** An envelope of a format version this agent does not know. */
        UNKNOWN_VERSION,
        /** Sealed with another signing key: a key rotation, or JVMs with different keys. */
        OTHER_KEY,
        /** Sealed with this key id, but the MAC does not match: changed, planted, or copied to another key. */
        BAD_MAC
    }

    /**
     * What {@link #open} found.
     *
     * @param payload the payload; null when rejected
     * @param rejection why it was rejected; null when it opened
     */
    public record Opened(String payload, Rejection rejection) {

        /** @return whether the entry opened, and {@link #payload()} may be used */
        public boolean isOpen() {
            return rejection == null;
        }

        static Opened of(String payload) {
            return new Opened(payload, null);
        }

        static Opened rejected(Rejection rejection) {
            return new Opened(null, rejection);
        }
    }

    private final SecretKeySpec key;
    private final String keyId;
    private final boolean keyed;
    /** Initialised once; each seal or open works on a clone, as a {@link Mac} is not thread-safe. */
    private final Mac prototype;

    private EntrySeal(String secret, boolean keyed) {
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        this.key = new SecretKeySpec(bytes, ALGORITHM);
        this.keyId = HexFormat.of().formatHex(sha256(bytes), 0, KEY_ID_BYTES);
        this.keyed = keyed;
        this.prototype = newMac();
    }

    /**
     * @param secret the signing key, at least {@value #MIN_KEY_LENGTH} characters
     * @return a seal with that key
     * @throws IllegalArgumentException when the key is shorter
     */
    public static EntrySeal withKey(String secret) {
        Objects.requireNonNull(secret, "secret");
        if (secret.length() < MIN_KEY_LENGTH) {
            throw new IllegalArgumentException("a signing key needs at least " + MIN_KEY_LENGTH + " characters, but has "
                    + secret.length());
        }
        return new EntrySeal(secret, true);
    }

    /**
     * The seal of a deployment: the YAML's {@code signingKey}, else {@value #KEY_VARIABLE}, else the
     * public key, with one warning that entries in Redis are not protected against forgery.
     *
     * @param redis the {@code redis:} section
     * @param environment a variable's value by name, null when unset
     * @return the seal
     */
    public static EntrySeal forRedis(RedisConfig redis, Function<String, String> environment) {
        String given = redis.signingKey().orElseGet(() -> environment.apply(KEY_VARIABLE));
        if (given != null && given.length() >= MIN_KEY_LENGTH) return withKey(given);
        // the YAML reader refuses a short key; a short one here came from the environment, or from code
        String why = given == null || given.isEmpty() ? "no signing key is set"
                : "the signing key is shorter than " + MIN_KEY_LENGTH + " characters and is not used";
        AgentLog.warnOnce("redis-entries-unsigned", "redis: " + why + ", so the cache entries Heddle stores in Redis are"
                + " sealed with a public key: corrupted and foreign entries are still rejected, but anyone who can write to"
                + " Redis can plant an answer. Set redis.signingKey (at least " + MIN_KEY_LENGTH + " characters, such as"
                + " ${" + KEY_VARIABLE + "}) or the environment variable " + KEY_VARIABLE + ", the same in every JVM");
        return unkeyed();
    }

    /** @return a seal with the fixed public key: catches corruption and foreign writers, not forgery */
    public static EntrySeal unkeyed() {
        return new EntrySeal(PUBLIC_KEY, false);
    }

    /** @return whether a secret signing key was given, rather than the public one */
    public boolean isKeyed() {
        return keyed;
    }

    /** @return the key id written into every envelope, such as {@code 3f2a9c01} */
    public String keyId() {
        return keyId;
    }

    /**
     * @param redisKey the key the value is stored under
     * @param payload what to store
     * @return the envelope to store
     */
    public String seal(String redisKey, String payload) {
        return VERSION + "." + keyId + "." + MAC_ENCODER.encodeToString(mac(redisKey, payload)) + "." + payload;
    }

    /**
     * Never throws for any stored text: every value that is not a good envelope is a rejection.
     *
     * @param redisKey the key the value was read from
     * @param stored what Redis held
     * @return the payload, or why it was rejected
     */
    public Opened open(String redisKey, String stored) {
        if (stored == null) return Opened.rejected(Rejection.MALFORMED);
        int versionEnd = stored.indexOf('.');
        if (versionEnd < 0) return Opened.rejected(Rejection.MALFORMED);
        if (versionEnd != VERSION.length() || !stored.startsWith(VERSION)) {
            return Opened.rejected(looksLikeVersion(stored, versionEnd) ? Rejection.UNKNOWN_VERSION : Rejection.MALFORMED);
        }
        int keyIdEnd = stored.indexOf('.', versionEnd + 1);
        if (keyIdEnd < 0) return Opened.rejected(Rejection.MALFORMED);
        int macEnd = stored.indexOf('.', keyIdEnd + 1);
        if (macEnd < 0 || macEnd - keyIdEnd - 1 != MAC_CHARS) return Opened.rejected(Rejection.MALFORMED);
        if (keyIdEnd - versionEnd - 1 != keyId.length()) return Opened.rejected(Rejection.MALFORMED);
        if (!stored.regionMatches(versionEnd + 1, keyId, 0, keyId.length())) return Opened.rejected(Rejection.OTHER_KEY);
        byte[] mac;
        try {
            mac = MAC_DECODER.decode(stored.substring(keyIdEnd + 1, macEnd));
        } catch (IllegalArgumentException notBase64) {
            return Opened.rejected(Rejection.MALFORMED);
        }
        String payload = stored.substring(macEnd + 1);
        // constant time: how much of a guessed MAC matched must not show in how long the check took
        if (!MessageDigest.isEqual(mac, mac(redisKey, payload))) return Opened.rejected(Rejection.BAD_MAC);
        return Opened.of(payload);
    }

    /** @return whether the text before the first dot is {@code h} and a few digits, as a later version would be */
    private static boolean looksLikeVersion(String stored, int versionEnd) {
        if (versionEnd < 2 || versionEnd > 7 || stored.charAt(0) != 'h') return false;
        for (int i = 1; i < versionEnd; i++) {
            if (stored.charAt(i) < '0' || stored.charAt(i) > '9') return false;
        }
        return true;
    }

    /** HMAC over the version, then the key and the payload, each preceded by its length, so no two inputs run together. */
    private byte[] mac(String redisKey, String payload) {
        Mac mac = copy();
        mac.update(VERSION.getBytes(StandardCharsets.US_ASCII));
        byte[] keyBytes = redisKey.getBytes(StandardCharsets.UTF_8);
        byte[] payloadBytes = payload.getBytes(StandardCharsets.UTF_8);
        mac.update(ByteBuffer.allocate(Integer.BYTES).putInt(keyBytes.length).array());
        mac.update(keyBytes);
        mac.update(ByteBuffer.allocate(Integer.BYTES).putInt(payloadBytes.length).array());
        mac.update(payloadBytes);
        return mac.doFinal();
    }

    private Mac copy() {
        try {
            return (Mac) prototype.clone();
        } catch (CloneNotSupportedException providerWithoutClone) {
            return newMac();
        }
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException everyJdkHasIt) {
            throw new IllegalStateException(everyJdkHasIt);
        }
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException everyJdkHasIt) {
            throw new IllegalStateException(everyJdkHasIt);
        }
    }

    /** @return the key id and whether it is keyed; never the key */
    @Override
    public String toString() {
        return "EntrySeal[keyId=" + keyId + (keyed ? "" : ", public key") + "]";
    }
}
