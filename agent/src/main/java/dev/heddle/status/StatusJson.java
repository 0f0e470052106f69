package dev.heddle.status;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;

/**
 * The {@code GET /status} document: a {@link StatusReport} as JSON, field by field as
 * {@code docs/operations-status.md} describes it. Written with Jackson's streaming core, relocated
 * inside the agent.
 */
final class StatusJson {

    /** Dollars to the micro-dollar: sums of doubles would otherwise show noise such as 0.30000000000000004. */
    private static final int DOLLAR_DECIMALS = 6;
    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private StatusJson() {
    }

    /**
     * @param report what to write
     * @return the JSON document, indented
     */
    static String render(StatusReport report) {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            json.enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
            json.useDefaultPrettyPrinter();
            json.writeStartObject();
            json.writeStringField("generatedAt", report.at().toString());
            writeConfig(json, report);
            json.writeNumberField("internalErrors", report.internalErrors());
            writeRedis(json, report.redis(), report.redisEntriesRejected());
            json.writeArrayFieldStart("rules");
            for (RuleReport rule : report.rules()) {
                writeRule(json, rule);
            }
            json.writeEndArray();
            writeStrings(json, "passThroughMethods", report.passThroughMethods());
            json.writeArrayFieldStart("upstreamLimits");
            for (UpstreamLimitStatus limit : report.upstreamLimits()) {
                json.writeStartObject();
                json.writeStringField("name", limit.getName());
                json.writeNumberField("limit", limit.getLimit());
                json.writeNumberField("inFlight", limit.getInFlight());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the status JSON", e);
        }
        return out.toString();
    }

    private static void writeConfig(JsonGenerator json, StatusReport report) throws IOException {
        json.writeObjectFieldStart("config");
        json.writeStringField("source", report.configSource());
        json.writeNumberField("version", report.configVersion());
        json.writeObjectFieldStart("lastReload");
        json.writeBooleanField("applied", report.lastReload().applied());
        json.writeNumberField("version", report.lastReload().version());
        json.writeStringField("at", report.lastReload().at().toString());
        json.writeStringField("summary", report.lastReload().summary());
        writeStrings(json, "problems", report.lastReload().problems());
        json.writeEndObject();
        json.writeEndObject();
    }

    private static void writeRedis(JsonGenerator json, RedisState redis, long entriesRejected) throws IOException {
        json.writeObjectFieldStart("redis");
        json.writeStringField("state", redis.state());
        json.writeStringField("summary", redis.summary());
        json.writeNumberField("pendingSettles", redis.pendingSettles());
        json.writeNumberField("entriesRejected", entriesRejected);
        json.writeEndObject();
    }

    private static void writeRule(JsonGenerator json, RuleReport rule) throws IOException {
        RuleStatus counters = rule.counters();
        json.writeStartObject();
        json.writeStringField("name", rule.name());
        json.writeStringField("kind", rule.annotation() ? "annotation" : "rule");
        writeStrings(json, "wovenMethods", rule.wovenMethods());
        json.writeNumberField("calls", rule.calls());
        json.writeNumberField("cacheHits", counters.getCacheHits());
        json.writeNumberField("cacheMisses", counters.getCacheMisses());
        json.writeNumberField("uncacheable", counters.getUncacheable());
        json.writeNumberField("singleFlightJoined", counters.getSingleFlightJoined());
        json.writeNumberField("redisHits", counters.getRedisHits());
        json.writeNumberField("semanticHits", counters.getSemanticHits());
        json.writeNumberField("quotaAdmitted", counters.getQuotaAdmitted());
        json.writeNumberField("quotaRefused", counters.getQuotaRefused());
        json.writeNumberField("quotaWaited", counters.getQuotaWaited());
        json.writeNumberField("attempts", counters.getAttempts());
        json.writeNumberField("retries", counters.getRetries());
        json.writeNumberField("timeouts", counters.getTimeouts());
        json.writeNumberField("bulkheadRejections", counters.getBulkheadRejections());
        json.writeNumberField("fallbacks", counters.getFallbacks());
        if (rule.circuitState().isPresent()) {
            json.writeStringField("circuitState", rule.circuitState().get());
        } else {
            json.writeNullField("circuitState");
        }
        json.writeArrayFieldStart("circuits");
        for (Map.Entry<String, String> circuit : rule.circuits().entrySet()) {
            json.writeStartObject();
            json.writeStringField("key", circuit.getKey());
            json.writeStringField("state", circuit.getValue());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeNumberField("circuitOpened", counters.getCircuitOpened());
        json.writeNumberField("circuitHalfOpened", counters.getCircuitHalfOpened());
        json.writeNumberField("circuitClosed", counters.getCircuitClosed());
        json.writeNumberField("circuitRejections", counters.getCircuitRejections());
        json.writeNumberField("slowCalls", counters.getSlowCalls());
        json.writeNumberField("modelCalls", counters.getModelCalls());
        json.writeNumberField("inputTokens", counters.getInputTokens());
        json.writeNumberField("outputTokens", counters.getOutputTokens());
        writeDollars(json, "costUsd", counters.getCostUsd());
        json.writeNumberField("savedInputTokens", counters.getSavedInputTokens());
        json.writeNumberField("savedOutputTokens", counters.getSavedOutputTokens());
        writeDollars(json, "savedCostUsd", counters.getSavedCostUsd());
        json.writeEndObject();
    }

    private static void writeDollars(JsonGenerator json, String field, double dollars) throws IOException {
        json.writeNumberField(field, BigDecimal.valueOf(dollars).setScale(DOLLAR_DECIMALS, RoundingMode.HALF_UP).stripTrailingZeros());
    }

    private static void writeStrings(JsonGenerator json, String field, List<String> values) throws IOException {
        json.writeArrayFieldStart(field);
        for (String value : values) {
            json.writeString(value);
        }
        json.writeEndArray();
    }
}
