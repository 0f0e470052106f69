package dev.heddle.it;

import dev.heddle.it.app.sdk.OpenAiStreamingApp;

/** {@link StreamResilienceWithAgentTest} for openai-java, whose {@code createStreaming} throws an HTTP error itself. */
class OpenAiStreamResilienceWithAgentTest extends StreamResilienceWithAgentTest {

    @Override
    Class<?> app() {
        return OpenAiStreamingApp.class;
    }

    @Override
    String preset() {
        return "openai-java";
    }
}
