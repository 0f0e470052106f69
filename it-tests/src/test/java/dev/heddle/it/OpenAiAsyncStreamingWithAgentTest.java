package dev.heddle.it;

import dev.heddle.it.app.sdk.OpenAiAsyncStreamingApp;

/** {@link StreamingWithAgentTest} for openai-java's asynchronous client: {@code AsyncStreamResponse} and a subscribed handler. */
class OpenAiAsyncStreamingWithAgentTest extends StreamingWithAgentTest {

    @Override
    Class<?> app() {
        return OpenAiAsyncStreamingApp.class;
    }

    @Override
    String preset() {
        return "openai-java";
    }
}
