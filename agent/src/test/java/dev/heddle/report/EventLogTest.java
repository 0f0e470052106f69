package dev.heddle.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.heddle.analytics.AnalyticsEvent;
import dev.heddle.analytics.EventJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link EventLog}: which files it reads, the order of the events, and the lines it skips. */
class EventLogTest {

    @TempDir
    Path directory;

    @Test
    void readsThePlainAndTheGzippedFilesOfADirectoryAndSortsTheirEventsByTime() throws IOException {
        ReportWorkload.write(directory);

        EventLog log = EventLog.read(directory);

        assertThat(log.files()).extracting(file -> file.getFileName().toString())
                .containsExactly(ReportWorkload.DAY_1_FILE, ReportWorkload.DAY_2_FILE);
        assertThat(log.events()).hasSize(44);
        assertThat(log.events()).extracting(AnalyticsEvent::time).isSorted();
        assertThat(log.events().get(0).time()).isEqualTo(ReportWorkload.at(1, "08:55:00"));
        assertThat(log.events().get(43).time()).isEqualTo(ReportWorkload.at(2, "10:20:00"));
    }

    @Test
    void eventsOfTheSameInstantKeepTheOrderTheyWereWrittenIn() throws IOException {
        ReportWorkload.write(directory);

        List<AnalyticsEvent> sameInstant = EventLog.read(directory).events().stream()
                .filter(event -> event.time().equals(ReportWorkload.at(1, "09:10:00"))).toList();

        assertThat(sameInstant).extracting(AnalyticsEvent::event).containsExactly("query_submitted", "page_view");
    }

    @Test
    void badLinesAreSkippedAndCountedWithTheFirstOnesFileAndLineButBlankLinesAreNot() throws IOException {
        ReportWorkload.write(directory);

        EventLog log = EventLog.read(directory);

        assertThat(log.skippedLines()).isEqualTo(2);
        assertThat(log.skippedSummary()).hasValueSatisfying(summary -> assertThat(summary)
                .startsWith("2 lines skipped (first: " + ReportWorkload.DAY_1_FILE + ":3: not an event line: ")
                .contains("'not a time'")
                .endsWith(")"));
    }

    @Test
    void aSingleFileIsReadWhateverItsName() throws IOException {
        Path file = directory.resolve("export.txt");
        Files.writeString(file, EventJson.line(AnalyticsEvent.app(Instant.parse("2026-12-01T10:00:00Z"), "page_view", "u1", null,
                Map.of(), Map.of())) + "\n{}\n");

        EventLog log = EventLog.read(file);

        assertThat(log.events()).extracting(AnalyticsEvent::event).containsExactly("page_view");
        assertThat(log.skippedSummary()).hasValue("1 line skipped (first: export.txt:2: an event line needs \"time\" and \"event\")");
    }

    @Test
    void aPathThatDoesNotExistIsNamed() {
        assertThatThrownBy(() -> EventLog.read(directory.resolve("missing")))
                .isInstanceOf(NoSuchFileException.class).hasMessageContaining("missing");
    }

    @Test
    void betweenKeepsTheEventsFromItsStartUpToButNotIncludingItsEnd() throws IOException {
        ReportWorkload.write(directory);

        EventLog day2 = EventLog.read(directory).between(Instant.parse("2026-12-02T00:00:00Z"), Instant.parse("2026-12-02T10:00:00Z"));

        assertThat(day2.events()).extracting(AnalyticsEvent::time)
                .allSatisfy(time -> assertThat(time).isBetween(ReportWorkload.at(2, "00:00:00"), ReportWorkload.at(2, "09:59:59")));
        assertThat(day2.events()).hasSize(6);
        assertThat(day2.skippedLines()).isEqualTo(2);
    }
}
