package dev.heddle.demo.workload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heddle.demo.DemoOptions;
import dev.heddle.demo.workload.ReplayResult.AnswerCheck;
import dev.heddle.demo.workload.ReplayResult.CacheResult;
import dev.heddle.demo.workload.ReplayResult.Outcome;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkloadDemoTest {

    @Test
    void theDemoTableIsTheBenchmarksRunSummary() {
        // the macro benchmark reads its numbers from this same class (benchmarks depends on demo-app)
        assertThat(RunSummary.class.getPackageName()).isEqualTo(WorkloadDemo.class.getPackageName());
        RunSummary run = new RunSummary("demo", "with Heddle", 1, List.of(
                result(0, 800_000, Outcome.OK, CacheResult.STORED, AnswerCheck.SAME),
                result(1, 2_000, Outcome.OK, CacheResult.EXACT, AnswerCheck.SAME),
                result(2, 3_000, Outcome.OK, CacheResult.SEMANTIC, AnswerCheck.OTHER),
                result(3, 1_000, Outcome.ERROR, CacheResult.NONE, AnswerCheck.UNCHECKED)),
                List.of(Map.of()), new Upstream(2, 1, 1, Map.of("gpt-4o-mini", 1_000_000L), Map.of()), 0.15);

        String table = WorkloadDemo.table(run);

        assertThat(table).contains("calls the app made                        4",
                "upstream requests (vendor's count)        2", "cost at list price                        $0.1500",
                "cache hit rate                            50.0%", "exact hits                                1 (25.0%)",
                "semantic hits                             1 (25.0%)",
                "wrong semantic hits (% of semantic hits)  1 (100.0%)",
                "errors the app saw                        1", "answered by the model or the cache        75.0%");
    }

    @Test
    void theWorkloadModeIsTheDefaultAndKeepsTheDemosRate() throws Exception {
        assertThat(DemoOptions.questionsMode()).isFalse();
        assertThat(DemoOptions.questionsMode("--asks", "40", "--latency-ms", "0")).isTrue();
        assertThat(DemoOptions.questionsMode("--questions")).isTrue();
        WorkloadDemo.Options tenSeconds = DemoOptions.parseWorkload("--duration", "10s");
        assertThat(tenSeconds.spec().requests()).isEqualTo(100);
        assertThat(DemoOptions.parseWorkload().spec()).isEqualTo(WorkloadSpec.demo());
    }

    private static ReplayResult result(int index, long micros, Outcome outcome, CacheResult cache, AnswerCheck check) {
        return new ReplayResult(index, index * 100L, "u" + index, "free", "gpt-4o-mini", RequestKind.REPEAT, 1, 0, micros,
                outcome, cache, 1, check, "-");
    }
}
