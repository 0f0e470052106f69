package dev.heddle.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heddle.bootstrap.Answer;
import dev.heddle.config.CacheConfig;
import dev.heddle.config.ConfigLoader;
import dev.heddle.config.HeddleConfig;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CallPipelineTest {

    private static final String A_ANSWER = "com.example.A:answer(Ljava/lang/String;)Ljava/lang/String;";
    private static final String B_REPLY = "com.example.B:reply(Ljava/lang/String;)Ljava/lang/String;";
    private static final String C_COUNT = "com.example.C:count(Ljava/lang/String;)Ljava/lang/Integer;";

    private static final String SHARED_RULES = """
            rules:
              - name: a
                match: { type: com.example.A, method: answer }
                cache: { namespace: shared }
              - name: b
                match: { type: com.example.B, method: reply }
                cache: { namespace: shared }
              - name: c
                match: { type: com.example.C, method: count }
                cache: { namespace: shared }
            """;

    private static final String OWN_RULES = """
            rules:
              - name: a
                match: { type: com.example.A, method: answer }
                cache: { ttl: 1h }
              - name: b
                match: { type: com.example.B, method: reply }
                cache: { ttl: 1h }
            """;

    private static HeddleConfig config(String yaml) throws Exception {
        return ConfigLoader.parse(yaml, "test.yaml");
    }

    private static Registry registryWith(String yaml, WovenMethod... methods) throws Exception {
        Registry registry = new Registry(config(yaml));
        for (WovenMethod method : methods) registry.register(method);
        return registry;
    }

    /** A woven call that misses: enter, the method returns {@code returned}, exit. */
    private static Object callThatRuns(CallPipeline pipeline, String method, Object returned, Object... arguments) {
        Object token = pipeline.enter(method, Object.class, null, arguments);
        assertThat(token).as("a miss for %s", method).isNotNull().isNotInstanceOf(Answer.class);
        return pipeline.exit(token, returned, null);
    }

    @Test
    void enterReturnsNullForASignatureThatWasNotWoven() throws Exception {
        CallPipeline pipeline = new CallPipeline(registryWith(OWN_RULES));

        assertThat(pipeline.enter("com.example.Unknown:answer()Ljava/lang/String;", Object.class, null, new Object[0]))
                .isNull();
    }

    @Test
    void enterReturnsNullForAWovenMethodWithoutACache() throws Exception {
        Registry registry = registryWith(OWN_RULES, new WovenMethod(A_ANSWER, List.of("removed"), Optional.empty()));
        CallPipeline pipeline = new CallPipeline(registry);

        assertThat(pipeline.enter(A_ANSWER, Object.class, null, new Object[] {"q"})).isNull();
    }

    @Test
    void enterReturnsNullForUnkeyableArguments() throws Exception {
        Registry registry = registryWith(OWN_RULES, new WovenMethod(A_ANSWER, List.of("a"), Optional.empty()));
        CallPipeline pipeline = new CallPipeline(registry);

        assertThat(pipeline.enter(A_ANSWER, Object.class, null, new Object[] {new Object()})).isNull();
        assertThat(registry.cacheCounters("a").uncacheable()).isEqualTo(1);
    }

    @Test
    void aMissThenAnEqualCallIsAnsweredFromTheCache() throws Exception {
        Registry registry = registryWith(OWN_RULES, new WovenMethod(A_ANSWER, List.of("a"), Optional.empty()));
        CallPipeline pipeline = new CallPipeline(registry);

        Object first = pipeline.enter(A_ANSWER, Object.class, null, new Object[] {"question"});
        assertThat(first).isNotNull().isNotInstanceOf(Answer.class);
        assertThat(pipeline.exit(first, "the answer", null)).isEqualTo("the answer");

        Object second = pipeline.enter(A_ANSWER, Object.class, null, new Object[] {new String("question")});
        assertThat(second).isInstanceOf(Answer.class);
        assertThat(((Answer) second).value()).isEqualTo("the answer");
        assertThat(registry.cacheCounters("a").hits()).isEqualTo(1);
        assertThat(registry.cacheCounters("a").misses()).isEqualTo(1);
    }

    @Test
    void exitReturnsWhatTheMethodReturnedAndStoresNothingWhenItThrew() throws Exception {
        Registry registry = registryWith(OWN_RULES, new WovenMethod(A_ANSWER, List.of("a"), Optional.empty()));
        CallPipeline pipeline = new CallPipeline(registry);

        Object token = pipeline.enter(A_ANSWER, Object.class, null, new Object[] {"q"});
        assertThat(pipeline.exit(token, null, new RuntimeException("down"))).isNull();

        assertThat(pipeline.enter(A_ANSWER, Object.class, null, new Object[] {"q"})).isNotNull().isNotInstanceOf(Answer.class);
        assertThat(registry.cacheCounters("a").stores()).isZero();
    }

    @Test
    void exitPassesTheReturnedValueThroughForATokenThatIsNotAPendingStore() throws Exception {
        CallPipeline pipeline = new CallPipeline(registryWith(OWN_RULES));

        assertThat(pipeline.exit(new Object(), "value", null)).isEqualTo("value");
    }

    @Test
    void methodsInTheirOwnRulesNamespacesDoNotShareEntries() throws Exception {
        Registry registry = registryWith(OWN_RULES,
                new WovenMethod(A_ANSWER, List.of("a"), Optional.empty()),
                new WovenMethod(B_REPLY, List.of("b"), Optional.empty()));
        CallPipeline pipeline = new CallPipeline(registry);

        callThatRuns(pipeline, A_ANSWER, "from A", "question");

        assertThat(pipeline.enter(B_REPLY, Object.class, null, new Object[] {"question"})).isNotNull().isNotInstanceOf(Answer.class);
    }

    @Test
    void twoMethodsOfOneRuleWithoutANamespaceDoNotShareEntries() throws Exception {
        String other = "com.example.A:answer(Ljava/lang/CharSequence;)Ljava/lang/String;";
        Registry registry = registryWith(OWN_RULES,
                new WovenMethod(A_ANSWER, List.of("a"), Optional.empty()),
                new WovenMethod(other, List.of("a"), Optional.empty()));
        CallPipeline pipeline = new CallPipeline(registry);

        callThatRuns(pipeline, A_ANSWER, "from String overload", "question");

        assertThat(pipeline.enter(other, Object.class, null, new Object[] {"question"})).isNotNull().isNotInstanceOf(Answer.class);
    }

    @Test
    void rulesSharingANamespaceShareEntriesBetweenMethodsWithTheSameReturnType() throws Exception {
        Registry registry = registryWith(SHARED_RULES,
                new WovenMethod(A_ANSWER, List.of("a"), Optional.empty()),
                new WovenMethod(B_REPLY, List.of("b"), Optional.empty()));
        CallPipeline pipeline = new CallPipeline(registry);

        callThatRuns(pipeline, A_ANSWER, "shared answer", "question");

        Object fromB = pipeline.enter(B_REPLY, Object.class, null, new Object[] {"question"});
        assertThat(fromB).isInstanceOf(Answer.class);
        assertThat(((Answer) fromB).value()).isEqualTo("shared answer");
        assertThat(registry.cacheCounters("b").hits()).isEqualTo(1);
    }

    @Test
    void rulesSharingANamespaceDoNotShareEntriesBetweenDifferentReturnTypes() throws Exception {
        Registry registry = registryWith(SHARED_RULES,
                new WovenMethod(A_ANSWER, List.of("a"), Optional.empty()),
                new WovenMethod(C_COUNT, List.of("c"), Optional.empty()));
        CallPipeline pipeline = new CallPipeline(registry);

        callThatRuns(pipeline, A_ANSWER, "a string", "question");

        assertThat(pipeline.enter(C_COUNT, Object.class, null, new Object[] {"question"})).isNotNull().isNotInstanceOf(Answer.class);
    }

    @Test
    void anAnnotationNamespaceSharedWithARuleSharesEntries() throws Exception {
        CacheConfig annotation = new CacheConfig(CacheConfig.DEFAULT_TTL, CacheConfig.DEFAULT_MAX_ENTRIES,
                Optional.of("shared"), Optional.empty());
        Registry registry = registryWith(SHARED_RULES,
                new WovenMethod(A_ANSWER, List.of("a"), Optional.empty()),
                new WovenMethod("com.example.D:ask(Ljava/lang/String;)Ljava/lang/String;", List.of(), Optional.of(annotation)));
        CallPipeline pipeline = new CallPipeline(registry);

        callThatRuns(pipeline, A_ANSWER, "shared answer", "question");

        Object fromD = pipeline.enter("com.example.D:ask(Ljava/lang/String;)Ljava/lang/String;", Object.class, null,
                new Object[] {"question"});
        assertThat(fromD).isInstanceOf(Answer.class);
        assertThat(((Answer) fromD).value()).isEqualTo("shared answer");
    }

    @Test
    void storedAnswersOutliveAConfigurationChange() throws Exception {
        WovenMethod method = new WovenMethod(A_ANSWER, List.of("a"), Optional.empty());
        Registry registry = registryWith(OWN_RULES, method);
        CallPipeline pipeline = new CallPipeline(registry);
        callThatRuns(pipeline, A_ANSWER, "kept", "question");

        registry.apply(config("enabled: false\n" + OWN_RULES));
        assertThat(pipeline.enter(A_ANSWER, Object.class, null, new Object[] {"question"})).isNull();

        registry.apply(config(OWN_RULES));
        Object again = pipeline.enter(A_ANSWER, Object.class, null, new Object[] {"question"});
        assertThat(again).isInstanceOf(Answer.class);
        assertThat(((Answer) again).value()).isEqualTo("kept");
    }

    @Test
    void anAnnotatedMethodWithoutRulesIsCachedThroughThePipeline() throws Exception {
        CacheConfig annotation = new CacheConfig(Duration.ofMinutes(1), 10, Optional.empty(), Optional.empty());
        Registry registry = new Registry(HeddleConfig.empty());
        registry.register(new WovenMethod(A_ANSWER, List.of(), Optional.of(annotation)));
        CallPipeline pipeline = new CallPipeline(registry);

        callThatRuns(pipeline, A_ANSWER, "annotated", "q", 3);

        Object hit = pipeline.enter(A_ANSWER, Object.class, null, new Object[] {"q", 3});
        assertThat(hit).isInstanceOf(Answer.class);
        assertThat(((Answer) hit).value()).isEqualTo("annotated");
        assertThat(pipeline.enter(A_ANSWER, Object.class, null, new Object[] {"q", 4})).isNotNull().isNotInstanceOf(Answer.class);
    }
}
