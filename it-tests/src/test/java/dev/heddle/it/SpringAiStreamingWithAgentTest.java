package dev.heddle.it;

import dev.heddle.it.app.sdk.SpringAiStreamingApp;

/**
 * {@link StreamingWithAgentTest} for Spring AI's {@code StreamingChatModel.stream(Prompt)}, a Reactor
 * Flux of {@code ChatResponse} chunks, with a usage chunk at the end.
 */
class SpringAiStreamingWithAgentTest extends StreamingWithAgentTest {

    @Override
    Class<?> app() {
        return SpringAiStreamingApp.class;
    }

    @Override
    String preset() {
        return "spring-ai";
    }
}
