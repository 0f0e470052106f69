package dev.heddle.analytics;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One analytics event, as the event store keeps it: one JSON object per line, flat where
 * ClickHouse needs it flat. Every field but {@code time} and {@code event} may be absent (null),
 * and an absent field is left out of the line.
 *
 * <p>Event names Heddle writes itself: {@value #LLM_CALL} for every woven call,
 * {@value #EXPOSURE} the first time a user meets an experiment, {@value #EVALUATION} for user
 * feedback; every other name is an app event ({@code @Tracked}, a rule's {@code track:},
 * {@code Heddle.track}).
 *
 * @param time when it happened
 * @param event the event name
 * @param user the user's id
 * @param session the session id
 * @param rule the rule that matched the call
 * @param model the model the call asked for
 * @param variants the experiments the user is in, experiment name to variant name; empty when none
 * @param cache {@code miss}, {@code hit}, {@code semantic_hit} or {@code none} (the rule has no cache); calls only
 * @param similarity the cosine similarity of a semantic hit
 * @param inputTokens input tokens the call used (zero for a cache hit)
 * @param outputTokens output tokens the call used (zero for a cache hit)
 * @param costUsd the dollars the call cost at list price (zero for a cache hit)
 * @param savedUsd the dollars a cache hit saved
 * @param latencyMs how long the call took, as the app saw it, in milliseconds
 * @param outcome {@code ok}, {@code error}, {@code fallback} or {@code rejected} (refused by a quota)
 * @param errorType the class name of the error the app saw
 * @param properties the event's own properties: strings, numbers or booleans; empty when none
 */
public record AnalyticsEvent(Instant time, String event, String user, String session, String rule, String model,
        Map<String, String> variants, String cache, Double similarity, Long inputTokens, Long outputTokens,
        Double costUsd, Double savedUsd, Double latencyMs, String outcome, String errorType,
        Map<String, Object> properties) {

    /** The event of every woven call. */
    public static final String LLM_CALL = "llm_call";
    /** A user's first meeting with an experiment (OpenTelemetry's feature-flag event). */
    public static final String EXPOSURE = "feature_flag.evaluation";
    /** User feedback on an answer (OpenTelemetry's GenAI evaluation event). */
    public static final String EVALUATION = "gen_ai.evaluation.result";

    public AnalyticsEvent {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(event, "event");
        variants = variants == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(variants));
        properties = properties == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    /**
     * An app event: a name, its user and session, and properties.
     *
     * @param time when it happened
     * @param event the event name
     * @param user the user's id, or null
     * @param session the session id, or null
     * @param variants the user's experiments, experiment to variant
     * @param properties the event's properties
     * @return the event
     */
    public static AnalyticsEvent app(Instant time, String event, String user, String session, Map<String, String> variants,
            Map<String, Object> properties) {
        return new AnalyticsEvent(time, event, user, session, null, null, variants, null, null, null, null, null, null,
                null, null, null, properties);
    }
}
