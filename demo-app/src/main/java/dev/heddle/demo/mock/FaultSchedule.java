package dev.heddle.demo.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Which {@link FaultPlan} a {@link MockLlmServer} follows over time: a background plan, and timed
 * phases whose own plan replaces the background while they last. Immutable.
 *
 * <pre>{@code
 * FaultSchedule schedule = FaultSchedule.builder()
 *         .background(FaultPlan.rate(FaultKind.SERVER_ERROR, 0.05))
 *         .phase(Duration.ofSeconds(60), Duration.ofSeconds(90), FaultPlan.rate(FaultKind.RATE_LIMIT, 1.0))
 *         .phase(Duration.ofSeconds(120), Duration.ofSeconds(140), FaultPlan.rate(FaultKind.UNAVAILABLE, 1.0))
 *         .build();
 * server.schedule(schedule);   // its clock starts now
 * }</pre>
 *
 * <p>A phase lasts from {@code from} (inclusive) to {@code to} (exclusive), both measured from when
 * the schedule was installed: at start ({@link MockSettings#withSchedule}), by
 * {@link MockLlmServer#schedule(FaultSchedule)} or by {@code POST /admin/schedule}. Phases may not
 * overlap; between and after them the background is in force. A phase is named
 * ({@link Phase#name()}) for the {@linkplain MockStats#countsByPhase() stats}: by default
 * {@code phase-1}, {@code phase-2}, ... in the order they were added; the background is
 * {@value #BACKGROUND}.
 *
 * <p>Each plan keeps its own request numbers (for {@link FaultPlan.Builder#next}) and its own random
 * draws, seeded with the server's seed: a phase's numbers count from its first request, and the
 * background's go on across the phases.
 *
 * <p>As JSON (for {@code POST /admin/schedule} and {@code --schedule}; every field optional,
 * times in seconds, fractions allowed):
 * <pre>{@code
 * {"background": {"rates": {"SERVER_ERROR": 0.05}},
 *  "phases": [{"name": "throttled", "fromSeconds": 60, "toSeconds": 90, "faults": {"rates": {"RATE_LIMIT": 1.0}}},
 *             {"fromSeconds": 120, "toSeconds": 140, "faults": {"rates": {"UNAVAILABLE": 1.0}}}]}
 * }</pre>
 */
public final class FaultSchedule {

    /** The name of the background in the stats and in {@link MockLlmServer#activePhase()}. */
    public static final String BACKGROUND = "background";

    private static final FaultSchedule NONE = new Builder().build();

    /**
     * A timed phase: from {@code from} (inclusive) to {@code to} (exclusive) after the schedule
     * started, {@code faults} replaces the background.
     *
     * @param name the name in the stats; not blank, not {@value #BACKGROUND}
     * @param from the start, 0 or more
     * @param to the end, after {@code from}
     * @param faults the plan in force during the phase
     */
    public record Phase(String name, Duration from, Duration to, FaultPlan faults) {
        /** Checks the name and the bounds. */
        public Phase {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(faults, "faults");
            if (name.isBlank() || name.equals(BACKGROUND)) {
                throw new IllegalArgumentException("a phase needs a name other than '" + BACKGROUND + "', got '"
                        + name + "'");
            }
            if (from.isNegative() || to.compareTo(from) <= 0) {
                throw new IllegalArgumentException("phase " + name + " needs 0 <= from < to, got [" + from + ", "
                        + to + ")");
            }
        }

        /**
         * @param sinceStart the time since the schedule started
         * @return whether this phase is in force then
         */
        public boolean covers(Duration sinceStart) {
            return sinceStart.compareTo(from) >= 0 && sinceStart.compareTo(to) < 0;
        }
    }

    private final FaultPlan background;
    private final List<Phase> phases;

    private FaultSchedule(FaultPlan background, List<Phase> phases) {
        this.background = background;
        this.phases = List.copyOf(phases);
    }

    /** @return a schedule without any fault */
    public static FaultSchedule none() {
        return NONE;
    }

    /**
     * @param background the plan for all time
     * @return a schedule with only a background: what {@link MockLlmServer#faults(FaultPlan)} installs
     */
    public static FaultSchedule of(FaultPlan background) {
        return builder().background(background).build();
    }

    /** @return a builder of a schedule without any fault */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the plan in force outside the phases */
    public FaultPlan background() {
        return background;
    }

    /** @return the phases, in time order */
    public List<Phase> phases() {
        return phases;
    }

    /**
     * @param sinceStart the time since the schedule started
     * @return the phase in force then, or empty when the background is
     */
    public Optional<Phase> phaseAt(Duration sinceStart) {
        for (Phase phase : phases) {
            if (phase.covers(sinceStart)) {
                return Optional.of(phase);
            }
        }
        return Optional.empty();
    }

    /**
     * @param sinceStart the time since the schedule started
     * @return the plan in force then: its phase's, or the background
     */
    public FaultPlan planAt(Duration sinceStart) {
        return phaseAt(sinceStart).map(Phase::faults).orElse(background);
    }

    /** @return a builder that starts from this schedule */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.background = background;
        builder.phases.addAll(phases);
        return builder;
    }

    /**
     * Reads a schedule from its JSON form (see the class comment).
     *
     * @param json the object, or null for no faults
     * @return the schedule
     * @throws IllegalArgumentException if the JSON does not describe a valid schedule
     */
    public static FaultSchedule fromJson(JsonNode json) {
        if (json == null || json.isNull() || json.isMissingNode()) {
            return none();
        }
        if (!json.isObject()) {
            throw new IllegalArgumentException("a fault schedule is a JSON object");
        }
        onlyFields(json, "a fault schedule", "background", "phases");
        Builder builder = builder().background(FaultPlan.fromJson(json.get("background")));
        JsonNode phases = json.path("phases");
        if (phases.isMissingNode() || phases.isNull()) {
            return builder.build();
        }
        if (!phases.isArray()) {
            throw new IllegalArgumentException("'phases' is an array of phases");
        }
        for (JsonNode phase : phases) {
            if (!phase.isObject()) {
                throw new IllegalArgumentException("every phase is a JSON object");
            }
            onlyFields(phase, "a phase", "name", "fromSeconds", "toSeconds", "faults");
            Duration from = seconds(phase, "fromSeconds");
            Duration to = seconds(phase, "toSeconds");
            FaultPlan faults = FaultPlan.fromJson(phase.get("faults"));
            JsonNode name = phase.get("name");
            if (name == null || name.isNull()) {
                builder.phase(from, to, faults);
            } else if (name.isTextual()) {
                builder.phase(name.asText(), from, to, faults);
            } else {
                throw new IllegalArgumentException("a phase's 'name' is a string");
            }
        }
        return builder.build();
    }

    private static void onlyFields(JsonNode json, String what, String... known) {
        List<String> names = List.of(known);
        for (Iterator<String> it = json.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!names.contains(name)) {
                throw new IllegalArgumentException("unknown field '" + name + "' in " + what + "; known: "
                        + String.join(", ", names));
            }
        }
    }

    private static Duration seconds(JsonNode phase, String field) {
        JsonNode value = phase.get(field);
        if (value == null || !value.isNumber()) {
            throw new IllegalArgumentException("every phase needs '" + field + "', a number of seconds");
        }
        double seconds = value.doubleValue();
        if (!(seconds >= 0 && seconds <= Long.MAX_VALUE / 1e9)) {
            throw new IllegalArgumentException("'" + field + "' must be 0 seconds or more, got " + value);
        }
        return Duration.ofNanos(Math.round(seconds * 1e9));
    }

    /**
     * Writes this schedule in the form that {@link #fromJson(JsonNode)} reads.
     *
     * @return a new JSON object
     */
    public ObjectNode toJson() {
        ObjectNode json = Json.MAPPER.createObjectNode();
        json.set("background", background.toJson());
        ArrayNode array = json.putArray("phases");
        for (Phase phase : phases) {
            ObjectNode node = array.addObject().put("name", phase.name());
            putSeconds(node, "fromSeconds", phase.from());
            putSeconds(node, "toSeconds", phase.to());
            node.set("faults", phase.faults().toJson());
        }
        return json;
    }

    private static void putSeconds(ObjectNode node, String field, Duration duration) {
        if (duration.getNano() == 0) {
            node.put(field, duration.getSeconds());
        } else {
            node.put(field, duration.toNanos() / 1e9);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FaultSchedule schedule && background.equals(schedule.background)
                && phases.equals(schedule.phases);
    }

    @Override
    public int hashCode() {
        return Objects.hash(background, phases);
    }

    @Override
    public String toString() {
        return "FaultSchedule" + toJson();
    }

    /** Builds a {@link FaultSchedule}. */
    public static final class Builder {
        private FaultPlan background = FaultPlan.none();
        private final List<Phase> phases = new ArrayList<>();

        private Builder() {
        }

        /**
         * @param plan the plan in force outside the phases; {@link FaultPlan#none()} by default
         * @return this builder
         */
        public Builder background(FaultPlan plan) {
            this.background = Objects.requireNonNull(plan, "plan");
            return this;
        }

        /**
         * Adds a phase named {@code phase-N}, N its place among the phases in the order added.
         *
         * @param from its start since the schedule started, 0 or more
         * @param to its end (exclusive), after {@code from}
         * @param plan the plan in force during the phase, instead of the background
         * @return this builder
         */
        public Builder phase(Duration from, Duration to, FaultPlan plan) {
            return phase("phase-" + (phases.size() + 1), from, to, plan);
        }

        /**
         * Adds a named phase.
         *
         * @param name its name in the stats; unique, not blank, not {@value FaultSchedule#BACKGROUND}
         * @param from its start since the schedule started, 0 or more
         * @param to its end (exclusive), after {@code from}
         * @param plan the plan in force during the phase, instead of the background
         * @return this builder
         */
        public Builder phase(String name, Duration from, Duration to, FaultPlan plan) {
            phases.add(new Phase(name, from, to, plan));
            return this;
        }

        /**
         * @return the schedule, its phases in time order
         * @throws IllegalArgumentException if two phases overlap or share a name
         */
        public FaultSchedule build() {
            List<Phase> sorted = new ArrayList<>(phases);
            sorted.sort(Comparator.comparing(Phase::from));
            Set<String> names = new HashSet<>();
            for (int i = 0; i < sorted.size(); i++) {
                Phase phase = sorted.get(i);
                if (!names.add(phase.name())) {
                    throw new IllegalArgumentException("two phases are named '" + phase.name() + "'");
                }
                if (i > 0 && sorted.get(i - 1).to().compareTo(phase.from()) > 0) {
                    Phase before = sorted.get(i - 1);
                    throw new IllegalArgumentException("phases " + before.name() + " [" + before.from() + ", "
                            + before.to() + ") and " + phase.name() + " [" + phase.from() + ", " + phase.to()
                            + ") overlap");
                }
            }
            return new FaultSchedule(background, sorted);
        }
    }
}
