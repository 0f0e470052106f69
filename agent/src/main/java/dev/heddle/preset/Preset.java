package dev.heddle.preset;

import dev.heddle.config.MatchConfig;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What Heddle knows about one LLM SDK. A preset is a plain object that works on the SDK's own
 * request and response objects (by reflection, since the SDK lives in the app's class loader and
 * Heddle in its own), so it can be tested without any weaving; the weaving only asks it questions.
 */
public interface Preset {

    /** @return the name a rule gives in {@code preset:}, such as {@code openai-java} */
    String name();

    /**
     * @return the methods to weave: a class or interface (its implementations match) and a method
     *     with parameter types
     */
    List<MatchConfig> targets();

    /**
     * @param signature a woven method of this preset, {@code binary.type.Name:method(descriptor)}
     * @return the preset that handles that method's calls: this one, or, for one of the SDK's
     *     streaming methods, a {@link StreamedPreset} whose answers are recorded streams
     */
    default Preset forMethod(String signature) {
        return this;
    }

    /**
     * @param self the receiver of the woven call (the SDK client or model, whose default options may
     *     apply), null for a static method
     * @param arguments the woven call's arguments
     * @return the canonical text of the request's fields that change the answer (model, messages,
     *     system prompt, sampling parameters, tools, response format, token limit), without request
     *     options, ids or the user
     * @throws RuntimeException when the request cannot be keyed; the call then runs uncached
     */
    String cacheKey(Object self, Object[] arguments);

    /**
     * @param self the receiver of the woven call
     * @param arguments the woven call's arguments
     * @return the model the request asks for
     */
    Optional<String> model(Object self, Object[] arguments);

    /**
     * The same request asking another model, for a fallback to a cheaper or healthier model.
     *
     * @param self the receiver of the woven call
     * @param arguments the woven call's arguments, left unchanged
     * @param model the model to ask instead
     * @return new arguments for the same method
     * @throws UnsupportedOperationException when the preset cannot change a request's model
     */
    default Object[] withModel(Object self, Object[] arguments, String model) {
        throw new UnsupportedOperationException("preset " + name() + " cannot change the model of a request");
    }

    /**
     * @param self the receiver of the woven call
     * @param arguments the woven call's arguments
     * @return the end user the request names, such as OpenAI's {@code user} field
     */
    Optional<String> user(Object self, Object[] arguments);

    /**
     * @param self the receiver of the woven call
     * @param arguments the woven call's arguments
     * @return the text a semantic cache embeds, with the fingerprint of its context
     */
    EmbeddingText textToEmbed(Object self, Object[] arguments);

    /**
     * @param response what the woven method returned (for an asynchronous method, what its future completed with)
     * @return the token usage the vendor reported
     */
    Optional<TokenUsage> usage(Object response);

    /**
     * @param response what the woven method returned
     * @return whether the answer is whole and may be cached: it ended normally (or asked for a tool),
     *     and was not cut off by a token limit, filtered, refused or empty
     */
    boolean isCompleteAnswer(Object response);

    /**
     * @param response what the woven method returned
     * @return whether the answer asks the app to call tools; such answers are cached only when the
     *     rule says {@code cache: { toolCalls: true }}
     */
    default boolean asksForTools(Object response) {
        return false;
    }

    /**
     * @param self the receiver of the woven call (the SDK client or model), null for a static method
     * @return the OpenTelemetry {@code gen_ai.provider.name} of the vendor that answers, such as
     *     {@code openai}, {@code anthropic} or {@code aws.bedrock}; by default the preset's {@link #name()}
     */
    default String provider(Object self) {
        return name();
    }

    /** @return the OpenTelemetry {@code gen_ai.operation.name} of the woven call: {@code chat} unless a preset says otherwise */
    default String operation() {
        return "chat";
    }

    /**
     * Never throws: what cannot be read is left empty, since these facts only describe a call that
     * has already succeeded.
     *
     * @param response what the woven method returned (for an asynchronous method, what its future completed with)
     * @return the id, model and finish reasons the response reports; by default {@link ResponseFacts#NONE}
     */
    default ResponseFacts responseFacts(Object response) {
        return ResponseFacts.NONE;
    }

    /**
     * @param error what the woven method threw
     * @return whether trying again may succeed: rate limits, server errors, timeouts, lost connections
     */
    boolean isRetryable(Throwable error);

    /**
     * @param error what the woven method threw
     * @return the HTTP status the vendor answered with, when the failure carries one
     */
    default Optional<Integer> statusCode(Throwable error) {
        return Optional.empty();
    }

    /**
     * @param error what the woven method threw
     * @return how long the vendor asked the caller to wait, when it said so
     */
    Optional<Duration> retryAfter(Throwable error);

    /**
     * @param response what the woven method returned
     * @return the answer as a span's output content (recorded only with content capture on); by
     *     default its {@link #encode encoding}
     */
    default String outputText(Object response) {
        return encode(response);
    }

    /**
     * Encodes a response for a shared cache, without Java serialization.
     *
     * @param response what the woven method returned
     * @return text from which {@link #decode} rebuilds an equal response
     */
    String encode(Object response);

    /**
     * @param encoded what {@link #encode} produced
     * @param sdkLoader a class loader that sees the SDK, such as the woven class's
     * @return a response equal in content to the encoded one
     * @throws IllegalArgumentException when the text is not an encoding of this preset
     * @throws IllegalStateException when the SDK cannot build the response the text describes
     * @throws java.io.UncheckedIOException when the text is not the JSON it should be
     */
    Object decode(String encoded, ClassLoader sdkLoader);
}
