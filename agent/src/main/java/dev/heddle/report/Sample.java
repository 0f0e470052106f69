package dev.heddle.report;

/**
 * The summary of a numeric sample that Welch's test needs: its size, mean and unbiased variance.
 *
 * @param count how many values, n
 * @param mean their mean, x̄ = Σx / n (NaN when n = 0)
 * @param variance the sample variance s² = Σ(x − x̄)² / (n − 1) (NaN when n &lt; 2)
 */
public record Sample(long count, double mean, double variance) {

    /**
     * Summarizes values in two passes (the mean, then the squared deviations from it), which keeps
     * the variance accurate when the values are large and close together, as latencies are.
     *
     * @param values the values
     * @return their summary
     */
    public static Sample of(double... values) {
        int n = values.length;
        if (n == 0) return new Sample(0, Double.NaN, Double.NaN);
        double sum = 0;
        for (double value : values) sum += value;
        double mean = sum / n;
        if (n == 1) return new Sample(1, mean, Double.NaN);
        double squares = 0;
        for (double value : values) squares += (value - mean) * (value - mean);
        return new Sample(n, mean, squares / (n - 1));
    }
}
