package dev.heddle.it;

import dev.heddle.it.app.sdk.LangChain4jApp;

/** {@link ChatFrameworkWithAgentTest} for LangChain4j, with {@code preset: langchain4j}. */
class LangChain4jWithAgentTest extends ChatFrameworkWithAgentTest {

    @Override
    Class<?> app() {
        return LangChain4jApp.class;
    }

    @Override
    String preset() {
        return "langchain4j";
    }
}
