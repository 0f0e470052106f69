package dev.heddle.quota;

import java.util.Objects;

/**
 * One limit's part of a quota check: which counter ({@code key}), under which {@link Limit}, and how
 * many units to charge.
 *
 * <p>An {@linkplain #exact exact} charge is final once admitted (a request counts as one). An
 * {@linkplain #estimate estimate} is a reservation: it is charged when the check admits the call,
 * and corrected by {@link QuotaStore#settle} when the real amount is known (the LLM tokens a call
 * used), or refunded by {@link QuotaStore#release} when the call died.
 *
 * <p>An amount of 0 is allowed: such a charge is admitted while at least one unit remains (a call
 * whose token use is unknown up front is still refused when the token budget is spent).
 *
 * @param key names the counter, such as {@code user:alice:requests}; unique within the check's scope
 * @param limit the limit of that counter
 * @param amount units to charge, at least 0
 * @param isEstimate whether the amount is an estimate that a settle corrects
 */
public record Charge(String key, Limit limit, long amount, boolean isEstimate) {

    public Charge {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(limit, "limit");
        if (amount < 0) throw new IllegalArgumentException("a charge's amount must be at least 0, but was " + amount);
    }

    /**
     * @return a charge that is final once admitted
     */
    public static Charge exact(String key, Limit limit, long amount) {
        return new Charge(key, limit, amount, false);
    }

    /**
     * @return a charge of an estimate, to be settled or released
     */
    public static Charge estimate(String key, Limit limit, long estimate) {
        return new Charge(key, limit, estimate, true);
    }
}
