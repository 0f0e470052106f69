package dev.heddle.weave;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heddle.annotations.Cached;
import dev.heddle.config.CacheConfig;
import dev.heddle.config.ConfigLoader;
import dev.heddle.config.HeddleConfig;
import dev.heddle.config.Location;
import dev.heddle.config.MatchConfig;
import dev.heddle.config.RuleConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.bytebuddy.description.type.TypeDescription;
import org.junit.jupiter.api.Test;

class MethodSelectorTest {

    // ---- classes to select from

    public interface Chat {
        String chat(String prompt);

        default String greet() {
            return "hello";
        }
    }

    public static class ChatImpl implements Chat {
        @Override
        public String chat(String prompt) {
            return "reply to " + prompt;
        }

        public String unrelated(String prompt) {
            return prompt;
        }
    }

    public static class Annotated {
        public Annotated() {
        }

        @Cached(ttl = "10m")
        public String answer(String question) {
            return question;
        }

        @Cached
        public int count(String question) {
            return question.length();
        }

        @Cached(ttl = "30s", namespace = "faq")
        public static String faq(String question) {
            return question;
        }

        @Cached(ttl = "not a duration")
        public String badTtl(String question) {
            return question;
        }

        @Cached(ttl = "1h")
        public void fireAndForget(String question) {
        }

        public String plain(String question) {
            return question;
        }
    }

    public abstract static class BaseBot {
        public String answer(String question) {
            return "base " + question;
        }

        public abstract String think(String question);
    }

    public static class SubBot extends BaseBot {
        @Override
        public String answer(String question) {
            return "sub " + question;
        }

        @Override
        public String think(String question) {
            return question;
        }
    }

    public static class Overloads {
        public Overloads() {
        }

        public Overloads(String seed) {
        }

        public String answer(String question) {
            return question;
        }

        public String answer(String question, int attempts) {
            return question + attempts;
        }

        public String answer(CharSequence question) {
            return question.toString();
        }

        public String answer(int[] numbers) {
            return "" + numbers.length;
        }

        public void answer(Object ignored) {
        }
    }

    public abstract static class AbstractAnnotated {
        @Cached
        public abstract String answer(String question);
    }

    // ---- helpers

    private static HeddleConfig config(String yaml) throws Exception {
        return ConfigLoader.parse(yaml, "test.yaml");
    }

    private static String rule(String name, Class<?> type, String method) {
        return "  - name: " + name + "\n"
                + "    match:\n"
                + "      type: " + type.getName() + "\n"
                + "      method: " + method + "\n"
                + "    cache: true\n";
    }

    private static List<MethodSelector.Selected> select(HeddleConfig config, Class<?> type) {
        MethodSelector selector = new MethodSelector(() -> config);
        return selector.select(TypeDescription.ForLoadedType.of(type), MethodSelectorTest.class.getClassLoader());
    }

    /** {@code name(descriptor)} of every selected method. */
    private static List<String> signatures(List<MethodSelector.Selected> selected) {
        return selected.stream().map(s -> s.method().getInternalName() + s.method().getDescriptor()).toList();
    }

    private static MethodSelector.Selected only(List<MethodSelector.Selected> selected, String signature) {
        return selected.stream()
                .filter(s -> (s.method().getInternalName() + s.method().getDescriptor()).equals(signature))
                .findFirst()
                .orElseThrow(() -> new AssertionError(signature + " was not selected; selected: " + signatures(selected)));
    }

    // ---- annotations

    @Test
    void aMethodAnnotatedCachedIsSelectedWithItsTtl() {
        List<MethodSelector.Selected> selected = select(HeddleConfig.empty(), Annotated.class);

        MethodSelector.Selected answer = only(selected, "answer(Ljava/lang/String;)Ljava/lang/String;");
        assertThat(answer.ruleNames()).isEmpty();
        assertThat(answer.annotationCache()).map(CacheConfig::ttl).contains(Duration.ofMinutes(10));
        assertThat(answer.annotationCache()).map(CacheConfig::namespace).contains(Optional.empty());
    }

    @Test
    void anAnnotationWithoutATtlGetsTheDefaultTtl() {
        MethodSelector.Selected count = only(select(HeddleConfig.empty(), Annotated.class), "count(Ljava/lang/String;)I");

        assertThat(count.annotationCache()).map(CacheConfig::ttl).contains(CacheConfig.DEFAULT_TTL);
    }

    @Test
    void anAnnotatedStaticMethodIsSelectedWithItsNamespace() {
        MethodSelector.Selected faq = only(select(HeddleConfig.empty(), Annotated.class),
                "faq(Ljava/lang/String;)Ljava/lang/String;");

        assertThat(faq.annotationCache()).map(CacheConfig::ttl).contains(Duration.ofSeconds(30));
        assertThat(faq.annotationCache()).flatMap(CacheConfig::namespace).contains("faq");
    }

