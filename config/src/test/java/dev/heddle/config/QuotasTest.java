package dev.heddle.config;

import static dev.heddle.config.ParseFailures.ENVIRONMENT;
import static dev.heddle.config.ParseFailures.at;
import static dev.heddle.config.ParseFailures.onlyProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Quotas with several limits, algorithms and costs; what a refused call does; Redis as a mapping; a rule's {@code user}. */
class QuotasTest {

    private static final String PER_USER = """
            quotas:
              per-user:
                tiers:
                  free: { requests: 100/1h }
                  basic: { requests: [20/1m, 1000/1d], tokens: 200000/1d }
                  pro: { requests: { rate: 10000/1h, algorithm: token-bucket }, cost: 50/1d }
                  team: { cost: [0.50/1h, 5.25/1d] }
                  enterprise: unlimited
                users: { alice: pro }
                default: free
                resolver: com.example.TierLookup
                onRefusal: wait
                maxWait: 2s
            """;

    private static HeddleConfig parse(String yaml) throws ConfigException {
        return ConfigLoader.parse(yaml, ParseFailures.SOURCE, ENVIRONMENT::get);
    }

    private static TierConfig onlyTier(String tier) throws ConfigException {
        return parse("quotas:\n  q:\n    tiers:\n      t: " + tier + "\n").quotas().get("q").tiers().get("t");
    }

    private static RuleConfig ruleWith(String keys) throws ConfigException {
        return parse("rules:\n  - { name: bot, match: { type: com.example.Bot, method: answer }, " + keys + " }\n").rules().get(0);
    }

    private static LimitConfig slidingWindow(String rate) {
        return LimitConfig.slidingWindow(Rate.parse(rate));
    }

