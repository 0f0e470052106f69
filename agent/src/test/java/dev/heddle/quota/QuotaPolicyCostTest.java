package dev.heddle.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.openai.core.ObjectMappers;
import com.openai.core.RequestOptions;
import com.openai.models.ChatModel;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.heddle.api.QuotaExceededException;
import dev.heddle.config.CostLimitConfig;
import dev.heddle.config.QuotaConfig;
import dev.heddle.config.TierConfig;
import dev.heddle.cost.PriceTable;
import dev.heddle.preset.Presets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A tier's cost limit, priced by the price table from each call's real usage, through the openai-java preset. */
class QuotaPolicyCostTest {

    /** 1,000 input and 1,000 output tokens of gpt-4o-mini: 0.15 + 0.60 dollars a million, so $0.00075. */
    private static final String EXPENSIVE_ANSWER = """
            {"id":"chatcmpl-1","object":"chat.completion","created":1700000000,"model":"gpt-4o-mini",
             "choices":[{"index":0,"message":{"role":"assistant","content":"A long answer.","refusal":null},
                         "logprobs":null,"finish_reason":"stop"}],
             "usage":{"prompt_tokens":1000,"completion_tokens":1000,"total_tokens":2000}}
            """;

    private final QuotaConfig oneTenthOfACentAnHour = new QuotaConfig("budget",
            Map.of("free", new TierConfig(List.of(), List.of(), List.of(new CostLimitConfig(1_000, Duration.ofHours(1))))),
            Map.of(), "free");
    private final QuotaPolicy policy = new QuotaPolicy("openai", oneTenthOfACentAnHour, new LocalQuotaStore(),
            Presets.named("openai-java").orElseThrow(), new QuotaCounters(), null, PriceTable.defaults());
    private final Object[] request = {ChatCompletionCreateParams.builder().model(ChatModel.GPT_4O_MINI)
            .addUserMessage("What is a heddle?").build(), RequestOptions.none()};

    @Test
    void callsAreAdmittedUntilWhatTheyReallyCostReachesTheLimit() throws Exception {
        ChatCompletion answer = ObjectMappers.jsonMapper().readValue(EXPENSIVE_ANSWER, ChatCompletion.class);

        policy.admit("alice", QuotaPolicyCostTest.class, null, request).settle(answer);
        policy.admit("alice", QuotaPolicyCostTest.class, null, request).settle(answer);
        Throwable third = catchThrowable(() -> policy.admit("alice", QuotaPolicyCostTest.class, null, request));

        assertThat(third).as("$0.0015 spent of $0.001: the second call's estimate fit, its real cost did not")
                .isInstanceOf(QuotaExceededException.class);
        assertThat(((QuotaExceededException) third).limit()).isEqualTo("cost $0.001/1h");
        assertThatCode(() -> policy.admit("bob", QuotaPolicyCostTest.class, null, request)).as("another user's budget")
                .doesNotThrowAnyException();
    }

    @Test
    void aCallThatFailedGivesItsCostEstimateBack() {
        for (int i = 0; i < 20; i++) {
            policy.admit("carol", QuotaPolicyCostTest.class, null, request).release();
        }

        assertThatCode(() -> policy.admit("carol", QuotaPolicyCostTest.class, null, request))
                .as("20 released estimates of about 157 micro-dollars would be over $0.001 if kept").doesNotThrowAnyException();
    }

    @Test
    void dollarsAreCountedInMicroDollarsRoundedUp() {
        assertThat(QuotaPolicy.microUsd(0.00075)).isEqualTo(750);
        assertThat(QuotaPolicy.microUsd(0.0000001)).isEqualTo(1);
    }
}
