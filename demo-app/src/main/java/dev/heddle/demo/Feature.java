package dev.heddle.demo;

import java.util.List;

/**
 * The two features of the demo's imaginary product, each calling the vendor through another SDK, with
 * its own model, system prompt and temperature.
 */
public enum Feature {

    /** The customer support assistant: the official OpenAI Java SDK, synchronous client. */
    SUPPORT("support", "openai-java", "gpt-4o-mini", 0.2,
            "You are the support assistant of Loomly, an online shop for weaving supplies. Answer in two sentences.",
            Questions.SUPPORT),

    /** The documentation assistant: LangChain4j's {@code OpenAiChatModel}. */
    DOCS("docs", "langchain4j", "gpt-4.1-mini", 0.3,
            "You are a senior Java engineer who answers developers' questions briefly and precisely.",
            Questions.DOCS);

    private final String label;
    private final String sdk;
    private final String model;
    private final double temperature;
    private final String systemPrompt;
    private final List<String> questions;

    Feature(String label, String sdk, String model, double temperature, String systemPrompt, List<String> questions) {
        this.label = label;
        this.sdk = sdk;
        this.model = model;
        this.temperature = temperature;
        this.systemPrompt = systemPrompt;
        this.questions = questions;
    }

    /** @return a short name for the output, such as {@code support} */
    public String label() {
        return label;
    }

    /** @return the SDK it calls the vendor with, such as {@code openai-java} */
    public String sdk() {
        return sdk;
    }

    /** @return the model it asks */
    public String model() {
        return model;
    }

    /** @return the temperature of its requests */
    public double temperature() {
        return temperature;
    }

    /** @return the system prompt of its requests */
    public String systemPrompt() {
        return systemPrompt;
    }

    /** @return what its users ask, most popular first */
    public List<String> questions() {
        return questions;
    }
}