    @Test
    void theWholeQuotaExampleReadsIntoTheModel() throws ConfigException {
        QuotaConfig quota = parse(PER_USER).quotas().get("per-user");

        assertThat(quota.tiers().keySet()).containsExactly("free", "basic", "pro", "team", "enterprise");
        assertThat(quota.tiers().get("free")).isEqualTo(new TierConfig(List.of(slidingWindow("100/1h")), List.of(), List.of()));
        assertThat(quota.tiers().get("enterprise")).isEqualTo(TierConfig.UNLIMITED);
        assertThat(quota.users()).containsExactly(Map.entry("alice", "pro"));
        assertThat(quota.defaultTier()).isEqualTo("free");
        assertThat(quota.resolver()).contains("com.example.TierLookup");
        assertThat(quota.onRefusal()).isEqualTo(RefusalAction.WAIT);
        assertThat(quota.maxWait()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void aTierCanHaveSeveralLimitsAndEveryOneApplies() throws ConfigException {
        TierConfig basic = parse(PER_USER).quotas().get("per-user").tiers().get("basic");

        assertThat(basic.requests()).containsExactly(slidingWindow("20/1m"), slidingWindow("1000/1d"));
        assertThat(basic.tokens()).containsExactly(slidingWindow("200000/1d"));
        assertThat(basic.cost()).isEmpty();
    }

    @Test
    void aTokenBucketLimitIsWrittenAsAMapping() throws ConfigException {
        TierConfig pro = parse(PER_USER).quotas().get("per-user").tiers().get("pro");

        assertThat(pro.requests()).containsExactly(new LimitConfig(Rate.parse("10000/1h"), LimitAlgorithm.TOKEN_BUCKET));
    }

    @Test
    void aLimitMappingWithoutAnAlgorithmIsASlidingWindow() throws ConfigException {
        assertThat(onlyTier("{ tokens: { rate: 5000/1d } }").tokens()).containsExactly(slidingWindow("5000/1d"));
    }

    @Test
    void aListOfLimitsMayMixRatesAndMappings() throws ConfigException {
        TierConfig tier = onlyTier("{ tokens: [1000/1m, { rate: 50000/1d, algorithm: sliding-window }, { rate: 9/1s, algorithm: token-bucket }] }");

        assertThat(tier.tokens()).containsExactly(slidingWindow("1000/1m"), slidingWindow("50000/1d"),
                new LimitConfig(Rate.parse("9/1s"), LimitAlgorithm.TOKEN_BUCKET));
    }

    @Test
    void costIsReadInMicroDollars() throws ConfigException {
        Map<String, TierConfig> tiers = parse(PER_USER).quotas().get("per-user").tiers();

        assertThat(tiers.get("pro").cost()).containsExactly(new CostLimitConfig(50_000_000L, Duration.ofDays(1)));
        assertThat(tiers.get("team").cost()).containsExactly(
                new CostLimitConfig(500_000L, Duration.ofHours(1)), new CostLimitConfig(5_250_000L, Duration.ofDays(1)));
    }

    @Test
    void aCostMayStartWithADollarSignAndBeExactToTheMicroDollar() throws ConfigException {
        assertThat(onlyTier("{ cost: $5/1d }").cost()).containsExactly(new CostLimitConfig(5_000_000L, Duration.ofDays(1)));
        assertThat(onlyTier("{ cost: 0.000001/h }").cost()).containsExactly(new CostLimitConfig(1L, Duration.ofHours(1)));
        assertThat(onlyTier("{ cost: '$1_000.5/30d' }").cost())
                .containsExactly(new CostLimitConfig(1_000_500_000L, Duration.ofDays(30)));
    }

    @Test
    void aCostWithMoreThanSixDecimalsIsAnErrorNotARoundedLimit() {
        ConfigProblem problem = onlyProblem("quotas:\n  q: { tiers: { t: { cost: 0.0000001/1d } } }\n");

        assertThat(problem.location()).isEqualTo(at(2, 28));
        assertThat(problem.message()).isEqualTo("quotas.q.tiers.t.cost: expected a cost such as 5/1d or $0.50/1h (US dollars/window), "
                + "but found '0.0000001/1d'; a cost has at most 6 decimals (a micro-dollar)");
    }

    @Test
    void aCostOfZeroOrWithoutAWindowIsAnError() {
        List<ConfigProblem> problems = ParseFailures.problems("quotas:\n  q:\n    tiers:\n      a: { cost: 0/1d }\n"
                + "      b: { cost: 5 }\n      c: { cost: 5/0d }\n      d: { cost: five/1d }\n    default: a\n");

        assertThat(problems).extracting(ConfigProblem::location).containsExactly(at(4, 18), at(5, 18), at(6, 18), at(7, 18));
        assertThat(problems.get(0).message()).endsWith("but found '0/1d'; the amount must be more than 0");
        assertThat(problems.get(1).message()).isEqualTo(
                "quotas.q.tiers.b.cost: expected a cost such as 5/1d or $0.50/1h (US dollars/window), but found '5'");
        assertThat(problems.get(2).message()).endsWith("but found '5/0d'; the window must be a positive duration such as 1h or 1d");
        assertThat(problems.get(3).message()).endsWith("but found 'five/1d'");
    }

    @Test
    void twoLimitsWithTheSameWindowAreAnErrorBecauseTheyWouldShareACounter() {
        ConfigProblem problem = onlyProblem("""
                quotas:
                  q:
                    tiers:
                      t: { requests: [100/1h, { rate: 500/60m, algorithm: token-bucket }] }
                """);

        assertThat(problem.location()).isEqualTo(at(4, 31));
        assertThat(problem.message()).isEqualTo("quotas.q.tiers.t.requests[1]: another limit with the window 1h is already given "
                + "at line 4, column 23; both would count in the same counter, so keep one");
    }

    @Test
    void twoCostsWithTheSameWindowAreAnError() {
        ConfigProblem problem = onlyProblem("quotas:\n  q: { tiers: { t: { cost: [1/1d, 2/24h] } } }\n");

        assertThat(problem.location()).isEqualTo(at(2, 35));
        assertThat(problem.message()).startsWith("quotas.q.tiers.t.cost[1]: another limit with the window 1d");
    }

    @Test
    void anEmptyListOfLimitsIsAnError() {
        ConfigProblem problem = onlyProblem("quotas:\n  q: { tiers: { t: { requests: [] } } }\n");

        assertThat(problem.location()).isEqualTo(at(2, 32));
        assertThat(problem.message()).isEqualTo("quotas.q.tiers.t.requests: expected at least one limit in the list, such as [20/1m, 1000/1d]");
    }

    @Test
    void anUnknownAlgorithmIsAnErrorWithASuggestion() {
        ConfigProblem problem = onlyProblem("quotas:\n  q: { tiers: { t: { requests: { rate: 5/1s, algorithm: token_bucket } } } }\n");

        assertThat(problem.location()).isEqualTo(at(2, 57));
        assertThat(problem.message()).isEqualTo("quotas.q.tiers.t.requests.algorithm: unknown algorithm 'token_bucket'; "
                + "did you mean 'token-bucket'?");
    }

    @Test
    void aLimitMappingWithoutARateOrWithAnUnknownKeyIsAnError() {
        List<ConfigProblem> problems = ParseFailures.problems("quotas:\n  q: { tiers: { t: { tokens: { algorithm: token-bucket, burst: 10 } } } }\n");

        assertThat(problems).extracting(ConfigProblem::message).containsExactly(
                "quotas.q.tiers.t.tokens: 'rate' is required: a rate such as 100/1h",
                "quotas.q.tiers.t.tokens: unknown key 'burst'; expected one of: rate, algorithm");
    }

    @Test
    void aListInsideAListOfLimitsIsAnError() {
        ConfigProblem problem = onlyProblem("quotas:\n  q: { tiers: { t: { requests: [[1/1s]] } } }\n");

        assertThat(problem.message()).isEqualTo("quotas.q.tiers.t.requests[0]: expected a rate such as 100/1h or a mapping such as "
                + "{ rate: 100/1h, algorithm: token-bucket }, but found a list");
    }

    @Test
    void aQuotaWithoutRefusalSettingsThrowsAndHasNoResolver() throws ConfigException {
        QuotaConfig quota = parse("quotas:\n  q: { tiers: { free: { requests: 1/1s } } }\n").quotas().get("q");

        assertThat(quota).isEqualTo(new QuotaConfig("q", quota.tiers(), Map.of(), "free"));
        assertThat(quota.onRefusal()).isEqualTo(RefusalAction.THROW);
        assertThat(quota.resolver()).isEmpty();
        assertThat(quota.maxWait()).isEqualTo(QuotaConfig.DEFAULT_MAX_WAIT);
    }

    @Test
    void onRefusalWaitWithoutMaxWaitWaitsTheDefault() throws ConfigException {
        QuotaConfig quota = parse("quotas:\n  q: { tiers: { t: unlimited }, onRefusal: wait }\n").quotas().get("q");

        assertThat(quota.maxWait()).isEqualTo(QuotaConfig.DEFAULT_MAX_WAIT);
    }

    @Test
    void onRefusalFallbackIsRead() throws ConfigException {
        assertThat(parse("quotas:\n  q: { tiers: { t: unlimited }, onRefusal: fallback }\n").quotas().get("q").onRefusal())
                .isEqualTo(RefusalAction.FALLBACK);
    }

    @Test
    void anUnknownRefusalActionIsAnErrorWithASuggestion() {
        ConfigProblem problem = onlyProblem("quotas:\n  q:\n    tiers: { t: unlimited }\n    onRefusal: wiat\n");

        assertThat(problem.location()).isEqualTo(at(4, 16));
        assertThat(problem.message()).isEqualTo("quotas.q.onRefusal: unknown refusal action 'wiat'; did you mean 'wait'?");
    }

    @Test
    void maxWaitWithAnyRefusalButWaitIsAnError() {
        List<ConfigProblem> problems = ParseFailures.problems("""
                quotas:
                  a: { tiers: { t: unlimited }, maxWait: 2s }
                  b: { tiers: { t: unlimited }, onRefusal: fallback, maxWait: 2s }
                """);

        assertThat(problems).extracting(ConfigProblem::location).containsExactly(at(2, 42), at(3, 63));
        assertThat(problems).extracting(ConfigProblem::message).containsExactly(
                "quotas.a.maxWait: maxWait applies to onRefusal: wait, but this quota's onRefusal is throw; "
                        + "add onRefusal: wait or remove maxWait",
                "quotas.b.maxWait: maxWait applies to onRefusal: wait, but this quota's onRefusal is fallback; "
                        + "add onRefusal: wait or remove maxWait");
    }

    @Test
    void aZeroMaxWaitIsAnError() {
        ConfigProblem problem = onlyProblem("quotas:\n  q: { tiers: { t: unlimited }, onRefusal: wait, maxWait: 0s }\n");

        assertThat(problem.message()).isEqualTo("quotas.q.maxWait: expected a positive duration such as 30s, but found 0s");
    }

    @Test
    void aResolverMustBeAClassName() {
        ConfigProblem problem = onlyProblem("quotas:\n  q:\n    tiers: { t: unlimited }\n    resolver: 'com.example.Tier Lookup'\n");

        assertThat(problem.location()).isEqualTo(at(4, 15));
        assertThat(problem.message()).isEqualTo(
                "quotas.q.resolver: expected a class name such as com.example.TierLookup, but found 'com.example.Tier Lookup'");
    }

    @Test
    void anUnknownQuotaKeyIsAnErrorWithASuggestion() {
        ConfigProblem problem = onlyProblem("quotas:\n  q: { tiers: { t: unlimited }, onRefusel: wait }\n");

        assertThat(problem.message()).isEqualTo("quotas.q: unknown key 'onRefusel'; did you mean 'onRefusal'?");
    }

    @Test
    void redisAsAMappingReadsItsInstancesAndFailClosed() throws ConfigException {
        HeddleConfig config = parse("redis: { url: 'redis://${REDIS_HOST}:6379', instances: 4, failClosed: true, timeout: 50ms }\n");

        assertThat(config.redis()).contains(new RedisConfig("redis://redis.internal:6379", 4, true, Duration.ofMillis(50)));
    }

    @Test
    void redisAsAMappingKeepsTheDefaultsOfKeysLeftOut() throws ConfigException {
        HeddleConfig config = parse("redis:\n  url: rediss://cache.example.com:6380\n");

        assertThat(config.redis()).contains(RedisConfig.of("rediss://cache.example.com:6380"));
        assertThat(config.redis().orElseThrow().timeout()).isEqualTo(RedisConfig.DEFAULT_TIMEOUT);
    }

    @Test
    void redisAsAStringHasOneInstanceAndFailsOpen() throws ConfigException {
        assertThat(parse("redis: redis://localhost:6379\n").redis())
                .contains(new RedisConfig("redis://localhost:6379", 1, false, Duration.ofMillis(200)));
    }

    @Test
    void anEmptyRedisUrlInAMappingMeansNoRedis() throws ConfigException {
        assertThat(parse("redis: { url: '${REDIS_URL:}', instances: 4 }\n").redis()).isEmpty();
    }

    @Test
    void redisAsAMappingNeedsAUrl() {
        ConfigProblem problem = onlyProblem("redis: { instances: 2 }\n");

        assertThat(problem.location()).isEqualTo(at(1, 8));
        assertThat(problem.message()).isEqualTo("redis: 'url' is required: a Redis URI such as redis://localhost:6379");
    }

    @Test
    void aRedisMappingIsCheckedLikeEveryOther() {
        List<ConfigProblem> problems = ParseFailures.problems(
                "redis: { url: localhost:6379, instances: 0, failclosed: true, timeout: 0ms }\n");

        assertThat(problems).extracting(ConfigProblem::location).containsExactly(at(1, 15), at(1, 42), at(1, 45), at(1, 72));
        assertThat(problems).extracting(ConfigProblem::message).containsExactly(
                "redis.url: expected a Redis URI such as redis://localhost:6379 or rediss://host:port, but found 'localhost:6379'",
                "redis.instances: expected a whole number of at least 1, but found '0'",
                "redis: unknown key 'failclosed'; did you mean 'failClosed'?",
                "redis.timeout: expected a positive duration such as 30s, but found 0s");
    }

    @Test
    void redisAsAListIsAnError() {
        ConfigProblem problem = onlyProblem("redis: [redis://a:6379]\n");

        assertThat(problem.message()).isEqualTo("redis: expected a Redis URI such as redis://localhost:6379 or a mapping such as "
                + "{ url: redis://localhost:6379, instances: 4 }, but found a list");
    }

    @Test
    void aUserWrittenAsAStringIsAnArgumentPath() throws ConfigException {
        RuleConfig rule = ruleWith("user: arg0.customer.id");

        assertThat(rule.user()).contains(new UserConfig(Optional.of("arg0.customer.id"), Optional.empty(), Optional.empty()));
    }

    @Test
    void aUserMappingNamesEverySourceOfTheUser() throws ConfigException {
        RuleConfig rule = ruleWith("user: { argument: arg1, mdc: userId, baggage: user.id }");

        assertThat(rule.user()).contains(new UserConfig(Optional.of("arg1"), Optional.of("userId"), Optional.of("user.id")));
    }

    @Test
    void aUserWithoutAQuotaIsAllowed() throws ConfigException {
        RuleConfig rule = ruleWith("user: { mdc: userId }");

        assertThat(rule.quota()).isEmpty();
        assertThat(rule.user()).contains(new UserConfig(Optional.empty(), Optional.of("userId"), Optional.empty()));
    }

    @Test
    void aRuleWithoutUserHasNone() throws ConfigException {
        assertThat(ruleWith("track: true").user()).isEmpty();
    }

    @Test
    void aUserPathMustStartWithAnArgument() {
        ConfigProblem problem = onlyProblem("rules:\n  - name: bot\n    preset: openai-java\n    user: customer.id\n");

        assertThat(problem.location()).isEqualTo(at(4, 11));
        assertThat(problem.message()).isEqualTo("rules[0].user: expected an argument and a path of getters or record components, "
                + "such as arg0 or arg0.customer.id (arg0 is the first argument), but found 'customer.id'");
    }

    @Test
    void aUserPathWithAStepThatIsNoJavaNameIsAnError() {
        ConfigProblem problem = onlyProblem("rules:\n  - name: bot\n    preset: openai-java\n    user: { argument: arg0..id }\n");

        assertThat(problem.location()).isEqualTo(at(4, 23));
        assertThat(problem.message()).startsWith("rules[0].user.argument: expected an argument").endsWith("but found 'arg0..id'");
    }

    @Test
    void aUserMappingNeedsAtLeastOneSource() {
        ConfigProblem problem = onlyProblem("rules:\n  - name: bot\n    preset: openai-java\n    user: {}\n");

        assertThat(problem.location()).isEqualTo(at(4, 11));
        assertThat(problem.message()).isEqualTo(
                "rules[0].user: a user needs 'argument', 'mdc', 'baggage' or more, to say where the user id is");
    }

    @Test
    void anUnknownUserKeyIsAnErrorWithASuggestion() {
        ConfigProblem problem = onlyProblem("rules:\n  - name: bot\n    preset: openai-java\n    user: { argument: arg0, MDC: userId }\n");

        assertThat(problem.message()).startsWith("rules[0].user: unknown key 'MDC'; did you mean 'mdc'?");
    }

    private static Optional<AdaptiveConfig> adaptive(String value) throws ConfigException {
        return parse("quotas:\n  q:\n    tiers: { free: { requests: 10/1m }, pro: { requests: 100/1m } }\n    default: free\n"
                + "    adaptive: " + value + "\n").quotas().get("q").adaptive();
    }

    @Test
    void anAdaptiveLimitReadsItsBoundsAndTheTiersItReservesFor() throws ConfigException {
        assertThat(adaptive("{ initial: 8, min: 2, max: 64, reservedFor: [pro], reservedShare: 0.5 }"))
                .contains(new AdaptiveConfig(8, 2, 64, List.of("pro"), 0.5));
        assertThat(adaptive("true")).contains(AdaptiveConfig.DEFAULTS);
        assertThat(adaptive("false")).isEmpty();
    }

    @Test
    void anAdaptiveLimitThatStartsOutsideItsBoundsIsAnError() {
        ConfigProblem problem = ParseFailures.onlyProblem("quotas:\n  q:\n    tiers: { free: { requests: 10/1m } }\n"
                + "    adaptive: { initial: 1, min: 2 }\n");

        assertThat(problem.message()).contains("min <= initial <= max");
    }

    @Test
    void anAdaptiveLimitReservesOnlyForTiersOfTheQuota() {
        ConfigProblem problem = ParseFailures.onlyProblem("quotas:\n  q:\n    tiers: { free: { requests: 10/1m }, pro: unlimited }\n"
                + "    default: free\n    adaptive: { reservedFor: [por] }\n");

        assertThat(problem.message()).contains("unknown tier 'por'").contains("pro");
    }
}
