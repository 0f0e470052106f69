package dev.heddle.demo;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The summary of a run: what the mock vendor counted (requests, tokens), what that costs at list
 * price, what the app measured (latency, errors), and what Heddle says about itself, if attached.
 *
 * @param asks how many questions the users asked
 * @param distinctRequests how many of them were different requests
 * @param users how many users asked
 * @param concurrency asks in flight at once
 * @param vendorRequests requests that reached the vendor, as it counted them
 * @param models the vendor's counts per model
 * @param latencies the latency of each ask as the app measured it
 * @param wallMillis the time from the first ask to the end of the last one
 * @param errors the errors the app saw, by exception type
 * @param heddle what the agent's JMX MBean says, empty without the agent
 */
public record Report(int asks, long distinctRequests, int users, int concurrency, long vendorRequests,
        List<ModelUsage> models, LatencySummary latencies, long wallMillis, SortedMap<String, Long> errors,
        Optional<List<HeddleJmx.RuleCounters>> heddle) {

    /**
     * What the vendor counted for one model.
     *
     * @param model the model name
     * @param requests requests for it
     * @param promptTokens prompt tokens of its answered requests
     * @param completionTokens completion tokens of its answered requests
     */
    public record ModelUsage(String model, long requests, long promptTokens, long completionTokens) {

        /** @return the list-price cost in dollars, empty for a model without a list price */
        public Optional<Double> cost() {
            return ListPrices.of(model).map(price -> price.cost(promptTokens, completionTokens));
        }
    }

    /** Copies the collections. */
    public Report {
        models = List.copyOf(models);
        errors = new TreeMap<>(errors);
        Objects.requireNonNull(latencies, "latencies");
        Objects.requireNonNull(heddle, "heddle");
    }

    /** @return the errors the app saw, in all */
    public long errorCount() {
        return errors.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * Prints the summary.
     *
     * @param out where to
     */
    public void print(PrintStream out) {
        long prompt = models.stream().mapToLong(ModelUsage::promptTokens).sum();
        long completion = models.stream().mapToLong(ModelUsage::completionTokens).sum();
        double cost = models.stream().mapToDouble(usage -> usage.cost().orElse(0.0)).sum();

        out.println();
        out.println("Summary (requests and tokens as the mock vendor counted them; latency as the app measured it)");
        line(out, "asks:", "%d by %d users, %s", asks, users, concurrency == 1 ? "one at a time" : concurrency + " at a time");
        line(out, "real model calls:", "%d requests reached the vendor", vendorRequests);
        for (ModelUsage usage : models) {
            out.print(format("    %-17s %4d requests, %6d prompt + %6d completion tokens", usage.model(),
                    usage.requests(), usage.promptTokens(), usage.completionTokens()));
            out.println(usage.cost().map(dollars -> format(", %s", dollars(dollars))).orElse(", no list price"));
        }
        line(out, "tokens:", "%d prompt + %d completion", prompt, completion);
        line(out, "cost:", "%s at list price (%s per million asks like these)", dollars(cost),
                dollars(asks == 0 ? 0 : cost / asks * 1_000_000));
        line(out, "latency:", "p50 %d ms, p95 %d ms", latencies.percentileMillis(50), latencies.percentileMillis(95));
        line(out, "wall time:", "%.1f s", wallMillis / 1000.0);
        line(out, "errors seen by app:", "%d%s", errorCount(), errors.isEmpty() ? "" : " " + errors);
        out.println("  list prices, $ per million input/output tokens: " + prices());

        out.println();
        if (heddle.isEmpty()) {
            out.println("Heddle: not attached (no JMX MBean " + HeddleJmx.OBJECT_NAME + ")");
            return;
        }
        out.println("Heddle says (JMX MBean " + HeddleJmx.OBJECT_NAME + ")");
        long hits = 0;
        long savedTokens = 0;
        double saved = 0;
        for (HeddleJmx.RuleCounters rule : heddle.get()) {
            out.println(format("  rule %-14s %4d cache hits, %4d misses; saved %6d prompt + %6d completion tokens, %s",
                    rule.name(), rule.cacheHits(), rule.cacheMisses(), rule.savedInputTokens(),
                    rule.savedOutputTokens(), dollars(rule.savedCostUsd())));
            hits += rule.cacheHits();
            savedTokens += rule.savedInputTokens() + rule.savedOutputTokens();
            saved += rule.savedCostUsd();
        }
        out.println(format("  in all: %d cache hits, %d tokens and %s saved", hits, savedTokens, dollars(saved)));
    }

    private String prices() {
        StringBuilder text = new StringBuilder();
        for (ModelUsage usage : models) {
            ListPrices.of(usage.model()).ifPresent(price -> text.append(text.length() == 0 ? "" : ", ")
                    .append(format("%s %.2f/%.2f", usage.model(), price.inputPerMillion(), price.outputPerMillion())));
        }
        return text.length() == 0 ? "none of these models" : text.toString();
    }

    private static void line(PrintStream out, String label, String format, Object... values) {
        out.println(format("  %-20s", label) + format(format, values));
    }

    private static String dollars(double amount) {
        return amount >= 1 ? format("$%.2f", amount) : format("$%.6f", amount);
    }

    private static String format(String format, Object... values) {
        return String.format(Locale.ROOT, format, values);
    }

    /**
     * Counts errors by the simple name of their type.
     *
     * @param errors one entry per error seen
     * @return type name to count, sorted by name
     */
    static SortedMap<String, Long> countByType(List<Throwable> errors) {
        SortedMap<String, Long> counts = new TreeMap<>();
        for (Throwable error : errors) {
            counts.merge(error.getClass().getSimpleName(), 1L, Long::sum);
        }
        return counts;
    }
}