    @Test
    void onlyAnnotatedValueReturningMethodsWithAValidTtlAreSelectedWithoutRules() {
        List<String> selected = signatures(select(HeddleConfig.empty(), Annotated.class));

        assertThat(selected).containsExactlyInAnyOrder(
                "answer(Ljava/lang/String;)Ljava/lang/String;",
                "count(Ljava/lang/String;)I",
                "faq(Ljava/lang/String;)Ljava/lang/String;");
    }

    @Test
    void anAbstractAnnotatedMethodIsNeverSelected() {
        assertThat(select(HeddleConfig.empty(), AbstractAnnotated.class)).isEmpty();
    }

    @Test
    void aClassWithoutAnnotationsOrRulesHasNothingSelected() {
        assertThat(select(HeddleConfig.empty(), ChatImpl.class)).isEmpty();
    }

    // ---- rules on the class itself

    @Test
    void aRuleOnTheClassSelectsTheNamedMethodAndRecordsTheRule() throws Exception {
        HeddleConfig config = config("rules:\n" + rule("plain-rule", Annotated.class, "plain"));

        MethodSelector.Selected plain = only(select(config, Annotated.class), "plain(Ljava/lang/String;)Ljava/lang/String;");

        assertThat(plain.ruleNames()).containsExactly("plain-rule");
        assertThat(plain.annotationCache()).isEmpty();
    }

    @Test
    void aRuleOnAnAnnotatedMethodIsRecordedBesideTheAnnotation() throws Exception {
        HeddleConfig config = config("rules:\n" + rule("answer-rule", Annotated.class, "answer"));

        MethodSelector.Selected answer = only(select(config, Annotated.class), "answer(Ljava/lang/String;)Ljava/lang/String;");

        assertThat(answer.ruleNames()).containsExactly("answer-rule");
        assertThat(answer.annotationCache()).isPresent();
    }

    @Test
    void everyMatchingRuleIsRecordedInFileOrder() throws Exception {
        HeddleConfig config = config("rules:\n" + rule("second", ChatImpl.class, "chat") + rule("first", Chat.class, "chat"));

        MethodSelector.Selected chat = only(select(config, ChatImpl.class), "chat(Ljava/lang/String;)Ljava/lang/String;");

        assertThat(chat.ruleNames()).containsExactly("second", "first");
    }

    // ---- rules on supertypes

    @Test
    void anInterfaceRuleSelectsTheImplementingMethodOfAnImplementingClass() throws Exception {
        HeddleConfig config = config("rules:\n" + rule("chat-rule", Chat.class, "chat"));

        List<MethodSelector.Selected> selected = select(config, ChatImpl.class);

        assertThat(signatures(selected)).containsExactly("chat(Ljava/lang/String;)Ljava/lang/String;");
        assertThat(selected.get(0).ruleNames()).containsExactly("chat-rule");
    }

    @Test
    void anInterfaceIsNeverSelectedItself() throws Exception {
        HeddleConfig config = config("rules:\n" + rule("chat-rule", Chat.class, "chat") + rule("greet-rule", Chat.class, "greet"));

        assertThat(select(config, Chat.class)).isEmpty();
    }

    @Test
    void aSuperclassRuleSelectsTheOverrideInASubclass() throws Exception {
        HeddleConfig config = config("rules:\n" + rule("base-rule", BaseBot.class, "answer"));

        List<MethodSelector.Selected> selected = select(config, SubBot.class);

        assertThat(signatures(selected)).containsExactly("answer(Ljava/lang/String;)Ljava/lang/String;");
        assertThat(selected.get(0).method().getDeclaringType().asErasure().represents(SubBot.class)).isTrue();
        assertThat(selected.get(0).ruleNames()).containsExactly("base-rule");
    }

    @Test
    void aSuperclassRuleSelectsTheConcreteMethodOfTheSuperclassButNotItsAbstractOne() throws Exception {
        HeddleConfig config = config("rules:\n" + rule("answer-rule", BaseBot.class, "answer")
                + rule("think-rule", BaseBot.class, "think"));

        assertThat(signatures(select(config, BaseBot.class))).containsExactly("answer(Ljava/lang/String;)Ljava/lang/String;");
    }

    @Test
    void anImplementationOfAnAbstractMethodIsSelectedInTheSubclass() throws Exception {
        HeddleConfig config = config("rules:\n" + rule("think-rule", BaseBot.class, "think"));

        assertThat(signatures(select(config, SubBot.class))).containsExactly("think(Ljava/lang/String;)Ljava/lang/String;");
    }

