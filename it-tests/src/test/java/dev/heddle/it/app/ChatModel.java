package dev.heddle.it.app;

/**
 * An interface that a YAML rule names; {@link EchoChatModel} implements it.
 */
public interface ChatModel {

    /**
     * Chats.
     *
     * @param prompt the prompt
     * @return the reply
     */
    String chat(String prompt);
}
