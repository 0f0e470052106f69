package dev.heddle.demo;

import java.util.Arrays;

/**
 * Total and percentiles of a set of latencies in milliseconds, nearest-rank method.
 */
public final class LatencySummary {

    private final long[] sortedMillis;

    /**
     * Summarizes latencies.
     *
     * @param millis the latencies, in any order; the array is copied
     */
    public LatencySummary(long[] millis) {
        this.sortedMillis = millis.clone();
        Arrays.sort(sortedMillis);
    }

    /**
     * The sum of all latencies.
     *
     * @return the total in milliseconds, 0 when there are none
     */
    public long totalMillis() {
        long total = 0;
        for (long millis : sortedMillis) {
            total += millis;
        }
        return total;
    }

    /**
     * The nearest-rank percentile: the smallest latency that at least {@code percent}% of the
     * latencies do not exceed.
     *
     * @param percent between 0 (exclusive) and 100 (inclusive)
     * @return the percentile in milliseconds, 0 when there are no latencies
     */
    public long percentileMillis(double percent) {
        if (!(percent > 0 && percent <= 100)) {
            throw new IllegalArgumentException("percent must be in (0, 100], got " + percent);
        }
        if (sortedMillis.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(percent / 100.0 * sortedMillis.length);
        return sortedMillis[Math.max(rank, 1) - 1];
    }
}
