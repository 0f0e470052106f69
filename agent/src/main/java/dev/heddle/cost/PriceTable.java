package dev.heddle.cost;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Prices per model. A model matches the entry with the longest name that it starts with, so
 * {@code gpt-4o-mini-2024-07-18} costs what {@code gpt-4o-mini} costs and {@code claude-3-5-haiku-latest}
 * what {@code claude-3-5-haiku} costs. A model with no entry has no known cost; its tokens are still
 * counted.
 *
 * <p>The defaults are the vendors' list prices for standard (not batch, not cached-input) usage as
 * of November 2026; YAML ({@code prices:}) overrides or adds entries.
 */
public final class PriceTable {

    private static final Map<String, ModelPrice> DEFAULTS = Map.ofEntries(
            Map.entry("gpt-4o", new ModelPrice(2.50, 10.00)),
            Map.entry("gpt-4o-mini", new ModelPrice(0.15, 0.60)),
            Map.entry("gpt-4.1", new ModelPrice(2.00, 8.00)),
            Map.entry("gpt-4.1-mini", new ModelPrice(0.40, 1.60)),
            Map.entry("gpt-4.1-nano", new ModelPrice(0.10, 0.40)),
            Map.entry("gpt-5", new ModelPrice(1.25, 10.00)),
            Map.entry("gpt-5-mini", new ModelPrice(0.25, 2.00)),
            Map.entry("gpt-5-nano", new ModelPrice(0.05, 0.40)),
            Map.entry("o3", new ModelPrice(2.00, 8.00)),
            Map.entry("o3-mini", new ModelPrice(1.10, 4.40)),
            Map.entry("o4-mini", new ModelPrice(1.10, 4.40)),
            Map.entry("gpt-3.5-turbo", new ModelPrice(0.50, 1.50)),
            Map.entry("claude-3-haiku", new ModelPrice(0.25, 1.25)),
            Map.entry("claude-3-5-haiku", new ModelPrice(0.80, 4.00)),
            Map.entry("claude-haiku-4-5", new ModelPrice(1.00, 5.00)),
            Map.entry("claude-3-5-sonnet", new ModelPrice(3.00, 15.00)),
            Map.entry("claude-3-7-sonnet", new ModelPrice(3.00, 15.00)),
            Map.entry("claude-sonnet-4", new ModelPrice(3.00, 15.00)),
            Map.entry("claude-opus-4", new ModelPrice(15.00, 75.00)),
            Map.entry("claude-opus-4-5", new ModelPrice(5.00, 25.00)));

    private final TreeMap<String, ModelPrice> prices;

    private PriceTable(Map<String, ModelPrice> prices) {
        this.prices = new TreeMap<>(prices);
    }

    /** @return the default table */
    public static PriceTable defaults() {
        return new PriceTable(DEFAULTS);
    }

    /**
     * @param overrides prices by model name that replace or add to the defaults
     * @return a new table
     */
    public PriceTable with(Map<String, ModelPrice> overrides) {
        Map<String, ModelPrice> merged = new TreeMap<>(prices);
        merged.putAll(overrides);
        return new PriceTable(merged);
    }

    /**
     * @param model a model name as the request or response gives it
     * @return the price of the longest entry the name starts with
     */
    public Optional<ModelPrice> priceOf(String model) {
        if (model == null) return Optional.empty();
        for (Map.Entry<String, ModelPrice> entry = prices.floorEntry(model); entry != null;
                entry = prices.lowerEntry(entry.getKey())) {
            if (model.startsWith(entry.getKey())) return Optional.of(entry.getValue());
            if (entry.getKey().isEmpty() || entry.getKey().charAt(0) != model.charAt(0)) break;
        }
        return Optional.empty();
    }
}
