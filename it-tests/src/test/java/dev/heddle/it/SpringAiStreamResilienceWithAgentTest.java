package dev.heddle.it;

import dev.heddle.it.app.sdk.SpringAiStreamingApp;

/** {@link StreamResilienceWithAgentTest} for Spring AI, whose Flux reports an HTTP error only when subscribed. */
class SpringAiStreamResilienceWithAgentTest extends StreamResilienceWithAgentTest {

    @Override
    Class<?> app() {
        return SpringAiStreamingApp.class;
    }

    @Override
    String preset() {
        return "spring-ai";
    }
}
