package dev.heddle.it;

import dev.heddle.it.app.sdk.SpringAiApp;

/** {@link ChatFrameworkWithAgentTest} for Spring AI, with {@code preset: spring-ai}. */
class SpringAiWithAgentTest extends ChatFrameworkWithAgentTest {

    @Override
    Class<?> app() {
        return SpringAiApp.class;
    }

    @Override
    String preset() {
        return "spring-ai";
    }
}
