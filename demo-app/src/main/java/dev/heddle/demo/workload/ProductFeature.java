package dev.heddle.demo.workload;

import java.util.SplittableRandom;

/**
 * The features of the workload's imaginary product, each with its own system prompt and model, and
 * the share of questions it gets. Two models in all, both in the agent's default price table.
 */
enum ProductFeature {

    /** Customers' questions about orders, accounts and billing. */
    SUPPORT("support", 0.60, "gpt-4o-mini",
            "You are the support assistant of Loomly, an online shop for weaving supplies. Answer in two sentences."),

    /** Developers' questions about the shop's API and its weaving know-how. */
    DOCS("docs", 0.25, "gpt-4o",
            "You answer questions about Loomly's API and about weaving briefly and precisely, with a short example where it helps."),

    /** Buyers' questions about plans, prices and contracts. */
    SALES("sales", 0.15, "gpt-4o-mini",
            "You are Loomly's sales assistant. Answer questions about plans, prices and contracts in three sentences at most.");

    private final String label;
    private final double share;
    private final String model;
    private final String systemPrompt;

    ProductFeature(String label, double share, String model, String systemPrompt) {
        this.label = label;
        this.share = share;
        this.model = model;
        this.systemPrompt = systemPrompt;
    }

    /** @return its name in a planned request, such as {@code support} */
    String label() {
        return label;
    }

    /** @return its share of the questions */
    double share() {
        return share;
    }

    /** @return its model */
    String model() {
        return model;
    }

    /** @return its system prompt */
    String systemPrompt() {
        return systemPrompt;
    }

    /**
     * Draws a feature with the features' shares.
     *
     * @param random the source of randomness
     * @return a feature
     */
    static ProductFeature draw(SplittableRandom random) {
        double draw = random.nextDouble();
        for (ProductFeature feature : values()) {
            draw -= feature.share;
            if (draw < 0) {
                return feature;
            }
        }
        return SUPPORT;
    }
}