    @Test
    void aRuleOnASubclassDoesNotSelectMethodsOfItsSuperclass() throws Exception {
        HeddleConfig config = config("rules:\n" + rule("sub-rule", SubBot.class, "answer"));

        assertThat(select(config, BaseBot.class)).isEmpty();
    }

    @Test
    void aRuleOnAnUnrelatedTypeSelectsNothing() throws Exception {
        HeddleConfig config = config("rules:\n" + rule("chat-rule", Chat.class, "answer")
                + rule("missing-rule", Overloads.class, "answer"));

        assertThat(select(config, SubBot.class)).isEmpty();
    }

    @Test
    void aRuleOnATypeTheClassLoaderCannotSeeSelectsNothing() throws Exception {
        HeddleConfig config = config("""
                rules:
                  - name: ghost
                    match: { type: com.example.DoesNotExist, method: answer }
                    cache: true
                """);

        assertThat(select(config, SubBot.class)).isEmpty();
    }

    // ---- overloads

    @Test
    void aMethodNameWithoutParametersSelectsEveryValueReturningOverload() throws Exception {
        HeddleConfig config = config("rules:\n" + rule("all", Overloads.class, "answer"));

        assertThat(signatures(select(config, Overloads.class))).containsExactlyInAnyOrder(
                "answer(Ljava/lang/String;)Ljava/lang/String;",
                "answer(Ljava/lang/String;I)Ljava/lang/String;",
                "answer(Ljava/lang/CharSequence;)Ljava/lang/String;",
                "answer([I)Ljava/lang/String;");
    }

    @Test
    void aFullyQualifiedParameterListSelectsOnlyThatOverload() throws Exception {
        HeddleConfig config = config("rules:\n" + rule("one", Overloads.class, "answer(java.lang.String)"));

        assertThat(signatures(select(config, Overloads.class)))
                .containsExactly("answer(Ljava/lang/String;)Ljava/lang/String;");
    }

    @Test
    void aSimpleJavaLangNameInTheParameterListSelectsTheSameOverload() throws Exception {
        HeddleConfig config = config("rules:\n" + rule("one", Overloads.class, "answer(String)"));

        assertThat(signatures(select(config, Overloads.class)))
                .containsExactly("answer(Ljava/lang/String;)Ljava/lang/String;");
    }

    @Test
    void aParameterListWithAPrimitiveSelectsThatOverload() throws Exception {
        HeddleConfig config = config("rules:\n" + rule("two", Overloads.class, "\"answer(String, int)\""));

        assertThat(signatures(select(config, Overloads.class)))
                .containsExactly("answer(Ljava/lang/String;I)Ljava/lang/String;");
    }

    @Test
    void aParameterListWithAnArraySelectsThatOverload() throws Exception {
        HeddleConfig config = config("rules:\n" + rule("array", Overloads.class, "answer(int[])"));

        assertThat(signatures(select(config, Overloads.class))).containsExactly("answer([I)Ljava/lang/String;");
    }

    @Test
    void anEmptyParameterListSelectsOnlyANoArgumentOverload() throws Exception {
        HeddleConfig config = config("rules:\n" + rule("none", Overloads.class, "answer()"));

        assertThat(select(config, Overloads.class)).isEmpty();
    }

    // ---- never selected

    @Test
    void voidMethodsAreNeverSelected() throws Exception {
        HeddleConfig config = config("rules:\n" + rule("void", Overloads.class, "answer(java.lang.Object)")
                + rule("annotated-void", Annotated.class, "fireAndForget"));

        assertThat(select(config, Overloads.class)).isEmpty();
        assertThat(signatures(select(config, Annotated.class))).doesNotContain("fireAndForget(Ljava/lang/String;)V");
    }

    @Test
    void constructorsAreNeverSelected() {
        // YAML cannot name a constructor, so the rule is built directly, as a preset might be
        RuleConfig constructors = new RuleConfig("constructors", true,
                Optional.of(new MatchConfig(Overloads.class.getName(), "<init>", Optional.empty())), Optional.empty(),
                Optional.of(new CacheConfig(CacheConfig.DEFAULT_TTL, CacheConfig.DEFAULT_MAX_ENTRIES, Optional.empty(),
                        Optional.empty())),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                new Location("test", 1, 1));
        HeddleConfig config = new HeddleConfig("test", true, Optional.empty(), List.of(constructors), Map.of());

        assertThat(select(config, Overloads.class)).isEmpty();
        assertThat(signatures(select(HeddleConfig.empty(), Annotated.class))).noneMatch(s -> s.startsWith("<init>"));
    }
}
