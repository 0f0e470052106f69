package dev.heddle.telemetry;

import io.opentelemetry.api.common.AttributeKey;
import java.util.List;

/**
 * The attribute names Heddle writes, pinned to the OpenTelemetry GenAI semantic conventions
 * v1.41 ({@code gen_ai.*}, {@code error.type}, {@code user.id}, {@code session.id}) and Heddle's
 * own {@code heddle.*} namespace for what the conventions lack. Written out here rather than taken
 * from the incubating semconv artifact, whose names change between releases.
 */
final class GenAiAttributes {

    static final AttributeKey<String> OPERATION_NAME = AttributeKey.stringKey("gen_ai.operation.name");
    static final AttributeKey<String> PROVIDER_NAME = AttributeKey.stringKey("gen_ai.provider.name");
    static final AttributeKey<String> REQUEST_MODEL = AttributeKey.stringKey("gen_ai.request.model");
    static final AttributeKey<String> RESPONSE_MODEL = AttributeKey.stringKey("gen_ai.response.model");
    static final AttributeKey<String> RESPONSE_ID = AttributeKey.stringKey("gen_ai.response.id");
    static final AttributeKey<List<String>> RESPONSE_FINISH_REASONS = AttributeKey.stringArrayKey("gen_ai.response.finish_reasons");
    static final AttributeKey<Long> USAGE_INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");
    static final AttributeKey<Long> USAGE_OUTPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.output_tokens");
    static final AttributeKey<String> TOKEN_TYPE = AttributeKey.stringKey("gen_ai.token.type");
    static final AttributeKey<String> CONVERSATION_ID = AttributeKey.stringKey("gen_ai.conversation.id");
    static final AttributeKey<String> INPUT_MESSAGES = AttributeKey.stringKey("gen_ai.input.messages");
    static final AttributeKey<String> OUTPUT_MESSAGES = AttributeKey.stringKey("gen_ai.output.messages");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    static final AttributeKey<String> USER_ID = AttributeKey.stringKey("user.id");
    static final AttributeKey<String> SESSION_ID = AttributeKey.stringKey("session.id");

    static final AttributeKey<String> RULE = AttributeKey.stringKey("heddle.rule");
    static final AttributeKey<String> CACHE_RESULT = AttributeKey.stringKey("heddle.cache.result");
    static final AttributeKey<Double> CACHE_SIMILARITY = AttributeKey.doubleKey("heddle.cache.similarity");
    static final AttributeKey<Double> CACHE_SAVED_COST_USD = AttributeKey.doubleKey("heddle.cache.saved_cost_usd");
    static final AttributeKey<String> QUOTA_DECISION = AttributeKey.stringKey("heddle.quota.decision");
    static final AttributeKey<Long> RETRY_ATTEMPTS = AttributeKey.longKey("heddle.retry.attempts");
    static final AttributeKey<String> CIRCUIT_STATE = AttributeKey.stringKey("heddle.circuit.state");
    static final AttributeKey<String> FALLBACK = AttributeKey.stringKey("heddle.fallback");

    /** {@code gen_ai.token.type} values. */
    static final String INPUT = "input";
    static final String OUTPUT = "output";

    /** The attribute that stamps a call with its variant of one experiment. */
    static AttributeKey<String> variantOf(String experiment) {
        return AttributeKey.stringKey("heddle.experiment." + experiment);
    }

    private GenAiAttributes() {
    }
}
