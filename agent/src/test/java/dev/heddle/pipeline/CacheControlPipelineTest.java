package dev.heddle.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.heddle.api.CacheControl;
import dev.heddle.api.CachedAnswer;
import dev.heddle.api.Heddle;
import dev.heddle.bootstrap.Answer;
import dev.heddle.config.ConfigLoader;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What an app asks of the cache per call: no read, no store, a maximum age, and "that answer was wrong". */
class CacheControlPipelineTest {

    private static final String ANSWER = "com.example.Bot:answer(Ljava/lang/String;)Ljava/lang/String;";
    private static final String RULES = """
            rules:
              - name: bot
                match: { type: com.example.Bot, method: answer }
                cache: { ttl: 1h }
            """;

    private final Registry registry;
    private final CallPipeline pipeline;

    CacheControlPipelineTest() throws Exception {
        registry = new Registry(ConfigLoader.parse(RULES, "test.yaml"));
        registry.register(new WovenMethod(ANSWER, List.of("bot"), Optional.empty()));
        pipeline = new CallPipeline(registry);
    }

    @AfterEach
    void forgetTheLastAnswer() {
        CachedAnswer.recordForThisThread(null);
    }

    /** One woven call: the cached answer, or the method runs and returns {@code fresh}. */
    private Object call(String question, String fresh) {
        Object token = pipeline.enter(ANSWER, Object.class, null, new Object[] {question});
        if (token instanceof Answer hit) return hit.value();
        return pipeline.exit(token, fresh, null);
    }

    @Test
    void aSecondCallIsAnsweredFromTheCache() {
        call("q", "first");

        assertThat(call("q", "second")).isEqualTo("first");
        assertThat(Heddle.lastCachedAnswer()).get().satisfies(answer -> {
            assertThat(answer.hit()).isTrue();
            assertThat(answer.semantic()).isFalse();
            assertThat(answer.rule()).isEqualTo("bot");
        });
    }

    @Test
    void noReadAsksTheModelAfreshAndKeepsTheNewAnswer() {
        call("q", "first");

        Heddle.withCacheControl(CacheControl.noRead(), () -> {
            assertThat(call("q", "second")).isEqualTo("second");
        });

        assertThat(call("q", "third")).isEqualTo("second");
    }

    @Test
    void noStoreLeavesTheCacheAsItWas() {
        Heddle.withCacheControl(CacheControl.noStore(), () -> {
            call("q", "first");
        });

        assertThat(call("q", "second")).isEqualTo("second");
        assertThat(call("q", "third")).isEqualTo("second");
    }

    @Test
    void anAnswerOlderThanTheMaximumAgeIsNotServed() throws Exception {
        call("q", "first");
        Thread.sleep(20);

        Heddle.withCacheControl(CacheControl.maxAge(Duration.ofMillis(1)), () -> {
            assertThat(call("q", "second")).isEqualTo("second");
        });
        Heddle.withCacheControl(CacheControl.maxAge(Duration.ofHours(1)), () -> {
            assertThat(call("q", "third")).isEqualTo("second");
        });
    }

    @Test
    void aRejectedHitIsNeverServedAgain() {
        call("q", "wrong");
        assertThat(call("q", "unused")).isEqualTo("wrong");

        assertThat(Heddle.rejectLastAnswer()).isTrue();

        assertThat(call("q", "right")).isEqualTo("right");
        assertThat(call("q", "unused")).isEqualTo("right");
    }

    @Test
    void aFreshAnswerThatWasStoredCanBeRejectedAtOnce() {
        call("q", "wrong");
        assertThat(Heddle.lastCachedAnswer()).get().satisfies(answer -> assertThat(answer.hit()).isFalse());

        assertThat(Heddle.rejectLastAnswer()).isTrue();

        assertThat(call("q", "right")).isEqualTo("right");
    }

    @Test
    void rejectingWhenNoCachedAnswerCameLastSaysSo() {
        assertThat(Heddle.rejectLastAnswer()).isFalse();
    }

    @Test
    void anOperatorEvictsOneEntryByTheKeyTheAppWasTold() {
        call("q", "wrong");
        call("r", "fine");
        String key = Heddle.lastCachedAnswer().orElseThrow().key();
        call("q", "unused");
        String wrongKey = Heddle.lastCachedAnswer().orElseThrow().key();

        assertThat(wrongKey).startsWith("heddle:c:{rule:bot}:local@v2:").isNotEqualTo(key);
        assertThat(registry.evictCacheKey(wrongKey)).isTrue();

        assertThat(call("q", "right")).isEqualTo("right");
        assertThat(call("r", "unused")).isEqualTo("fine");
    }

    @Test
    void aKeyOfNoCacheOfThisProcessIsRefusedClearly() {
        assertThatThrownBy(() -> registry.evictCacheKey("heddle:c:{rule:elsewhere}:local@v1:00"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no cache namespace 'rule:elsewhere' in this process for key heddle:c:{rule:elsewhere}:local@v1:00");
    }

    @Test
    void anOperatorEvictsANamespaceOrEveryOne() {
        call("q", "first");
        call("r", "first");

        assertThat(registry.cacheNamespaces()).containsExactly("rule:bot");
        assertThat(registry.evictCaches("rule:other")).isZero();
        assertThat(registry.evictCaches("*")).isEqualTo(2);

        assertThat(call("q", "second")).isEqualTo("second");
    }
}
