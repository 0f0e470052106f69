package dev.heddle.it;

import dev.heddle.it.app.sdk.AnthropicStreamingApp;

/** {@link StreamingWithAgentTest} for anthropic-java's {@code createStreaming}. */
class AnthropicStreamingWithAgentTest extends StreamingWithAgentTest {

    @Override
    Class<?> app() {
        return AnthropicStreamingApp.class;
    }

    @Override
    String preset() {
        return "anthropic-java";
    }
}
