package dev.heddle.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.heddle.config.ConfigLoader;
import dev.heddle.config.HeddleConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class OriginalMethodTest {

    static final class Bot {
        final List<Boolean> reentrySeen = new ArrayList<>();

        private String answer(String prompt, int level) {
            reentrySeen.add(OriginalMethod.isReentry());
            if (level < 0) throw new IllegalArgumentException("negative level");
            return prompt + "@" + level;
        }

        static long twice(long value) {
            return 2 * value;
        }
    }

    private static final String ANSWER = Bot.class.getName() + ":answer(Ljava/lang/String;I)Ljava/lang/String;";

    @Test
    void theOriginalMethodRunsAgainWithTheSameArguments() throws Throwable {
        Bot bot = new Bot();

        Object result = OriginalMethod.invoke(Bot.class, ANSWER, bot, new Object[] {"hi", 2});

        assertThat(result).isEqualTo("hi@2");
    }

    @Test
    void staticMethodsAndPrimitiveResultsAreInvokedToo() throws Throwable {
        Object result = OriginalMethod.invoke(Bot.class, Bot.class.getName() + ":twice(J)J", null, new Object[] {21L});

        assertThat(result).isEqualTo(42L);
    }

    @Test
    void theNestedCallSeesReentryAndTheFlagIsGoneAfterwards() throws Throwable {
        Bot bot = new Bot();

        OriginalMethod.invoke(Bot.class, ANSWER, bot, new Object[] {"hi", 1});

        assertThat(bot.reentrySeen).containsExactly(true);
        assertThat(OriginalMethod.isReentry()).isFalse();
    }

    @Test
    void anExceptionOfTheMethodIsRethrownUnwrapped() {
        Bot bot = new Bot();

        assertThatThrownBy(() -> OriginalMethod.invoke(Bot.class, ANSWER, bot, new Object[] {"hi", -1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("negative level");
        assertThat(OriginalMethod.isReentry()).isFalse();
    }

    @Test
    void thePipelineStepsAsideForACallMadeInsideAReinvocation() throws Throwable {
        HeddleConfig config = ConfigLoader.parse("""
                rules:
                  - name: bot
                    match: { type: %s, method: answer }
                    cache: { ttl: 1m }
                """.formatted(Bot.class.getName()), "test.yaml");
        Registry registry = new Registry(config);
        registry.register(new WovenMethod(ANSWER, List.of("bot"), Optional.empty()));
        CallPipeline pipeline = new CallPipeline(registry);
        Supplier<Object> wovenEntry = () -> pipeline.enter(ANSWER, Bot.class, new Bot(), new Object[] {"hi", 1});

        Object outside = wovenEntry.get();
        Object inside = OriginalMethod.invoke(Probe.class, Probe.class.getName() + ":run(Ljava/util/function/Supplier;)Ljava/lang/Object;",
                null, new Object[] {wovenEntry});

        assertThat(outside).as("a cache miss token outside").isNotNull();
        assertThat(inside).as("no token inside a re-invocation").isNull();
    }

    /** Stands for a woven method whose body makes a nested woven call. */
    static final class Probe {
        static Object run(Supplier<Object> nestedCall) {
            return nestedCall.get();
        }
    }
}
