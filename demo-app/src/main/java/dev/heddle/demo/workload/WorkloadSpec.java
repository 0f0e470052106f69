package dev.heddle.demo.workload;

import java.time.Duration;
import java.util.Objects;

/**
 * What a workload looks like: how many users send how many requests over how long, and which shares
 * of them a cache could answer.
 *
 * @param seed the seed: the same spec and pool always give the same requests
 * @param users how many users, 1 or more
 * @param requests how many requests, 0 or more
 * @param duration the time the requests arrive over, positive
 * @param repeatShare the share of {@link RequestKind#REPEAT}s, from 0 to 1
 * @param paraphraseShare the share of {@link RequestKind#PARAPHRASE}s, from 0 to 1; the rest are
 *     {@link RequestKind#UNIQUE}
 */
public record WorkloadSpec(long seed, int users, int requests, Duration duration, double repeatShare,
        double paraphraseShare) {

    /** Checks the values. */
    public WorkloadSpec {
        Objects.requireNonNull(duration, "duration");
        if (users < 1) {
            throw new IllegalArgumentException("users must be 1 or more, got " + users);
        }
        if (requests < 0) {
            throw new IllegalArgumentException("requests must be 0 or more, got " + requests);
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("duration must be positive, got " + duration);
        }
        if (!(repeatShare >= 0 && paraphraseShare >= 0 && repeatShare + paraphraseShare <= 1)) {
            throw new IllegalArgumentException("repeatShare and paraphraseShare must be 0 or more and add up to 1 at most, got "
                    + repeatShare + " and " + paraphraseShare);
        }
    }

    /**
     * The macro benchmark's workload: 3,000 requests from 200 users over four minutes (12.5 a
     * second), half of them repeats, 7% paraphrases and 43% unique; seed 42. The paraphrases are as
     * many as the bundled pool's 106 families can give with room to spare (266 wordings beyond each
     * family's first).
     *
     * @return seed 42, 200 users, 3,000 requests, 4 minutes, repeats 0.50, paraphrases 0.07
     */
    public static WorkloadSpec macro() {
        return new WorkloadSpec(42, 200, 3_000, Duration.ofMinutes(4), 0.50, 0.07);
    }

    /**
     * The demo's one-minute workload: 600 requests from 40 users (10 a second), 45% repeats, 15%
     * paraphrases and 40% unique; seed 42.
     *
     * @return seed 42, 40 users, 600 requests, 1 minute, repeats 0.45, paraphrases 0.15
     */
    public static WorkloadSpec demo() {
        return new WorkloadSpec(42, 40, 600, Duration.ofMinutes(1), 0.45, 0.15);
    }

    /** @return the share of {@link RequestKind#UNIQUE} requests: what the other two leave */
    public double uniqueShare() {
        return 1 - repeatShare - paraphraseShare;
    }
}
