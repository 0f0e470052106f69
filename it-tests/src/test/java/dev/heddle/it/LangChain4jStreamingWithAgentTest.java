package dev.heddle.it;

import dev.heddle.it.app.sdk.LangChain4jStreamingApp;

/**
 * {@link StreamingWithAgentTest} for LangChain4j's {@code StreamingChatModel} ({@code OpenAiStreamingChatModel}
 * over the JDK's HTTP client), whose answer reaches a handler the app passes: a cancel goes through the
 * {@code StreamingHandle} of a partial's context.
 */
class LangChain4jStreamingWithAgentTest extends StreamingWithAgentTest {

    @Override
    Class<?> app() {
        return LangChain4jStreamingApp.class;
    }

    @Override
    String preset() {
        return "langchain4j";
    }
}
