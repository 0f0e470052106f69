package dev.heddle.demo.workload;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import dev.heddle.demo.mock.FaultKind;
import dev.heddle.demo.mock.FaultPlan;
import dev.heddle.demo.mock.MockLlmServer;
import dev.heddle.demo.mock.MockSettings;
import dev.heddle.demo.workload.ReplayResult.AnswerCheck;
import dev.heddle.demo.workload.ReplayResult.CacheResult;
import dev.heddle.demo.workload.ReplayResult.Outcome;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The replay without the agent, through the real openai-java client against the mock server: each
 * request at its planned time or later, its own retries off, and the answer checked against the
 * question asked.
 */
class WorkloadReplayTest {

    private static final List<PlannedRequest> PLAN = List.of(
            request(0, 0, "user-001", 0, "How do I reset my password?", RequestKind.UNIQUE),
            request(1, 40, "user-002", 0, "How can I reset my password?", RequestKind.PARAPHRASE),
            request(2, 80, "user-001", 0, "How do I reset my password?", RequestKind.REPEAT),
            request(3, 120, "user-003", -1, "Which loom suits a beginner?", RequestKind.UNIQUE));

    private static PlannedRequest request(int index, long atMillis, String user, int family, String question, RequestKind kind) {
        return new PlannedRequest(index, atMillis, user, "free", "support", "You are the shop's support assistant.",
                "gpt-4o-mini", question, family, kind);
    }

    @Test
    void everyRequestStartsNoEarlierThanPlannedAndGetsItsOwnAnswer() throws Exception {
        try (MockLlmServer server = MockLlmServer.start(MockSettings.defaults().withLatencyMillis(20))) {
            OpenAIClient client = WorkloadReplay.client(server.baseUrl());
            Map<String, Long> facts = new HashMap<>();

            List<ReplayResult> results = new WorkloadReplay(client, AnswerFamilies.of(PLAN))
                    .run(PLAN, System.currentTimeMillis(), 2, facts);

            assertThat(results).extracting(ReplayResult::index).containsExactly(0, 1, 2, 3);
            assertThat(results).allSatisfy(result -> {
                assertThat(result.outcome()).isEqualTo(Outcome.OK);
                assertThat(result.cache()).isEqualTo(CacheResult.NONE);
                assertThat(result.answerCheck()).isEqualTo(AnswerCheck.SAME);
                assertThat(result.lagMillis()).isNotNegative();
                assertThat(result.latencyMicros()).isPositive();
            });
            assertThat(facts).containsEntry(ReplayLog.UNFINISHED, 0L).containsKey(ReplayLog.WALL_MILLIS);
            assertThat(server.stats().requests(MockLlmServer.CHAT_COMPLETIONS)).isEqualTo(4);
            assertThat(server.stats().requestsForUser("user-001")).isEqualTo(2);
            client.close();
        }
    }

    @Test
    void theSdkDoesNotRetryAFailureOfTheVendor() throws Exception {
        try (MockLlmServer server = MockLlmServer.start(MockSettings.defaults().withFaults(FaultPlan.next(1, FaultKind.RATE_LIMIT)))) {
            OpenAIClient client = WorkloadReplay.client(server.baseUrl());
            ReplayResult result = new WorkloadReplay(client, AnswerFamilies.of(PLAN)).call(PLAN.get(0), System.currentTimeMillis());

            assertThat(result.outcome()).isEqualTo(Outcome.ERROR);
            assertThat(result.detail()).isEqualTo("RateLimitException");
            assertThat(result.answerCheck()).isEqualTo(AnswerCheck.UNCHECKED);
            assertThat(server.stats().requests(MockLlmServer.CHAT_COMPLETIONS)).isEqualTo(1);
            client.close();
        }
    }

    @Test
    void anAnswerToAnotherQuestionIsTold() {
        AnswerFamilies families = AnswerFamilies.of(PLAN);
        String toTheFamily = "gpt-4o-mini answers (t=default): In short, \"How can I reset my password?\" is easy (ref 1)";
        String toAnother = "gpt-4o-mini answers (t=default): In short, \"Which loom suits a beginner?\" is easy (ref 2)";

        assertThat(families.check(PLAN.get(0), toTheFamily)).isEqualTo(AnswerCheck.SAME);
        assertThat(families.check(PLAN.get(0), toAnother)).isEqualTo(AnswerCheck.OTHER);
        assertThat(families.check(PLAN.get(3), toAnother)).isEqualTo(AnswerCheck.SAME);
        assertThat(families.check(PLAN.get(3), toTheFamily)).isEqualTo(AnswerCheck.OTHER);
    }

    @Test
    void resultsAndFactsReadBackAsWritten() {
        ReplayResult result = new ReplayResult(7, 1234, "user-007", "pro", "gpt-4o", RequestKind.PARAPHRASE, 12, 3, 4567,
                Outcome.OK, CacheResult.SEMANTIC, 0.9512, AnswerCheck.OTHER, "-");

        ReplayLog log = ReplayLog.parse(List.of(result.toLine(), "# cpu_ms_replay=42", "# heddle.openai.retries=5"));

        assertThat(log.results()).containsExactly(result);
        assertThat(log.fact(ReplayLog.CPU_MILLIS_REPLAY)).isEqualTo(42);
        assertThat(log.fact("heddle.openai.retries")).isEqualTo(5);
        assertThat(log.fact(ReplayLog.PEAK_HEAP_BYTES)).isZero();
    }

    @Test
    void optionsReadBackFromTheirCommandLine() throws Exception {
        ReplayOptions options = ReplayOptions.parse("--base-url", "http://127.0.0.1:1", "--out", "r.tsv", "--requests", "50",
                "--duration", "30s", "--shard", "1/2", "--threads", "8", "--await-go");

        assertThat(ReplayOptions.parse(options.args().toArray(String[]::new))).isEqualTo(options);
        assertThat(options.spec().requests()).isEqualTo(50);
        assertThat(options.spec().duration()).hasSeconds(30);
        assertThat(options.workload()).filteredOn(options::isMine).isNotEmpty()
                .allSatisfy(request -> assertThat(Math.floorMod(request.user().hashCode(), 2)).isEqualTo(1));
    }
}
