package dev.heddle.it;

import dev.heddle.it.app.sdk.LangChain4jStreamingApp;

/** {@link StreamResilienceWithAgentTest} for LangChain4j, whose handler hears of an HTTP error after {@code doChat} returned. */
class LangChain4jStreamResilienceWithAgentTest extends StreamResilienceWithAgentTest {

    @Override
    Class<?> app() {
        return LangChain4jStreamingApp.class;
    }

    @Override
    String preset() {
        return "langchain4j";
    }
}
