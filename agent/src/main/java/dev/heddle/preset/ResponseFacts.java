package dev.heddle.preset;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a response says about itself, as the OpenTelemetry GenAI semantic conventions (v1.41) name
 * it on a span: {@code gen_ai.response.id}, {@code gen_ai.response.model} and
 * {@code gen_ai.response.finish_reasons}.
 *
 * @param id the vendor's id of the response
 * @param model the model that answered, which may be more precise than the one asked for
 *     ({@code gpt-4o-mini-2024-07-18} for {@code gpt-4o-mini})
 * @param finishReasons why each generation stopped, in the vendor's own words ({@code stop},
 *     {@code length}, {@code tool_calls}, {@code end_turn}, ...); empty when none was reported
 */
public record ResponseFacts(Optional<String> id, Optional<String> model, List<String> finishReasons) {

    /** Nothing known: the response could not be read, or said nothing. */
    public static final ResponseFacts NONE = new ResponseFacts(Optional.empty(), Optional.empty(), List.of());

    /** Copies the finish reasons, so that a fact never changes after it is read. */
    public ResponseFacts {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(model, "model");
        finishReasons = List.copyOf(finishReasons);
    }
}
