package dev.heddle.it;

import static dev.heddle.it.harness.ChildAssertions.assertPrinted;
import static org.assertj.core.api.Assertions.assertThat;

import dev.heddle.demo.mock.MockLlmServer;
import dev.heddle.demo.mock.MockSettings;
import dev.heddle.it.app.sdk.AdaptiveOpenAiApp;
import dev.heddle.it.harness.ChildJvm;
import dev.heddle.it.harness.ChildResult;
import dev.heddle.it.harness.ConfigFiles;
import dev.heddle.it.harness.Jdk;
import dev.heddle.it.harness.OnEveryJdk;
import dev.heddle.it.harness.SdkApps;
import dev.heddle.it.harness.TestApps;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * A vendor that serves at most 3 requests at once and answers more with 429, and an unmodified app
 * whose 8 threads call it through the official OpenAI SDK (its own retries off). With the agent and
 * a quota with {@code adaptive:} (starting at 12 calls at once, {@code onRefusal: wait}), the
 * adaptive limit learns the vendor's capacity from the 429s: it drops, and the 429s the app sees
 * fall from the first quarter of the calls to the last, since the calls above the limit now wait in
 * the app instead of reaching the vendor. Then the vendor heals (no capacity limit), and the limit
 * grows again with the successes. The numbers are printed with each assertion.
 */
class AdaptiveThrottlingWithAgentTest {

    private static final int THREADS = 8;
    private static final int INITIAL_LIMIT = 12;

    private static final String ADAPTIVE = """
            quotas:
              per-user:
                tiers: { everyone: unlimited }
                default: everyone
                onRefusal: wait
                maxWait: 30s
                adaptive: { initial: %d, min: 1, max: 16 }
            rules:
              - name: openai
                preset: openai-java
                quota: per-user
            """.formatted(INITIAL_LIMIT);

    @OnEveryJdk
    void theLimitDropsUnder429sSoTheAppSeesFewerThenRecoversWhenTheVendorHeals(Jdk jdk, @TempDir Path dir) {
        MockSettings slowWithCapacity = MockSettings.defaults().withLatencyMillis(100).withJitterMillis(50).withCapacity(3);
        try (MockLlmServer server = MockLlmServer.start(slowWithCapacity);
                ChildJvm child = TestApps.withAgent(SdkApps.app(jdk, AdaptiveOpenAiApp.class, dir)
                                .args(server.baseUrl(), Integer.toString(THREADS), "10", "10"),
                        TestApps.configArg(ConfigFiles.write(dir, "heddle.yaml", ADAPTIVE))).start()) {
            child.awaitStdoutLine(AdaptiveOpenAiApp.PAUSED::equals);
            server.capacity(MockSettings.UNLIMITED);
            child.writeLine(AdaptiveOpenAiApp.GO);
            ChildResult result = child.waitFor();
            System.out.println("[" + jdk + "] adaptive throttling: " + result.describe());

            assertPrinted(result, "before.other=[]", "after.other=[]", "done=true");
            long limitUnder429s = number(result, "before.limit");
            long limitHealed = number(result, "after.limit");
            assertThat(limitUnder429s).as("the limit after the vendor's 429s\n%s", result.describe()).isLessThan(INITIAL_LIMIT);
            assertThat(number(result, "before.q4.rateLimited"))
                    .as("429s in the last quarter of the calls, against %d in the first\n%s",
                            number(result, "before.q1.rateLimited"), result.describe())
                    .isLessThan(number(result, "before.q1.rateLimited"));
            assertThat(limitHealed).as("the limit once the vendor healed\n%s", result.describe()).isGreaterThan(limitUnder429s);
            for (int q = 1; q <= 4; q++) {
                assertPrinted(result, "after.q" + q + ".rateLimited=0");
            }
            assertThat(server.stats().peakInFlight()).as("at most the vendor's capacity before it healed, more after")
                    .isGreaterThan(3);
        }
    }

    private static long number(ChildResult result, String key) {
        return Long.parseLong(result.value(key).orElseThrow(() -> new AssertionError("no " + key + "\n" + result.describe())));
    }
}
