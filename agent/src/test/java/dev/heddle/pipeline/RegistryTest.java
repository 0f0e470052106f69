package dev.heddle.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heddle.config.CacheConfig;
import dev.heddle.config.ConfigLoader;
import dev.heddle.config.HeddleConfig;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RegistryTest {

    private static final String ANSWER = "com.example.Bot:answer(Ljava/lang/String;)Ljava/lang/String;";

    private static final String BOT_RULE = """
            rules:
              - name: bot
                match: { type: com.example.Bot, method: answer }
                cache: { ttl: 10m, maxEntries: 500 }
            """;

    private static final CacheConfig ANNOTATION_CACHE =
            new CacheConfig(Duration.ofMinutes(5), CacheConfig.DEFAULT_MAX_ENTRIES, Optional.empty(), Optional.empty());

    private static HeddleConfig config(String yaml) throws Exception {
        return ConfigLoader.parse(yaml, "test.yaml");
    }

    @Test
    void aNewVersionShowsOnlyOnceTheClassesItChangesAreWovenAgain() throws Exception {
        Registry registry = new Registry(HeddleConfig.empty());
        HeddleConfig next = config(BOT_RULE);
        long[] versionWhileWeaving = new long[1];
        HeddleConfig[] configWhileWeaving = new HeddleConfig[1];

        registry.apply(next, () -> {
            versionWhileWeaving[0] = registry.configVersion();
            configWhileWeaving[0] = registry.config();
        });

        assertThat(configWhileWeaving[0]).as("the weaving sees the new configuration").isSameAs(next);
        assertThat(versionWhileWeaving[0]).as("the version is not shown before the weaving is done").isEqualTo(1);
        assertThat(registry.configVersion()).isEqualTo(2);
        assertThat(registry.lastReload().version()).isEqualTo(2);
    }

    @Test
    void aMethodWithAnAnnotationCacheGetsACachedPolicy() {
        Registry registry = new Registry(HeddleConfig.empty());
        WovenMethod method = new WovenMethod(ANSWER, List.of(), Optional.of(ANNOTATION_CACHE));

        registry.register(method);

        MethodPolicy policy = method.policy();
        assertThat(policy.cache()).isNotNull();
        assertThat(policy.cache().hasSettings(ANNOTATION_CACHE)).isTrue();
        assertThat(policy.owner()).isEqualTo("@Cached " + ANSWER);
        assertThat(policy.cacheCounters()).isSameAs(registry.cacheCounters(policy.owner()));
        assertThat(registry.method(ANSWER)).isSameAs(method);
    }

    @Test
    void aMethodWithNeitherRuleNorAnnotationGetsNoPolicy() {
        Registry registry = new Registry(HeddleConfig.empty());
        WovenMethod method = new WovenMethod(ANSWER, List.of(), Optional.empty());

        registry.register(method);

        assertThat(method.policy()).isSameAs(MethodPolicy.NONE);
    }

    @Test
    void aMatchingRuleWithACacheGivesTheRulesPolicy() throws Exception {
        Registry registry = new Registry(config(BOT_RULE));
        WovenMethod method = new WovenMethod(ANSWER, List.of("bot"), Optional.empty());

        registry.register(method);

        MethodPolicy policy = method.policy();
        assertThat(policy.owner()).isEqualTo("bot");
        assertThat(policy.cache()).isNotNull();
        assertThat(policy.cache().hasSettings(new CacheConfig(Duration.ofMinutes(10), 500, Optional.empty(), Optional.empty())))
                .isTrue();
        assertThat(policy.cacheCounters()).isSameAs(registry.cacheCounters("bot"));
    }

    @Test
    void aRuleWinsOverTheAnnotationOfTheSameMethod() throws Exception {
        Registry registry = new Registry(config(BOT_RULE));
        WovenMethod method = new WovenMethod(ANSWER, List.of("bot"), Optional.of(ANNOTATION_CACHE));

        registry.register(method);

        MethodPolicy policy = method.policy();
        assertThat(policy.owner()).isEqualTo("bot");
        assertThat(policy.cache().hasSettings(ANNOTATION_CACHE)).isFalse();
        assertThat(policy.cache().hasSettings(new CacheConfig(Duration.ofMinutes(10), 500, Optional.empty(), Optional.empty())))
                .isTrue();
    }

    @Test
    void theFirstEnabledRuleThatMatchedTheMethodWins() throws Exception {
        Registry registry = new Registry(config("""
                rules:
                  - name: first
                    enabled: false
                    match: { type: com.example.Bot, method: answer }
                    cache: { ttl: 1m }
                  - name: second
                    match: { type: com.example.Bot, method: answer }
                    cache: { ttl: 2m }
                  - name: third
                    match: { type: com.example.Bot, method: answer }
                    cache: { ttl: 3m }
                """));
        WovenMethod method = new WovenMethod(ANSWER, List.of("first", "second", "third"), Optional.empty());

        registry.register(method);

        assertThat(method.policy().owner()).isEqualTo("second");
    }

    @Test
    void aDisabledRuleFallsBackToTheAnnotationPolicy() throws Exception {
        Registry registry = new Registry(config("""
                rules:
                  - name: bot
                    enabled: false
                    match: { type: com.example.Bot, method: answer }
                    cache: { ttl: 10m }
                """));
        WovenMethod method = new WovenMethod(ANSWER, List.of("bot"), Optional.of(ANNOTATION_CACHE));

        registry.register(method);

        assertThat(method.policy().owner()).isEqualTo("@Cached " + ANSWER);
        assertThat(method.policy().cache().hasSettings(ANNOTATION_CACHE)).isTrue();
    }

    @Test
    void aDisabledRuleWithoutAnAnnotationGivesNoPolicy() throws Exception {
        Registry registry = new Registry(config("""
                rules:
                  - name: bot
                    enabled: false
                    match: { type: com.example.Bot, method: answer }
                    cache: { ttl: 10m }
                """));
        WovenMethod method = new WovenMethod(ANSWER, List.of("bot"), Optional.empty());

        registry.register(method);

        assertThat(method.policy()).isSameAs(MethodPolicy.NONE);
    }

    @Test
    void aRuleNameThatIsNotInTheConfigurationIsIgnored() throws Exception {
        Registry registry = new Registry(config(BOT_RULE));
        WovenMethod method = new WovenMethod(ANSWER, List.of("removed"), Optional.empty());

        registry.register(method);

        assertThat(method.policy()).isSameAs(MethodPolicy.NONE);
    }

    @Test
    void applyingAConfigurationThatIsSwitchedOffTurnsRulePoliciesOff() throws Exception {
        Registry registry = new Registry(config(BOT_RULE));
        WovenMethod ruleOnly = new WovenMethod(ANSWER, List.of("bot"), Optional.empty());
        WovenMethod annotated = new WovenMethod("com.example.Bot:other(I)Ljava/lang/String;", List.of("bot"),
                Optional.of(ANNOTATION_CACHE));
        registry.register(ruleOnly);
        registry.register(annotated);
        assertThat(ruleOnly.policy().owner()).isEqualTo("bot");
        assertThat(annotated.policy().owner()).isEqualTo("bot");

        HeddleConfig off = config("enabled: false\n" + BOT_RULE);
        registry.apply(off);

        assertThat(registry.config()).isSameAs(off);
        assertThat(ruleOnly.policy()).isSameAs(MethodPolicy.NONE);
        assertThat(annotated.policy().owner()).isEqualTo("@Cached com.example.Bot:other(I)Ljava/lang/String;");
    }

    @Test
    void applyingAConfigurationGivesEveryMethodItsNewPolicy() throws Exception {
        Registry registry = new Registry(HeddleConfig.empty());
        WovenMethod method = new WovenMethod(ANSWER, List.of("bot"), Optional.empty());
        registry.register(method);
        assertThat(method.policy()).isSameAs(MethodPolicy.NONE);

        registry.apply(config(BOT_RULE));

        assertThat(method.policy().owner()).isEqualTo("bot");
        assertThat(method.policy().cache()).isNotNull();
    }

    @Test
    void aRuleWithoutACacheGivesAPolicyWithoutACache() throws Exception {
        Registry registry = new Registry(config("""
                rules:
                  - name: bot
                    match: { type: com.example.Bot, method: answer }
                    timeout: 5s
                """));
        WovenMethod method = new WovenMethod(ANSWER, List.of("bot"), Optional.empty());

        registry.register(method);

        assertThat(method.policy().owner()).isEqualTo("bot");
        assertThat(method.policy().cache()).isNull();
        assertThat(method.policy().cacheKeyPrefix()).isNull();
    }

    @Test
    void registeringTheSameSignatureAgainReplacesTheEarlierMethod() {
        Registry registry = new Registry(HeddleConfig.empty());
        WovenMethod first = new WovenMethod(ANSWER, List.of(), Optional.of(ANNOTATION_CACHE));
        WovenMethod second = new WovenMethod(ANSWER, List.of(), Optional.of(ANNOTATION_CACHE));

        registry.register(first);
        registry.register(second);

        assertThat(registry.method(ANSWER)).isSameAs(second);
        assertThat(registry.methods()).containsExactly(second);
    }

    @Test
    void rulesThatShareANamespaceShareOneCacheAndOwnRulesDoNot() throws Exception {
        Registry registry = new Registry(config("""
                rules:
                  - name: a
                    match: { type: com.example.A, method: answer }
                    cache: { namespace: shared }
                  - name: b
                    match: { type: com.example.B, method: answer }
                    cache: { namespace: shared }
                  - name: c
                    match: { type: com.example.C, method: answer }
                    cache: true
                """));
        WovenMethod a = new WovenMethod("com.example.A:answer(Ljava/lang/String;)Ljava/lang/String;", List.of("a"), Optional.empty());
        WovenMethod b = new WovenMethod("com.example.B:answer(Ljava/lang/String;)Ljava/lang/String;", List.of("b"), Optional.empty());
        WovenMethod c = new WovenMethod("com.example.C:answer(Ljava/lang/String;)Ljava/lang/String;", List.of("c"), Optional.empty());
        registry.register(a);
        registry.register(b);
        registry.register(c);

        assertThat(a.policy().cache()).isSameAs(b.policy().cache());
        assertThat(a.policy().cacheKeyPrefix()).isEqualTo(b.policy().cacheKeyPrefix());
        assertThat(c.policy().cache()).isNotSameAs(a.policy().cache());
        assertThat(a.policy().cacheCounters()).isNotSameAs(b.policy().cacheCounters());
    }
}
