package dev.heddle.report;

import dev.heddle.analytics.AnalyticsEvent;
import java.util.List;

/**
 * What an experiment's variants are compared on: the share of exposed users who converted, or the
 * mean of a numeric field of the calls stamped with the variant.
 */
public sealed interface ExperimentMetric {

    /** The fields a {@link Mean} can average. */
    List<String> FIELDS = List.of("latency_ms", "input_tokens", "output_tokens", "tokens", "cost_usd");

    /** @return how the report names the metric */
    String describe();

    /**
     * The share of exposed users who did an event at or after their first exposure.
     *
     * @param event the conversion event, with its filters
     */
    record Conversion(EventSelector event) implements ExperimentMetric {

        @Override
        public String describe() {
            return "conversion to " + event;
        }
    }

    /**
     * The mean of one numeric field over the {@value AnalyticsEvent#LLM_CALL} events stamped with a
     * variant of the experiment, one value per call; calls without the field are left out.
     *
     * @param field one of {@link #FIELDS}; {@code tokens} is input plus output tokens
     */
    record Mean(String field) implements ExperimentMetric {

        public Mean {
            if (!FIELDS.contains(field)) {
                throw new IllegalArgumentException("--metric takes one of " + String.join(", ", FIELDS) + ", but found '" + field + "'");
            }
        }

        @Override
        public String describe() {
            return "mean " + field + " per call";
        }

        /**
         * @param call an {@value AnalyticsEvent#LLM_CALL} event
         * @return its value of the field, or null when it has none
         */
        Double valueOf(AnalyticsEvent call) {
            return switch (field) {
                case "latency_ms" -> call.latencyMs();
                case "input_tokens" -> call.inputTokens() == null ? null : call.inputTokens().doubleValue();
                case "output_tokens" -> call.outputTokens() == null ? null : call.outputTokens().doubleValue();
                case "cost_usd" -> call.costUsd();
                default -> call.inputTokens() == null && call.outputTokens() == null ? null
                        : (double) ((call.inputTokens() == null ? 0 : call.inputTokens())
                                + (call.outputTokens() == null ? 0 : call.outputTokens()));
            };
        }
    }
}
