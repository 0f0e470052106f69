package dev.heddle.identity;

import java.util.Optional;

/**
 * The session and conversation a call belongs to, for tracking: read from the app's SLF4J MDC
 * ({@code session.id} or {@code sessionId}; {@code gen_ai.conversation.id} or {@code conversationId})
 * or its OpenTelemetry baggage ({@code session.id}; {@code gen_ai.conversation.id}), through the
 * woven class's loader, as the user is.
 */
public final class CallContext {

    private CallContext() {
    }

    /**
     * @param type the woven method's class
     * @return the session's id, when the app put one in its MDC or baggage
     */
    public static Optional<String> sessionOf(Class<?> type) {
        return UserResolver.AppContext.mdc(type, "session.id")
                .or(() -> UserResolver.AppContext.mdc(type, "sessionId"))
                .or(() -> UserResolver.AppContext.baggage(type, "session.id"));
    }

    /**
     * @param type the woven method's class
     * @return the conversation's id, when the app put one in its MDC or baggage
     */
    public static Optional<String> conversationOf(Class<?> type) {
        return UserResolver.AppContext.mdc(type, "gen_ai.conversation.id")
                .or(() -> UserResolver.AppContext.mdc(type, "conversationId"))
                .or(() -> UserResolver.AppContext.baggage(type, "gen_ai.conversation.id"));
    }
}
