package dev.heddle.it.app;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * An implementation of {@link ChatModel}, unannotated and not named by any rule itself.
 */
public class EchoChatModel implements ChatModel {

    /** Real runs of {@link #chat(String)}. */
    public static final AtomicInteger CALLS = new AtomicInteger();

    @Override
    public String chat(String prompt) {
        CALLS.incrementAndGet();
        return "echo: " + prompt;
    }
}
