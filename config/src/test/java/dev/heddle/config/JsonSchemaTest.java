package dev.heddle.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import java.io.IOException;
import java.lang.reflect.Field;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * {@code docs/heddle.schema.json}, the JSON Schema editors use for {@code heddle.yaml}: it accepts
 * every example, rejects the structural mistakes of the broken samples, and names exactly the keys
 * the readers accept, so that it cannot fall behind them unnoticed.
 */
class JsonSchemaTest {

    /** Surefire runs in the module's folder; the schema is published with the docs. */
    private static final Path SCHEMA = Path.of("..", "docs", "heddle.schema.json");

    private static Schema schema;
    private static JsonNode schemaTree;

    @BeforeAll
    static void readSchema() throws IOException {
        schemaTree = new ObjectMapper().readTree(SCHEMA.toFile());
        SchemaRegistryConfig jsonPointers = SchemaRegistryConfig.builder().pathType(PathType.JSON_POINTER).build();
        schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                registry -> registry.schemaRegistryConfig(jsonPointers)).getSchema(schemaTree);
    }

    static List<Path> examples() {
        return SampleConfigs.examples();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void everyExampleIsValid(Path example) {
        assertThat(errors(SampleConfigs.read(example))).isEmpty();
    }

    /** Broken samples whose mistakes are of shape or type, and where in the document the schema must find one. */
    static Stream<Arguments> structurallyBroken() {
        return Stream.of(
                Arguments.of("unknown-keys.yaml", List.of("/enabeld", "/rules/0/Timeout", "/rules/0/cache/tll",
                        "/rules/0/retry/maxAttempt", "/rules/0/circuitBreaker/failureTreshold")),
                Arguments.of("wrong-types.yaml", List.of("/enabled", "/rules/0/match", "/rules/0/cache",
                        "/rules/0/retry/maxAttempts", "/rules/0/bulkhead", "/quotas", "/prices/gpt-4o-mini")),
                Arguments.of("bad-durations.yaml", List.of("/rules/0/cache/ttl", "/rules/0/timeout", "/rules/0/retry/delay",
                        "/rules/0/circuitBreaker/openFor", "/rules/1/bulkhead/maxWait")),
                Arguments.of("bad-rates.yaml", List.of("/quotas/per-user/tiers/free/requests",
                        "/quotas/per-user/tiers/basic/tokens", "/quotas/per-user/tiers/pro/cost",
                        "/quotas/per-user/tiers/team/requests/algorithm", "/quotas/per-user/tiers/empty")),
                Arguments.of("circuit-breaker-conflicts.yaml", List.of("/rules/0/circuitBreaker", "/rules/1/circuitBreaker",
                        "/rules/2/circuitBreaker/failureRate", "/rules/2/circuitBreaker/per")),
                Arguments.of("bad-user-paths.yaml", List.of("/rules/0/user", "/rules/1/user", "/rules/2/user",
                        "/rules/3/user/argment")),
                Arguments.of("fallback-without-cache.yaml", List.of("/rules/0", "/rules/1/fallback", "/rules/2/fallback/method")),
                Arguments.of("tracking-mistakes.yaml", List.of("/telemetry/exporter", "/telemetry/metricInterval",
                        "/analytics/maxFileSize", "/rules/0/track/properties/answer", "/experiments/0/variants/1/rule/preset",
                        "/experiments/0/variants/1/rule/cache")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("structurallyBroken")
    void structuralMistakesBreakTheSchemaWhereTheyAre(String file, List<String> mistakes) {
        Path broken = SampleConfigs.broken().stream().filter(path -> path.getFileName().toString().equals(file)).findFirst()
                .orElseThrow();

        Set<String> locations = new HashSet<>();
        for (Error error : errors(SampleConfigs.read(broken))) {
            locations.add(pointer(error));
        }

        assertThat(locations).containsAll(mistakes);
    }

    @Test
    void theStatusEndpointNeedsAPortFrom0To65535() {
        assertThat(errors("status: { port: 9464 }")).isEmpty();
        assertThat(errors("status: { port: 0 }")).as("0 asks for any free port").isEmpty();
        assertThat(errors("status: { port: 65536 }")).extracting(JsonSchemaTest::pointer).contains("/status/port");
        assertThat(errors("status: { prot: 9464 }")).extracting(JsonSchemaTest::pointer).contains("/status/prot");
        assertThat(errors("status: {}")).extracting(JsonSchemaTest::pointer).contains("/status");
    }

    @Test
    void theStatusEndpointMayBindAnAddressWithAToken() {
        assertThat(errors("status: { port: 9464, bind: 0.0.0.0, token: \"${HEDDLE_STATUS_TOKEN}\" }")).isEmpty();
        assertThat(errors("status: { port: 9464, bind: 7 }")).extracting(JsonSchemaTest::pointer).contains("/status/bind");
    }

    @Test
    void telemetryNeedsAKnownExporterAndAnHttpEndpoint() {
        assertThat(errors("telemetry: { exporter: otlp, endpoint: 'http://127.0.0.1:4318', headers: { x-api-key: abc } }")).isEmpty();
        assertThat(errors("telemetry: { exporter: console }")).isEmpty();
        assertThat(errors("telemetry: { exporter: otpl }")).extracting(JsonSchemaTest::pointer).contains("/telemetry/exporter");
        assertThat(errors("telemetry: { exporter: otlp, endpoint: '127.0.0.1:4318' }")).extracting(JsonSchemaTest::pointer)
                .contains("/telemetry/endpoint");
        assertThat(errors("telemetry: { exporter: prometheus, prometheus: { port: 65536 } }")).extracting(JsonSchemaTest::pointer)
                .contains("/telemetry/prometheus/port");
        assertThat(errors("telemetry: { endpoint: 'http://127.0.0.1:4318' }")).extracting(JsonSchemaTest::pointer).contains("/telemetry");
    }

    @Test
    void analyticsTakesABooleanOrSizesAndAClickhouseTable() {
        assertThat(errors("analytics: true")).isEmpty();
        assertThat(errors("analytics: { directory: false, maxFileSize: 512KB, clickhouse: { url: 'http://ch:8123', table: db.events } }"))
                .isEmpty();
        assertThat(errors("analytics: { maxFileSize: 64mb }")).extracting(JsonSchemaTest::pointer).contains("/analytics/maxFileSize");
        assertThat(errors("analytics: { directory: true }")).extracting(JsonSchemaTest::pointer).contains("/analytics/directory");
        assertThat(errors("analytics: { clickhouse: { url: 'http://ch:8123', table: heddle-events } }"))
                .extracting(JsonSchemaTest::pointer).contains("/analytics/clickhouse/table");
        assertThat(errors("analytics: { clickhouse: { table: t } }")).extracting(JsonSchemaTest::pointer).contains("/analytics/clickhouse");
    }

    @Test
    void anExperimentNeedsTwoVariantsWhoseRuleCannotChangeWhichRuleItIs() {
        String experiment = "experiments:\n  - name: x\n    coverage: 50%\n    population: all\n    variants:\n"
                + "      - { name: a, weight: 0.5 }\n      - { name: b, weight: '50%', rule: { cache: null, retry: { maxAttempts: 2 } } }\n";
        assertThat(errors(experiment)).isEmpty();
        assertThat(errors("experiments:\n  - { name: x, variants: [{ name: a }] }")).extracting(JsonSchemaTest::pointer)
                .contains("/experiments/0/variants");
        assertThat(errors("experiments:\n  - { name: x, coverage: 1.5, variants: [{ name: a }, { name: b }] }"))
                .extracting(JsonSchemaTest::pointer).contains("/experiments/0/coverage");
        assertThat(errors("experiments:\n  - { name: x, variants: [{ name: a }, { name: b, rule: { match: {} } }] }"))
                .extracting(JsonSchemaTest::pointer).contains("/experiments/0/variants/1/rule/match");
    }

    @Test
    void trackPropertiesAreArgumentPathsOrTheReturnValue() {
        String rule = "rules:\n  - { name: a, preset: openai-java, track: { properties: { q: %s } } }";
        assertThat(errors(rule.formatted("arg0.customer.id"))).isEmpty();
        assertThat(errors(rule.formatted("return.text"))).isEmpty();
        assertThat(errors(rule.formatted("result"))).extracting(JsonSchemaTest::pointer).contains("/rules/0/track/properties/q");
    }

    @Test
    void aValueFromTheEnvironmentIsLeftToHeddleToJudge() {
        assertThat(errors("rules:\n  - { name: bot, preset: openai-java, timeout: \"${BOT_TIMEOUT:30s}\","
                + " retry: { maxAttempts: \"${BOT_ATTEMPTS}\" } }\n")).isEmpty();
    }

    @Test
    void maxWaitNeedsOnRefusalWait() {
        String quota = "quotas:\n  q:\n    tiers: { free: { requests: 1/1s } }\n    maxWait: 1s\n";

        assertThat(errors(quota)).isNotEmpty();
        assertThat(errors(quota + "    onRefusal: wait\n")).isEmpty();
    }

    /** Each mapping the schema describes, by JSON pointer into the schema, and the reader's list of the keys it accepts. */
    static Stream<Arguments> readerKeys() {
        return Stream.of(
                Arguments.of("", ConfigReader.class, "KEYS"),
                Arguments.of("/$defs/price", ConfigReader.class, "PRICE_KEYS"),
                Arguments.of("/$defs/rule", RuleReader.class, "KEYS"),
                Arguments.of("/$defs/match", MatchReader.class, "KEYS"),
                Arguments.of("/$defs/cache", CacheReader.class, "KEYS"),
                Arguments.of("/$defs/cache/anyOf/1/properties/semantic", CacheReader.class, "SEMANTIC_KEYS"),
                Arguments.of("/$defs/cache/anyOf/1/properties/semantic/properties/embedder/anyOf/1", EmbedderReader.class, "KEYS"),
                Arguments.of("/$defs/retry", PolicyReader.class, "RETRY_KEYS"),
                Arguments.of("/$defs/circuitBreaker", PolicyReader.class, "CIRCUIT_BREAKER_KEYS"),
                Arguments.of("/$defs/bulkhead", PolicyReader.class, "BULKHEAD_KEYS"),
                Arguments.of("/$defs/fallback", PolicyReader.class, "FALLBACK_KEYS"),
                Arguments.of("/$defs/track", PolicyReader.class, "TRACK_KEYS"),
                Arguments.of("/$defs/user", UserReader.class, "KEYS"),
                Arguments.of("/$defs/redis", RedisReader.class, "KEYS"),
                Arguments.of("/$defs/quota", QuotaReader.class, "KEYS"),
                Arguments.of("/$defs/quota/properties/adaptive", QuotaReader.class, "ADAPTIVE_KEYS"),
                Arguments.of("/$defs/tier", TierReader.class, "KEYS"),
                Arguments.of("/$defs/limit", TierReader.class, "LIMIT_KEYS"),
                Arguments.of("/$defs/status", StatusReader.class, "KEYS"),
                Arguments.of("/$defs/telemetry", TelemetryReader.class, "KEYS"),
                Arguments.of("/$defs/telemetry/properties/prometheus", TelemetryReader.class, "PROMETHEUS_KEYS"),
                Arguments.of("/$defs/analytics", AnalyticsReader.class, "KEYS"),
                Arguments.of("/$defs/clickhouse", AnalyticsReader.class, "CLICKHOUSE_KEYS"),
                Arguments.of("/$defs/experiment", ExperimentReader.class, "KEYS"),
                Arguments.of("/$defs/experiment/properties/population", ExperimentReader.class, "POPULATION_KEYS"),
                Arguments.of("/$defs/variant", VariantReader.class, "KEYS"),
                Arguments.of("/$defs/variantRule", VariantReader.class, "RULE_KEYS"),
                Arguments.of("/$defs/http", HttpReader.class, "KEYS"),
                Arguments.of("/$defs/httpRoute", HttpReader.class, "ROUTE_KEYS"),
                Arguments.of("/$defs/httpCache", HttpReader.class, "CACHE_KEYS"));
    }

    @ParameterizedTest(name = "{1}.{2} at \"{0}\"")
    @MethodSource("readerKeys")
    void theSchemaNamesExactlyTheKeysTheReaderAccepts(String schemaPointer, Class<?> reader, String keysField)
            throws ReflectiveOperationException {
        Field field = reader.getDeclaredField(keysField);
        field.setAccessible(true);
        List<String> accepted = castToStrings(field.get(null));

        assertThat(propertyNames(schemaTree.at(schemaPointer))).containsExactlyInAnyOrderElementsOf(accepted);
    }

    private static List<Error> errors(String yaml) {
        return schema.validate(toJson(new Load(LoadSettings.builder().build()).loadFromString(yaml)));
    }

    /** Where the error is, as a JSON pointer; an unknown key is located at the key itself. */
    private static String pointer(Error error) {
        String location = error.getInstanceLocation().toString();
        return "additionalProperties".equals(error.getKeyword()) ? location + "/" + error.getProperty() : location;
    }

    /** The mapping's keys, from {@code properties} or, for a value that may also be a scalar, from its one mapping alternative. */
    private static Set<String> propertyNames(JsonNode schemaNode) {
        List<JsonNode> candidates = new ArrayList<>();
        candidates.add(schemaNode);
        schemaNode.path("anyOf").forEach(candidates::add);
        for (JsonNode candidate : candidates) {
            if (candidate.has("properties")) {
                Set<String> names = new LinkedHashSet<>();
                candidate.get("properties").fieldNames().forEachRemaining(names::add);
                return names;
            }
        }
        throw new AssertionError("no mapping in " + schemaNode);
    }

    @SuppressWarnings("unchecked")
    private static List<String> castToStrings(Object keys) {
        return (List<String>) keys;
    }

    /** YAML as snakeyaml-engine loads it (YAML 1.2 core types, as editors read it), as a JSON tree. */
    private static JsonNode toJson(Object yaml) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        if (yaml == null) return json.nullNode();
        if (yaml instanceof Map<?, ?> map) {
            ObjectNode object = json.objectNode();
            map.forEach((key, value) -> object.set(String.valueOf(key), toJson(value)));
            return object;
        }
        if (yaml instanceof List<?> list) {
            ArrayNode array = json.arrayNode();
            list.forEach(element -> array.add(toJson(element)));
            return array;
        }
        if (yaml instanceof Boolean bool) return json.booleanNode(bool);
        if (yaml instanceof Integer || yaml instanceof Long) return json.numberNode(((Number) yaml).longValue());
        if (yaml instanceof BigInteger big) return json.numberNode(big);
        if (yaml instanceof Double number) return json.numberNode(number);
        return json.textNode(String.valueOf(yaml));
    }
}
