package dev.heddle.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heddle.bootstrap.Answer;
import dev.heddle.config.CacheConfig;
import dev.heddle.config.ConfigLoader;
import dev.heddle.pipeline.CallPipeline;
import dev.heddle.pipeline.Registry;
import dev.heddle.pipeline.WovenMethod;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StatusReportTest {

    private static final Instant NOW = Instant.parse("2026-01-15T10:00:00Z");
    private static final String ASK = Assistant.class.getName() + ":ask(Ljava/lang/String;)Ljava/lang/String;";
    private static final String SUMMARIZE = Assistant.class.getName() + ":summarize(Ljava/lang/String;)Ljava/lang/String;";
    private static final String TRANSLATE = Assistant.class.getName() + ":translate(Ljava/lang/String;)Ljava/lang/String;";

    private static final String RULES = """
            rules:
              - name: assistant
                match: { type: %1$s, method: ask }
                cache: { ttl: 1h }
              - name: fragile
                match: { type: %1$s, method: summarize }
                circuitBreaker: { failureThreshold: 2, openFor: 1h }
            """.formatted(Assistant.class.getName());

    /** An app's class: answers are cached, summaries always fail. */
    static final class Assistant {
        String ask(String question) {
            return "answer to " + question;
        }

        String summarize(String text) throws IOException {
            throw new IOException("503 Service Unavailable");
        }

        String translate(String text) {
            return text;
        }
    }

    private final Assistant assistant = new Assistant();

    private static Registry registry(String yaml) throws Exception {
        Registry registry = new Registry(ConfigLoader.parse(yaml, "heddle.yaml"));
        registry.register(new WovenMethod(ASK, List.of("assistant"), Optional.empty()));
        registry.register(new WovenMethod(SUMMARIZE, List.of("fragile"), Optional.empty()));
        return registry;
    }

    /** What woven code does: enter; on a miss the method runs and exit stores its answer. */
    private void ask(CallPipeline pipeline, String question) {
        Object token = pipeline.enter(ASK, Assistant.class, assistant, new Object[] {question});
        if (!(token instanceof Answer)) pipeline.exit(token, assistant.ask(question), null);
    }

    private void summarize(CallPipeline pipeline) {
        pipeline.enter(SUMMARIZE, Assistant.class, assistant, new Object[] {"text"});
    }

    private static RuleReport rule(StatusReport report, String name) {
        return report.rules().stream().filter(rule -> rule.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no rule " + name + " in " + report.rules()));
    }

    @Test
    void cacheCallsAreHitsPlusMisses() throws Exception {
        Registry registry = registry(RULES);
        CallPipeline pipeline = new CallPipeline(registry);
        ask(pipeline, "what is a heddle?");
        ask(pipeline, "what is a heddle?");
        ask(pipeline, "what is a heddle?");
        ask(pipeline, "what is a loom?");

        RuleReport assistantRule = rule(StatusReport.of(registry, NOW), "assistant");

        assertThat(assistantRule.counters().getCacheHits()).isEqualTo(2);
        assertThat(assistantRule.counters().getCacheMisses()).isEqualTo(2);
        assertThat(assistantRule.calls()).isEqualTo(4);
        assertThat(assistantRule.wovenMethods()).containsExactly(ASK);
        assertThat(assistantRule.annotation()).isFalse();
        assertThat(assistantRule.circuitState()).as("no circuit breaker").isEmpty();
    }

    @Test
    void aRuleWithABreakerReadsClosedBeforeItsFirstCallAndOpenAfterEnoughFailures() throws Exception {
        Registry registry = registry(RULES);
        CallPipeline pipeline = new CallPipeline(registry);

        assertThat(rule(StatusReport.of(registry, NOW), "fragile").circuitState()).contains("closed");

        summarize(pipeline);
        summarize(pipeline);
        summarize(pipeline);
        RuleReport fragile = rule(StatusReport.of(registry, NOW), "fragile");

        assertThat(fragile.circuitState()).contains("open");
        assertThat(fragile.circuits()).containsExactly(Map.entry("", "open"));
        assertThat(fragile.calls()).as("first attempts; the third call was refused before any attempt").isEqualTo(2);
        assertThat(fragile.counters().getCircuitRejections()).isEqualTo(1);
    }

    @Test
    void aMethodWhoseRuleIsSwitchedOffIsListedAsPassingThrough() throws Exception {
        Registry registry = registry(RULES);
        registry.apply(ConfigLoader.parse(RULES.replace("name: fragile", "name: fragile\n    enabled: false"), "heddle.yaml"));

        StatusReport report = StatusReport.of(registry, NOW);

        assertThat(report.rules()).extracting(RuleReport::name).containsExactly("assistant");
        assertThat(report.passThroughMethods()).containsExactly(SUMMARIZE);
        assertThat(report.configVersion()).isEqualTo(2);
    }

    @Test
    void rulesComeBeforeAnnotatedMethods() throws Exception {
        Registry registry = registry(RULES);
        CacheConfig annotation = new CacheConfig(Duration.ofMinutes(5), CacheConfig.DEFAULT_MAX_ENTRIES, Optional.empty(),
                Optional.empty());
        registry.register(new WovenMethod(TRANSLATE, List.of(), Optional.of(annotation)));

        StatusReport report = StatusReport.of(registry, NOW);

        assertThat(report.rules()).extracting(RuleReport::name).containsExactly("assistant", "fragile", "@Cached " + TRANSLATE);
        assertThat(report.rules().get(2).annotation()).isTrue();
    }

    @Test
    void theReportCarriesTheConfigurationAndItsLastReload() throws Exception {
        Registry registry = registry(RULES);
        registry.rejected(List.of("heddle.yaml:3:5: rules[0].cache.ttl: expected a duration such as 30s, but found 'soon'"));

        StatusReport report = StatusReport.of(registry, NOW);

        assertThat(report.at()).isEqualTo(NOW);
        assertThat(report.configSource()).isEqualTo("heddle.yaml");
        assertThat(report.configVersion()).isEqualTo(1);
        assertThat(report.lastReload().applied()).isFalse();
        assertThat(report.lastReload().problems()).singleElement().asString().contains("rules[0].cache.ttl");
    }

    @Test
    void withoutRedisQuotasCountInProcess() throws Exception {
        assertThat(StatusReport.of(registry(RULES), NOW).redis())
                .isEqualTo(new RedisState(RedisState.NONE, "none (quotas count in this process)", 0));
    }

    @Test
    void redisThatNoQuotaHasNeededIsUnused() throws Exception {
        Registry registry = registry("redis: redis://localhost:6379\n" + RULES);

        assertThat(StatusReport.of(registry, NOW).redis().state()).isEqualTo(RedisState.UNUSED);
    }
}
