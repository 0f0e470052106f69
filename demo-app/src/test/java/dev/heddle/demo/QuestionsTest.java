package dev.heddle.demo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QuestionsTest {

    @Test
    void scheduleAsksEveryDistinctQuestionWithRepeats() {
        var schedule = Questions.schedule(30, 42);

        assertThat(schedule).hasSize(30);
        assertThat(schedule).containsAll(Questions.DISTINCT);
        assertThat(schedule.stream().distinct().count()).isEqualTo(Questions.DISTINCT.size());
    }

    @Test
    void sameSeedGivesTheSameSchedule() {
        assertThat(Questions.schedule(30, 42)).isEqualTo(Questions.schedule(30, 42));
    }

    @Test
    void fewerAsksThanQuestionsAskDistinctQuestionsOnly() {
        var schedule = Questions.schedule(3, 42);

        assertThat(schedule).hasSize(3).doesNotHaveDuplicates();
    }
}
