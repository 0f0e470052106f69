package dev.heddle.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.heddle.analytics.AnalyticsEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link EventSelector}: how funnel steps and conversion events are written and matched. */
class EventSelectorTest {

    private static final AnalyticsEvent POSITIVE = AnalyticsEvent.app(Instant.parse("2026-12-01T10:00:00Z"),
            AnalyticsEvent.EVALUATION, "u1", null, Map.of("prompt-style", "concise"),
            Map.of("gen_ai.evaluation.score.label", "positive", "gen_ai.evaluation.score.value", 1.0));

    @Test
    void aListIsSplitAtCommasOutsideBrackets() {
        List<EventSelector> steps = EventSelector.parseList("page_view, llm_call[model=gpt-4o,cache=hit] ,signup");

        assertThat(steps).extracting(EventSelector::event).containsExactly("page_view", "llm_call", "signup");
        assertThat(steps.get(1).filters()).containsExactly(Map.entry("model", "gpt-4o"), Map.entry("cache", "hit"));
        assertThat(steps.get(1)).hasToString("llm_call[model=gpt-4o,cache=hit]");
    }

    @Test
    void aFilterMatchesAPropertyAsTextOrAsANumber() {
        assertThat(EventSelector.parse("gen_ai.evaluation.result[gen_ai.evaluation.score.label=positive]").matches(POSITIVE)).isTrue();
        assertThat(EventSelector.parse("gen_ai.evaluation.result[gen_ai.evaluation.score.label=negative]").matches(POSITIVE)).isFalse();
        assertThat(EventSelector.parse("gen_ai.evaluation.result[gen_ai.evaluation.score.value=1]").matches(POSITIVE)).isTrue();
        assertThat(EventSelector.parse("gen_ai.evaluation.result[missing=1]").matches(POSITIVE)).isFalse();
        assertThat(EventSelector.parse("page_view").matches(POSITIVE)).isFalse();
    }

    @Test
    void aFilterMayNameAnEventFieldOrAVariant() {
        assertThat(EventSelector.parse("gen_ai.evaluation.result[user=u1,variants.prompt-style=concise]").matches(POSITIVE)).isTrue();
        assertThat(EventSelector.parse("gen_ai.evaluation.result[variants.prompt-style=control]").matches(POSITIVE)).isFalse();
    }

    @Test
    void malformedSelectorsSayWhatIsWrong() {
        assertThatThrownBy(() -> EventSelector.parseList("page_view,llm_call[model=gpt-4o"))
                .hasMessage("'page_view,llm_call[model=gpt-4o' has a '[' without its ']'");
        assertThatThrownBy(() -> EventSelector.parse("llm_call[model]"))
                .hasMessage("'llm_call[model]': the filter 'model' should be property=value");
        assertThatThrownBy(() -> EventSelector.parseList("page_view,,signup")).hasMessage("'' has no event name");
        assertThatThrownBy(() -> EventSelector.parse("[a=b]")).hasMessage("'[a=b]' has no event name");
    }
}
