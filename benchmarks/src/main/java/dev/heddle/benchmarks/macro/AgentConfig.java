package dev.heddle.benchmarks.macro;

import dev.heddle.demo.workload.PlannedRequest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The agent's configuration for the runs with the agent: the openai-java preset with an exact and a
 * semantic cache, retries that honour the vendor's Retry-After, a circuit breaker, a fallback to a
 * stale cache entry, and a per-tier quota sized from the workload itself, so that only a few of the
 * busiest free users are ever refused. No fixed-text fallback: Heddle cannot yet build an SDK
 * response from a text (docs/resilience.md, "Not built yet"), so a preset rule's {@code value} would
 * be left out with a warning.
 *
 * @param tierLimits requests per minute of each tier
 * @param defaultTier the tier of every user not listed
 * @param userTiers the users of the other tiers
 */
public record AgentConfig(Map<String, Integer> tierLimits, String defaultTier, Map<String, String> userTiers) {

    /** The tier whose busiest users the quota limits. */
    static final String FREE = "free";
    /** How many free users the quota is sized to refuse at their busiest minute, by the plan. */
    static final int LIMITED_FREE_USERS = 3;
    /** The quota's window. */
    static final long WINDOW_MILLIS = 60_000;

    /** Copies the maps, sorted. */
    public AgentConfig {
        tierLimits = new TreeMap<>(tierLimits);
        userTiers = new TreeMap<>(userTiers);
    }

    /**
     * Sizes the quota from the plan. A user's peak is the most requests they make in any minute.
     * The free tier (the tier named {@value #FREE}, else the one with the most users) allows one
     * request less than the peak of its {@value #LIMITED_FREE_USERS} busiest users, so at most
     * those are refused, and fewer in fact, since cache hits are never counted against a quota;
     * every other tier allows four times that, and more than its busiest user's peak.
     *
     * @param plan every request of the workload
     * @return the configuration's quota part
     */
    public static AgentConfig sizedFor(List<PlannedRequest> plan) {
        Map<String, String> tierOf = new HashMap<>();
        Map<String, List<Long>> times = new HashMap<>();
        for (PlannedRequest request : plan) {
            tierOf.put(request.user(), request.tier());
            times.computeIfAbsent(request.user(), user -> new ArrayList<>()).add(request.atMillis());
        }
        Map<String, Long> usersPerTier = tierOf.values().stream().collect(Collectors.groupingBy(tier -> tier, Collectors.counting()));
        String free = usersPerTier.containsKey(FREE) ? FREE
                : usersPerTier.entrySet().stream().max(Map.Entry.<String, Long>comparingByValue()
                        .thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder()))).map(Map.Entry::getKey).orElse(FREE);
        Map<String, Integer> peaks = new HashMap<>();
        times.forEach((user, at) -> peaks.put(user, peak(at)));
        List<Integer> freePeaks = peaks.entrySet().stream().filter(entry -> tierOf.get(entry.getKey()).equals(free))
                .map(Map.Entry::getValue).sorted(Comparator.reverseOrder()).toList();
        int freeLimit = Math.max(1, freePeaks.size() > LIMITED_FREE_USERS ? freePeaks.get(LIMITED_FREE_USERS)
                : freePeaks.isEmpty() ? 1 : freePeaks.get(freePeaks.size() - 1) - 1);
        Map<String, Integer> limits = new TreeMap<>();
        limits.put(free, freeLimit);
        for (String tier : usersPerTier.keySet()) {
            if (tier.equals(free)) continue;
            int busiest = peaks.entrySet().stream().filter(entry -> tierOf.get(entry.getKey()).equals(tier))
                    .mapToInt(Map.Entry::getValue).max().orElse(0);
            limits.put(tier, Math.max(4 * freeLimit, busiest + 1));
        }
        Map<String, String> others = new TreeMap<>();
        tierOf.forEach((user, tier) -> {
            if (!tier.equals(free)) others.put(user, tier);
        });
        return new AgentConfig(limits, free, others);
    }

    /**
     * @param redisUrl the Redis every app JVM shares, or null for everything in process
     * @param instances how many app JVMs share it
     * @return the YAML
     */
    public String yaml(String redisUrl, int instances) {
        return yaml(redisUrl, instances, true);
    }

    /**
     * @return the YAML of the in-process runs as the report shows it: the {@code users:} map, a line
     *     per user of a paid tier, replaced by a comment that counts them
     */
    public String yamlForReport() {
        return yaml(null, 1, false);
    }

    private String yaml(String redisUrl, int instances, boolean listUsers) {
        StringBuilder yaml = new StringBuilder();
        if (redisUrl != null) yaml.append("redis: { url: ").append(redisUrl).append(", instances: ").append(instances).append(" }\n");
        yaml.append("""
                rules:
                  - name: openai
                    preset: openai-java
                    cache: { ttl: 1h, semantic: {} }
                    quota: per-tier
                    retry: { maxAttempts: 5, delay: 500ms, maxDelay: 4s, maxDuration: 12s }
                    circuitBreaker: { failureRate: 80%, minimumCalls: 20, window: 10s, openFor: 5s }
                    fallback: { staleFor: 1d }
                quotas:
                  per-tier:
                    tiers:
                """);
        tierLimits.forEach((tier, limit) -> yaml.append("      ").append(tier).append(": { requests: ").append(limit)
                .append("/1m }\n"));
        yaml.append("    default: ").append(defaultTier).append('\n');
        if (!userTiers.isEmpty() && !listUsers) {
            yaml.append("    users: { ... }   # the ").append(userTiers.size()).append(" users of the other tiers, a line each\n");
        } else if (!userTiers.isEmpty()) {
            yaml.append("    users:\n");
            userTiers.forEach((user, tier) -> yaml.append("      ").append(quoted(user)).append(": ").append(tier).append('\n'));
        }
        return yaml.toString();
    }

    /**
     * @param atMillis the planned times of one user's requests
     * @return the most of them inside any window of {@link #WINDOW_MILLIS}
     */
    static int peak(List<Long> atMillis) {
        List<Long> sorted = atMillis.stream().sorted().toList();
        int most = 0;
        int first = 0;
        for (int last = 0; last < sorted.size(); last++) {
            while (sorted.get(last) - sorted.get(first) >= WINDOW_MILLIS) first++;
            most = Math.max(most, last - first + 1);
        }
        return most;
    }

    private static String quoted(String user) {
        return "\"" + user.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
