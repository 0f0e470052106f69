package dev.heddle.it;

import dev.heddle.it.app.sdk.OpenAiStreamingApp;

/** {@link StreamingWithAgentTest} for openai-java's {@code createStreaming}, with a usage chunk at the end. */
class OpenAiStreamingWithAgentTest extends StreamingWithAgentTest {

    @Override
    Class<?> app() {
        return OpenAiStreamingApp.class;
    }

    @Override
    String preset() {
        return "openai-java";
    }
}
