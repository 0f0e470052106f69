package dev.heddle.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.heddle.report.CostBreakdown.Line;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** {@link CostBreakdown} of the seven calls of the {@link ReportWorkload}. */
class CostBreakdownTest {

    private static final CostBreakdown COSTS = CostBreakdown.of(ReportWorkload.events());

    @Test
    void theTotalIsEveryCallsTokensAndCost() {
        assertThat(COSTS.total().calls()).isEqualTo(7);
        assertThat(COSTS.total().inputTokens()).isEqualTo(4500);
        assertThat(COSTS.total().outputTokens()).isEqualTo(750);
        assertThat(COSTS.total().costUsd()).isCloseTo(0.0135, within(1e-12));
    }

    @Test
    void perModelTheCostliestComesFirst() {
        assertThat(COSTS.byModel()).containsOnlyKeys("gpt-4o", "gpt-4o-mini");
        assertThat(COSTS.byModel().keySet()).containsExactly("gpt-4o", "gpt-4o-mini");
        assertLine(COSTS.byModel().get("gpt-4o"), 5, 3200, 500, 0.0130);
        assertLine(COSTS.byModel().get("gpt-4o-mini"), 2, 1300, 250, 0.0005);
    }

    @Test
    void perUserTheCostliestComesFirstAndEqualCostsGoByName() {
        assertThat(COSTS.byUser().keySet()).containsExactly("u01", "u06", "u05", "u02", "u03", "u04");
        assertLine(COSTS.byUser().get("u01"), 2, 2000, 200, 0.0070);
        assertLine(COSTS.byUser().get("u03"), 1, 0, 0, 0.0);
    }

    @Test
    void perUtcDayInDateOrder() {
        assertThat(COSTS.byDay().keySet()).containsExactly(LocalDate.of(2026, 12, 1), LocalDate.of(2026, 12, 2));
        assertLine(COSTS.byDay().get(LocalDate.of(2026, 12, 1)), 3, 1500, 300, 0.0047);
        assertLine(COSTS.byDay().get(LocalDate.of(2026, 12, 2)), 4, 3000, 450, 0.0088);
    }

    @Test
    void theCacheSavedWhatItsExactAndSemanticHitsWouldHaveCost() {
        CostBreakdown.Savings savings = COSTS.savings();

        // the call of a rule without a cache (cache=none) is no lookup
        assertThat(savings.lookups()).isEqualTo(6);
        assertThat(savings.hits()).isEqualTo(1);
        assertThat(savings.semanticHits()).isEqualTo(1);
        assertThat(savings.hitRate()).isCloseTo(2.0 / 6, within(1e-12));
        assertThat(savings.savedUsd()).isCloseTo(0.0085, within(1e-12));
        assertThat(savings.byModel()).containsOnlyKeys("gpt-4o");
        assertThat(savings.byModel().get("gpt-4o").hits()).isEqualTo(2);
        assertThat(savings.byModel().get("gpt-4o").savedUsd()).isCloseTo(0.0085, within(1e-12));
    }

    private static void assertLine(Line line, long calls, long input, long output, double cost) {
        assertThat(line.calls()).isEqualTo(calls);
        assertThat(line.inputTokens()).isEqualTo(input);
        assertThat(line.outputTokens()).isEqualTo(output);
        assertThat(line.costUsd()).isCloseTo(cost, within(1e-12));
    }
}
