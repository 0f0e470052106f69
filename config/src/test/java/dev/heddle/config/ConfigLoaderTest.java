package dev.heddle.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {

    private static final String ARCHITECTURE_EXAMPLE = """
            redis: redis://localhost:6379          # optional; without it everything stays in-process
            rules:
              - name: support-bot
                match: { type: com.example.SupportBot, method: answer }
                cache: { ttl: 1h, semantic: { threshold: 0.92 } }
                quota: per-user
                retry: { maxAttempts: 3, delay: 200ms, maxDelay: 5s }
                circuitBreaker: { failureThreshold: 5, openFor: 30s }
                timeout: 30s
                track: { event: support_question }
              - name: openai
                preset: openai-java
                cache: { ttl: 24h, semantic: {} }
            quotas:
              per-user:
                tiers:
                  free: { requests: 100/1h }
                  pro:  { requests: 10000/1h, tokens: 2000000/1d }
                users: { alice: pro }
                default: free
            """;

    private static HeddleConfig parse(String yaml) throws ConfigException {
        return ConfigLoader.parse(yaml, "heddle.yaml", name -> null);
    }

    private static RuleConfig onlyRule(String yaml) throws ConfigException {
        List<RuleConfig> rules = parse(yaml).rules();
        assertThat(rules).hasSize(1);
        return rules.get(0);
    }

    @Test
    void theArchitectureExampleReadsIntoTheModel() throws ConfigException {
        HeddleConfig config = parse(ARCHITECTURE_EXAMPLE);

        assertThat(config.source()).isEqualTo("heddle.yaml");
        assertThat(config.enabled()).isTrue();
        assertThat(config.redis()).contains(RedisConfig.of("redis://localhost:6379"));
        assertThat(config.rules()).extracting(RuleConfig::name).containsExactly("support-bot", "openai");

        RuleConfig supportBot = config.rules().get(0);
        assertThat(supportBot.enabled()).isTrue();
        assertThat(supportBot.match()).contains(new MatchConfig("com.example.SupportBot", "answer", Optional.empty()));
        assertThat(supportBot.preset()).isEmpty();
        assertThat(supportBot.cache()).contains(new CacheConfig(Duration.ofHours(1), CacheConfig.DEFAULT_MAX_ENTRIES,
                Optional.empty(), Optional.of(SemanticConfig.withThreshold(0.92))));
        assertThat(supportBot.quota()).contains("per-user");
        assertThat(supportBot.retry()).contains(new RetryConfig(3, Duration.ofMillis(200), Duration.ofSeconds(5)));
        assertThat(supportBot.circuitBreaker()).contains(new CircuitBreakerConfig(5, Duration.ofSeconds(30)));
        assertThat(supportBot.timeout()).contains(Duration.ofSeconds(30));
        assertThat(supportBot.track()).contains(new TrackConfig(Optional.of("support_question")));
        assertThat(supportBot.location()).isEqualTo(new Location("heddle.yaml", 3, 5));

        RuleConfig openai = config.rules().get(1);
        assertThat(openai.match()).isEmpty();
        assertThat(openai.preset()).contains("openai-java");
        assertThat(openai.cache()).contains(new CacheConfig(Duration.ofHours(24), CacheConfig.DEFAULT_MAX_ENTRIES,
                Optional.empty(), Optional.of(SemanticConfig.withThreshold(SemanticConfig.DEFAULT_THRESHOLD))));
        assertThat(openai.quota()).isEmpty();
        assertThat(openai.retry()).isEmpty();
        assertThat(openai.circuitBreaker()).isEmpty();
        assertThat(openai.timeout()).isEmpty();
        assertThat(openai.track()).isEmpty();
        assertThat(openai.location()).isEqualTo(new Location("heddle.yaml", 11, 5));

        QuotaConfig perUser = config.quotas().get("per-user");
        assertThat(perUser.name()).isEqualTo("per-user");
        assertThat(perUser.tiers()).containsExactly(
                Map.entry("free", new TierConfig(Optional.of(Rate.parse("100/1h")), Optional.empty())),
                Map.entry("pro", new TierConfig(Optional.of(Rate.parse("10000/1h")), Optional.of(Rate.parse("2000000/1d")))));
        assertThat(perUser.users()).containsExactly(Map.entry("alice", "pro"));
        assertThat(perUser.defaultTier()).isEqualTo("free");
    }

    @Test
    void anEmptyFileIsAValidEmptyConfiguration() throws ConfigException {
        HeddleConfig config = parse("");

        assertThat(config).isEqualTo(new HeddleConfig("heddle.yaml", true, Optional.empty(), List.of(), Map.of()));
    }

    @Test
    void aFileOfOnlyCommentsIsAValidEmptyConfiguration() throws ConfigException {
        HeddleConfig config = parse("# nothing yet\n\n# still nothing\n");

        assertThat(config.rules()).isEmpty();
        assertThat(config.quotas()).isEmpty();
    }

    @Test
    void sectionsLeftEmptyMeanNoRulesAndNoQuotas() throws ConfigException {
        HeddleConfig config = parse("rules:\nquotas:\n");

        assertThat(config.rules()).isEmpty();
        assertThat(config.quotas()).isEmpty();
    }

    @Test
    void enabledFalseSwitchesEverythingOff() throws ConfigException {
        assertThat(parse("enabled: false").enabled()).isFalse();
    }

    @Test
    void aRuleCanBeSwitchedOffWithoutRemovingIt() throws ConfigException {
        assertThat(onlyRule("rules:\n  - { name: a, preset: openai-java, enabled: false }").enabled()).isFalse();
    }

    @Test
    void cacheTrueMeansACacheWithAllDefaults() throws ConfigException {
        RuleConfig rule = onlyRule("rules:\n  - { name: a, preset: openai-java, cache: true }");

        assertThat(rule.cache()).contains(new CacheConfig(CacheConfig.DEFAULT_TTL, CacheConfig.DEFAULT_MAX_ENTRIES,
                Optional.empty(), Optional.empty()));
    }

    @Test
    void cacheFalseMeansNoCache() throws ConfigException {
        assertThat(onlyRule("rules:\n  - { name: a, preset: openai-java, cache: false }").cache()).isEmpty();
    }

    @Test
    void cacheKeysLeftOutTakeTheirDefaults() throws ConfigException {
        RuleConfig rule = onlyRule("rules:\n  - { name: a, preset: openai-java, cache: { maxEntries: 500, namespace: shared } }");

        assertThat(rule.cache()).contains(new CacheConfig(CacheConfig.DEFAULT_TTL, 500, Optional.of("shared"), Optional.empty()));
    }

    @Test
    void aKeyWithNoValueReadsAsAnEmptyMappingOfDefaults() throws ConfigException {
        RuleConfig rule = onlyRule("""
                rules:
                  - name: a
                    preset: openai-java
                    cache:
                      semantic:
                    retry:
                """);

        assertThat(rule.cache()).contains(new CacheConfig(CacheConfig.DEFAULT_TTL, CacheConfig.DEFAULT_MAX_ENTRIES,
                Optional.empty(), Optional.of(SemanticConfig.withThreshold(SemanticConfig.DEFAULT_THRESHOLD))));
        assertThat(rule.retry()).contains(RetryConfig.DEFAULTS);
    }

    @Test
    void retryAndCircuitBreakerKeysLeftOutTakeTheirDefaults() throws ConfigException {
        RuleConfig rule = onlyRule("rules:\n  - { name: a, preset: p, retry: { maxAttempts: 5 }, circuitBreaker: { openFor: 1m } }");

        assertThat(rule.retry()).contains(new RetryConfig(5, RetryConfig.DEFAULTS.delay(), RetryConfig.DEFAULTS.maxDelay()));
        assertThat(rule.circuitBreaker()).contains(
                new CircuitBreakerConfig(CircuitBreakerConfig.DEFAULTS.failureThreshold(), Duration.ofMinutes(1)));
    }

    @Test
    void aRetryDelayAboveTheDefaultMaxDelayRaisesTheDefaultCeilingToIt() throws ConfigException {
        RuleConfig rule = onlyRule("rules:\n  - { name: a, preset: p, retry: { delay: 10s } }");

        assertThat(rule.retry()).contains(new RetryConfig(3, Duration.ofSeconds(10), Duration.ofSeconds(10)));
    }

    @Test
    void trackTrueTracksUnderTheRuleName() throws ConfigException {
        assertThat(onlyRule("rules:\n  - { name: a, preset: p, track: true }").track())
                .contains(new TrackConfig(Optional.empty()));
    }

    @Test
    void matchMethodWithParameterTypesKeepsThemAsWrittenAndTrimmed() throws ConfigException {
        RuleConfig rule = onlyRule("rules:\n  - { name: a, match: { type: com.example.Bot, method: 'answer( java.lang.String ,int, byte[] )' } }");

        assertThat(rule.match()).contains(
                new MatchConfig("com.example.Bot", "answer", Optional.of(List.of("java.lang.String", "int", "byte[]"))));
    }

    @Test
    void matchMethodWithEmptyParenthesesMeansNoParameters() throws ConfigException {
        RuleConfig rule = onlyRule("rules:\n  - { name: a, match: { type: com.example.Bot, method: answer() } }");

        assertThat(rule.match()).contains(new MatchConfig("com.example.Bot", "answer", Optional.of(List.of())));
    }

    @Test
    void matchAcceptsNestedClassBinaryNamesAndSimpleJavaLangNames() throws ConfigException {
        RuleConfig rule = onlyRule("rules:\n  - { name: a, match: { type: com.example.Outer$Bot, method: 'ask(String, java.util.List)' } }");

        assertThat(rule.match()).contains(
                new MatchConfig("com.example.Outer$Bot", "ask", Optional.of(List.of("String", "java.util.List"))));
    }

    @Test
    void aRuleMayHaveBothMatchAndPreset() throws ConfigException {
        RuleConfig rule = onlyRule("rules:\n  - { name: a, preset: openai-java, match: { type: com.example.Bot, method: ask } }");

        assertThat(rule.preset()).contains("openai-java");
        assertThat(rule.match()).isPresent();
    }

    @Test
    void aQuotaWithOneTierDefaultsToIt() throws ConfigException {
        HeddleConfig config = parse("quotas:\n  q:\n    tiers:\n      only: { tokens: 5000/1d }\n");

        assertThat(config.quotas().get("q").defaultTier()).isEqualTo("only");
        assertThat(config.quotas().get("q").users()).isEmpty();
    }

    @Test
    void aTierWrittenUnlimitedHasNoLimits() throws ConfigException {
        HeddleConfig config = parse("quotas:\n  q:\n    tiers: { free: { requests: 10/1m }, staff: unlimited }\n    default: free\n");

        assertThat(config.quotas().get("q").tiers().get("staff")).isEqualTo(TierConfig.UNLIMITED);
    }

    @Test
    void quotasAndRulesKeepFileOrder() throws ConfigException {
        HeddleConfig config = parse("""
                quotas:
                  zeta: { tiers: { t: unlimited } }
                  alpha: { tiers: { t: unlimited } }
                  mid: { tiers: { t: unlimited } }
                rules:
                  - { name: z, preset: p }
                  - { name: a, preset: p }
                """);

        assertThat(config.quotas().keySet()).containsExactly("zeta", "alpha", "mid");
        assertThat(config.rules()).extracting(RuleConfig::name).containsExactly("z", "a");
    }

    @Test
    void quotedScalarsConvertLikePlainOnes() throws ConfigException {
        RuleConfig rule = onlyRule("rules:\n  - { name: a, preset: p, enabled: 'true', timeout: \"5s\", retry: { maxAttempts: '2' } }");

        assertThat(rule.timeout()).contains(Duration.ofSeconds(5));
        assertThat(rule.retry().orElseThrow().maxAttempts()).isEqualTo(2);
    }

    @Test
    void anEmptyRedisValueMeansNoRedis() throws ConfigException {
        assertThat(parse("redis: ''").redis()).isEmpty();
        assertThat(parse("redis:").redis()).isEmpty();
    }

    @Test
    void theTwoArgumentParseReadsTheProcessEnvironment() throws ConfigException {
        String path = System.getenv("PATH");

        HeddleConfig config = ConfigLoader.parse("rules:\n  - { name: '${PATH}', preset: p }", "inline");

        assertThat(config.rules().get(0).name()).isEqualTo(path.strip());
    }

    @Test
    void aliasesMayShareAPolicyBetweenRules() throws ConfigException {
        HeddleConfig config = parse("""
                rules:
                  - { name: a, preset: p, retry: &standard { maxAttempts: 4 } }
                  - { name: b, preset: p, retry: *standard }
                """);

        assertThat(config.rules()).allSatisfy(rule -> assertThat(rule.retry().orElseThrow().maxAttempts()).isEqualTo(4));
    }
}
