package dev.heddle.api;

/**
 * Finds a user's quota tier where it lives outside Heddle's configuration (a database, an account
 * service). Named in YAML as {@code quotas: { per-user: { resolver: com.example.Tiers } }}; the class
 * needs a public no-argument constructor and is created once, in the app's class loader. Heddle
 * asks it only for users the {@code users:} map does not list, and remembers no answer: cache
 * inside the resolver when the lookup is slow.
 */
public interface TierResolver {

    /**
     * @param userId the user of a call
     * @return the user's tier name, or null for the quota's default tier
     */
    String tierOf(String userId);
}
