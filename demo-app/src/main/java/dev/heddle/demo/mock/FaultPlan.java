package dev.heddle.demo.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which requests the mock LLM server fails on purpose, and how. Immutable.
 *
 * <p>Two sources of faults, the schedule first:
 * <ul>
 *   <li><b>Schedule</b>: fault windows over request numbers. Requests are numbered from 1, counting
 *       the API requests (chat completions, embeddings, messages) that arrive after the plan was
 *       installed: at start, by {@link MockLlmServer#faults(FaultPlan)}, or by
 *       {@code POST /admin/faults}. {@code next(3, RATE_LIMIT)} fails requests 1 to 3;
 *       {@code requests(5, 7, SERVER_ERROR)} fails requests 5, 6 and 7. Where windows overlap, the
 *       first one added wins.</li>
 *   <li><b>Rates</b>: a probability per request for each kind. One uniform number is drawn per
 *       request that no window caught, from a {@link java.util.Random} seeded with the server's
 *       seed when the plan is installed, and the kinds are tried in declaration order of
 *       {@link FaultKind}; so the rates add up, and must add up to 1 at most.</li>
 * </ul>
 *
 * <p>{@link FaultKind#SLOW} waits {@link #slowMillis()} before answering normally;
 * {@link FaultKind#RATE_LIMIT} sends {@code Retry-After: }{@link #retryAfterSeconds()}.
 *
 * <p>As JSON (for {@code POST /admin/faults}; every field optional, kinds in any case):
 * <pre>{@code
 * {"rates": {"RATE_LIMIT": 0.1, "SERVER_ERROR": 0.05},
 *  "schedule": [{"kind": "DROP", "next": 2}, {"kind": "UNAVAILABLE", "from": 5, "to": 7}],
 *  "slowMillis": 2000, "retryAfterSeconds": 1}
 * }</pre>
 */
public final class FaultPlan {

    /** The default extra wait of a {@link FaultKind#SLOW} request. */
    public static final long DEFAULT_SLOW_MILLIS = 2_000;
    /** The default {@code Retry-After} of a {@link FaultKind#RATE_LIMIT} response. */
    public static final int DEFAULT_RETRY_AFTER_SECONDS = 1;

    private static final FaultPlan NONE = new Builder().build();

    /**
     * A window of consecutive request numbers that all fail with one kind.
     *
     * @param kind the fault
     * @param fromRequest the first request number, 1 or more
     * @param toRequest the last request number, inclusive, at least {@code fromRequest}
     */
    public record Window(FaultKind kind, long fromRequest, long toRequest) {
        /** Checks the bounds. */
        public Window {
            Objects.requireNonNull(kind, "kind");
            if (fromRequest < 1 || toRequest < fromRequest) {
                throw new IllegalArgumentException("need 1 <= from <= to, got " + fromRequest + ".." + toRequest);
            }
        }

        boolean covers(long requestNumber) {
            return requestNumber >= fromRequest && requestNumber <= toRequest;
        }
    }

    private final Map<FaultKind, Double> rates;
    private final List<Window> schedule;
    private final long slowMillis;
    private final int retryAfterSeconds;

    private FaultPlan(Builder builder) {
        this.rates = Collections.unmodifiableMap(new EnumMap<>(builder.rates));
        this.schedule = List.copyOf(builder.schedule);
        this.slowMillis = builder.slowMillis;
        this.retryAfterSeconds = builder.retryAfterSeconds;
    }

    /** @return a plan without any fault */
    public static FaultPlan none() {
        return NONE;
    }

    /** @return a builder of a plan without any fault */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @param kind the fault
     * @param probability its probability per request, 0 to 1
     * @return a plan with only that rate
     */
    public static FaultPlan rate(FaultKind kind, double probability) {
        return builder().rate(kind, probability).build();
    }

    /**
     * @param count how many requests, from the next one on
     * @param kind the fault
     * @return a plan that fails the next {@code count} requests with {@code kind}
     */
    public static FaultPlan next(int count, FaultKind kind) {
        return builder().next(count, kind).build();
    }

    /** @return the probability per request of each kind that has one; absent kinds have 0 */
    public Map<FaultKind, Double> rates() {
        return rates;
    }

    /** @return the fault windows, in the order they were added */
    public List<Window> schedule() {
        return schedule;
    }

    /** @return the extra wait of a {@link FaultKind#SLOW} request, in milliseconds */
    public long slowMillis() {
        return slowMillis;
    }

    /** @return the {@code Retry-After} value of a {@link FaultKind#RATE_LIMIT} response, in seconds */
    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** @return whether this plan can ever fault */
    public boolean isEmpty() {
        return rates.isEmpty() && schedule.isEmpty();
    }

    /** @return a builder that starts from this plan */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.rates.putAll(rates);
        builder.schedule.addAll(schedule);
        builder.slowMillis = slowMillis;
        builder.retryAfterSeconds = retryAfterSeconds;
        return builder;
    }

    /**
     * The fault of one request, or {@code null} for none.
     *
     * @param requestNumber the request's number since the plan was installed, from 1
     * @param uniform a uniform random number in [0, 1)
     */
    FaultKind pick(long requestNumber, double uniform) {
        for (Window window : schedule) {
            if (window.covers(requestNumber)) {
                return window.kind();
            }
        }
        double cumulative = 0;
        for (Map.Entry<FaultKind, Double> rate : rates.entrySet()) {
            cumulative += rate.getValue();
            if (uniform < cumulative) {
                return rate.getKey();
            }
        }
        return null;
    }

    /**
     * Reads a plan from its JSON form (see the class comment).
     *
     * @param json the object
     * @return the plan
     * @throws IllegalArgumentException if the JSON does not describe a valid plan
     */
    public static FaultPlan fromJson(JsonNode json) {
        if (json == null || json.isNull() || json.isMissingNode()) {
            return none();
        }
        if (!json.isObject()) {
            throw new IllegalArgumentException("a fault plan is a JSON object");
        }
        Builder builder = builder();
        for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!List.of("rates", "schedule", "slowMillis", "retryAfterSeconds").contains(name)) {
                throw new IllegalArgumentException("unknown field '" + name
                        + "'; known: rates, schedule, slowMillis, retryAfterSeconds");
            }
        }
        JsonNode rates = json.path("rates");
        if (!rates.isMissingNode() && !rates.isNull()) {
            if (!rates.isObject()) {
                throw new IllegalArgumentException("'rates' is an object of kind to probability");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = rates.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> rate = it.next();
                if (!rate.getValue().isNumber()) {
                    throw new IllegalArgumentException("rate of " + rate.getKey() + " must be a number");
                }
                builder.rate(FaultKind.parse(rate.getKey()), rate.getValue().doubleValue());
            }
        }
        JsonNode schedule = json.path("schedule");
        if (!schedule.isMissingNode() && !schedule.isNull()) {
            if (!schedule.isArray()) {
                throw new IllegalArgumentException("'schedule' is an array of windows");
            }
            for (JsonNode window : schedule) {
                if (!window.path("kind").isTextual()) {
                    throw new IllegalArgumentException("every schedule window needs a 'kind'");
                }
                FaultKind kind = FaultKind.parse(window.path("kind").asText());
                if (window.has("next")) {
                    builder.next(intField(window, "next"), kind);
                } else if (window.has("from")) {
                    long from = intField(window, "from");
                    long to = window.has("to") ? intField(window, "to") : from;
                    builder.requests(from, to, kind);
                } else {
                    throw new IllegalArgumentException("a schedule window needs 'next' or 'from' (and 'to')");
                }
            }
        }
        if (json.has("slowMillis")) {
            builder.slowMillis(intField(json, "slowMillis"));
        }
        if (json.has("retryAfterSeconds")) {
            builder.retryAfterSeconds(intField(json, "retryAfterSeconds"));
        }
        return builder.build();
    }

    private static int intField(JsonNode node, String name) {
        JsonNode value = node.get(name);
        if (value == null || !value.canConvertToInt() || !value.isIntegralNumber()) {
            throw new IllegalArgumentException("'" + name + "' must be an integer");
        }
        return value.intValue();
    }

    /**
     * Writes this plan in the form that {@link #fromJson(JsonNode)} reads.
     *
     * @return a new JSON object
     */
    public ObjectNode toJson() {
        ObjectNode json = Json.MAPPER.createObjectNode();
        ObjectNode rateNode = json.putObject("rates");
        rates.forEach((kind, p) -> rateNode.put(kind.name(), p));
        ArrayNode windows = json.putArray("schedule");
        for (Window window : schedule) {
            windows.addObject().put("kind", window.kind().name())
                    .put("from", window.fromRequest()).put("to", window.toRequest());
        }
        json.put("slowMillis", slowMillis);
        json.put("retryAfterSeconds", retryAfterSeconds);
        return json;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FaultPlan plan && rates.equals(plan.rates) && schedule.equals(plan.schedule)
                && slowMillis == plan.slowMillis && retryAfterSeconds == plan.retryAfterSeconds;
    }

    @Override
    public int hashCode() {
        return Objects.hash(rates, schedule, slowMillis, retryAfterSeconds);
    }

    @Override
    public String toString() {
        return "FaultPlan" + toJson();
    }

    /** Builds a {@link FaultPlan}. */
    public static final class Builder {
        private final EnumMap<FaultKind, Double> rates = new EnumMap<>(FaultKind.class);
        private final List<Window> schedule = new ArrayList<>();
        private long slowMillis = DEFAULT_SLOW_MILLIS;
        private int retryAfterSeconds = DEFAULT_RETRY_AFTER_SECONDS;

        private Builder() {
        }

        /**
         * Sets the probability per request of one kind; 0 removes it.
         *
         * @param kind the fault
         * @param probability 0 to 1; all rates together at most 1
         * @return this builder
         */
        public Builder rate(FaultKind kind, double probability) {
            Objects.requireNonNull(kind, "kind");
            if (!(probability >= 0 && probability <= 1)) {
                throw new IllegalArgumentException("rate of " + kind + " must be in [0, 1], got " + probability);
            }
            if (probability == 0) {
                rates.remove(kind);
            } else {
                rates.put(kind, probability);
            }
            return this;
        }

        /**
         * Fails the next {@code count} requests (numbers 1 to {@code count}).
         *
         * @param count 1 or more
         * @param kind the fault
         * @return this builder
         */
        public Builder next(int count, FaultKind kind) {
            return requests(1, count, kind);
        }

        /**
         * Fails requests number {@code from} to {@code to}, inclusive.
         *
         * @param from the first, 1 or more
         * @param to the last, at least {@code from}
         * @param kind the fault
         * @return this builder
         */
        public Builder requests(long from, long to, FaultKind kind) {
            schedule.add(new Window(kind, from, to));
            return this;
        }

        /**
         * @param millis the extra wait of a {@link FaultKind#SLOW} request, 0 or more
         * @return this builder
         */
        public Builder slowMillis(long millis) {
            if (millis < 0) {
                throw new IllegalArgumentException("slowMillis must be >= 0, got " + millis);
            }
            this.slowMillis = millis;
            return this;
        }

        /**
         * @param seconds the {@code Retry-After} of a {@link FaultKind#RATE_LIMIT} response, 0 or more
         * @return this builder
         */
        public Builder retryAfterSeconds(int seconds) {
            if (seconds < 0) {
                throw new IllegalArgumentException("retryAfterSeconds must be >= 0, got " + seconds);
            }
            this.retryAfterSeconds = seconds;
            return this;
        }

        /** @return the plan */
        public FaultPlan build() {
            double total = rates.values().stream().mapToDouble(Double::doubleValue).sum();
            if (total > 1.0 + 1e-9) {
                throw new IllegalArgumentException("fault rates add up to " + total + ", more than 1");
            }
            return new FaultPlan(this);
        }
    }
}
