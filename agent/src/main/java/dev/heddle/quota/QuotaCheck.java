package dev.heddle.quota;

import java.util.List;
import java.util.Objects;

/**
 * Everything one call is charged against, checked together: all of the charges are admitted and
 * charged, or none is.
 *
 * <p>The {@code scope} (typically the quota's name) groups the counters: in Redis every key of the
 * check carries it as the cluster hash tag ({@code heddle:q:{scope}:...}), so that the whole check is
 * one atomic script on one shard. A counter is identified by scope, key, algorithm and window; the
 * same key under another scope is another counter. Build a check once per user and reuse it where
 * the amounts are fixed; it is immutable.
 *
 * @param scope the group of counters, not empty
 * @param charges the charges, at most {@value #MAX_CHARGES}, no two with the same key, algorithm and window
 */
public record QuotaCheck(String scope, List<Charge> charges) {

    /** More limits than any sensible tier; keeps a Redis script call small. */
    public static final int MAX_CHARGES = 16;

    public QuotaCheck {
        Objects.requireNonNull(scope, "scope");
        if (scope.isEmpty()) throw new IllegalArgumentException("a quota check's scope must not be empty");
        charges = List.copyOf(charges);
        if (charges.size() > MAX_CHARGES) {
            throw new IllegalArgumentException("a quota check has at most " + MAX_CHARGES + " charges, but got " + charges.size());
        }
        for (int i = 0; i < charges.size(); i++) {
            for (int j = i + 1; j < charges.size(); j++) {
                if (sameCounter(charges.get(i), charges.get(j))) {
                    throw new IllegalArgumentException("two charges of one check name the same counter '" + charges.get(i).key()
                            + "'; each would be checked alone and together they could exceed its limit");
                }
            }
        }
    }

    /**
     * @param scope the group of counters
     * @param charges the charges
     * @return the check
     */
    public static QuotaCheck of(String scope, Charge... charges) {
        return new QuotaCheck(scope, List.of(charges));
    }

    /** @return whether any charge is an estimate, so that the call must be settled */
    boolean hasEstimates() {
        for (Charge charge : charges) {
            if (charge.isEstimate()) return true;
        }
        return false;
    }

    /** @return the estimate charges, in check order */
    List<Charge> estimates() {
        return charges.stream().filter(Charge::isEstimate).toList();
    }

    private static boolean sameCounter(Charge a, Charge b) {
        return a.key().equals(b.key()) && a.limit().algorithm() == b.limit().algorithm()
                && a.limit().windowNanos() == b.limit().windowNanos();
    }
}
