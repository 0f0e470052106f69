package dev.heddle.it;

import dev.heddle.it.app.sdk.AnthropicStreamingApp;

/** {@link StreamResilienceWithAgentTest} for anthropic-java, whose {@code createStreaming} throws an HTTP error itself. */
class AnthropicStreamResilienceWithAgentTest extends StreamResilienceWithAgentTest {

    @Override
    Class<?> app() {
        return AnthropicStreamingApp.class;
    }

    @Override
    String preset() {
        return "anthropic-java";
    }
}
