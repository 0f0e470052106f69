package dev.heddle.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesStoreTest {

    private static final Instant NOON = Instant.parse("2026-03-01T12:00:00.250Z");

    @TempDir
    Path directory;

    /** A clock the test moves. */
    static final class SettableClock extends Clock {
        private volatile Instant now;

        SettableClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    private JsonLinesStore store(long maxFileBytes, int maxFiles, Clock clock, long pid) {
        return new JsonLinesStore(directory, maxFileBytes, maxFiles, clock, pid);
    }

    private static AnalyticsEvent event(long n) {
        return AnalyticsEvent.app(NOON, "step", "alice", null, null, Map.of("n", n));
    }

    private List<String> fileNames() throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }

    /** Every event in the directory, reading its files in name order, as a report would. */
    private List<AnalyticsEvent> readAll() throws IOException {
        List<AnalyticsEvent> events = new ArrayList<>();
        for (String name : fileNames()) {
            for (String line : Files.readAllLines(directory.resolve(name), StandardCharsets.UTF_8)) {
                events.add(EventJson.read(line));
            }
        }
        return events;
    }

    @Test
    void linesWrittenReadBackAsTheSameEventsInOneFileNamedForItsStartAndPid() throws IOException {
        JsonLinesStore store = store(JsonLinesStore.DEFAULT_MAX_FILE_BYTES, 30, Clock.fixed(NOON, ZoneOffset.UTC), 4242);
        List<AnalyticsEvent> first = List.of(EventJsonTest.fullCall(), event(1));
        List<AnalyticsEvent> second = List.of(event(2));

        store.write(first);
        store.write(second);
        store.close();

        assertThat(fileNames()).containsExactly("events-20260301-120000-4242.jsonl");
        assertThat(readAll()).containsExactly(EventJsonTest.fullCall(), event(1), event(2));
        assertThat(Files.readString(directory.resolve("events-20260301-120000-4242.jsonl"))).endsWith("}\n");
    }

    @Test
    void eachBatchIsInTheFileWhenWriteReturns() throws IOException {
        JsonLinesStore store = store(JsonLinesStore.DEFAULT_MAX_FILE_BYTES, 30, Clock.fixed(NOON, ZoneOffset.UTC), 1);

        store.write(List.of(event(1), event(2)));

        assertThat(readAll()).containsExactly(event(1), event(2));
        store.close();
    }

    @Test
    void aMissingDirectoryIsCreatedAtTheFirstBatch() throws IOException {
        Path nested = directory.resolve("var/heddle/events");
        JsonLinesStore store = new JsonLinesStore(nested, 1024, 3, Clock.fixed(NOON, ZoneOffset.UTC), 7);
        assertThat(nested).doesNotExist();

        store.write(List.of(event(1)));
        store.close();

        assertThat(nested.resolve("events-20260301-120000-7.jsonl")).isRegularFile();
    }

    @Test
    void rotationBySizeKeepsTheNewestFilesUpToTheLimitInNameOrder() throws IOException {
        JsonLinesStore store = store(1, 3, Clock.fixed(NOON, ZoneOffset.UTC), 5);

        for (long n = 0; n < 10; n++) store.write(List.of(event(n)));
        store.close();

        assertThat(fileNames()).as("files started in the same second are named a second apart")
                .containsExactly("events-20260301-120007-5.jsonl", "events-20260301-120008-5.jsonl",
                        "events-20260301-120009-5.jsonl");
        assertThat(readAll()).containsExactly(event(7), event(8), event(9));
    }

    @Test
    void aFileIsRotatedOnlyAfterTheBatchThatCrossesTheSize() throws IOException {
        int lineBytes = EventJson.line(event(0)).length() + 1;
        JsonLinesStore store = store(2L * lineBytes + 1, 30, Clock.fixed(NOON, ZoneOffset.UTC), 5);

        store.write(List.of(event(0), event(1)));
        store.write(List.of(event(2), event(3)));
        store.write(List.of(event(4)));
        store.close();

        assertThat(fileNames()).containsExactly("events-20260301-120000-5.jsonl", "events-20260301-120001-5.jsonl");
        assertThat(Files.readAllLines(directory.resolve("events-20260301-120000-5.jsonl"))).hasSize(4);
    }

    @Test
    void twoStoresInOneDirectoryWriteDifferentFilesAndNeverDeleteTheOthersOpenFile() throws IOException {
        Clock clock = Clock.fixed(NOON, ZoneOffset.UTC);
        JsonLinesStore steady = store(JsonLinesStore.DEFAULT_MAX_FILE_BYTES, 30, clock, 111);
        JsonLinesStore rotating = store(1, 1, clock, 222);

        steady.write(List.of(event(1)));
        for (long n = 10; n < 15; n++) rotating.write(List.of(event(n)));
        steady.write(List.of(event(2)));

        assertThat(steady.currentFile()).isEqualTo(directory.resolve("events-20260301-120000-111.jsonl"));
        assertThat(fileNames()).containsExactly("events-20260301-120000-111.jsonl", "events-20260301-120004-222.jsonl");
        assertThat(Files.readAllLines(steady.currentFile())).hasSize(2);
        steady.close();
        rotating.close();
    }

    @Test
    void theOldFilesOfAJvmThatStoppedAreDeletedOldestFirst() throws IOException {
        for (String stopped : List.of("events-20260101-000000-99.jsonl", "events-20260102-000000-98.jsonl")) {
            Files.writeString(directory.resolve(stopped), EventJson.line(event(0)) + "\n");
        }
        Files.writeString(directory.resolve("notes.jsonl"), "not ours\n");
        JsonLinesStore store = store(JsonLinesStore.DEFAULT_MAX_FILE_BYTES, 2, Clock.fixed(NOON, ZoneOffset.UTC), 5);

        store.write(List.of(event(1)));
        store.close();

        assertThat(fileNames()).containsExactly("events-20260102-000000-98.jsonl", "events-20260301-120000-5.jsonl",
                "notes.jsonl");
    }

    @Test
    void aFileOfTheSameNameFromAnotherJvmWithTheSamePidIsLeftAlone() throws IOException {
        Path other = directory.resolve("events-20260301-120000-1.jsonl");
        Files.writeString(other, "another container's line\n");
        JsonLinesStore store = store(JsonLinesStore.DEFAULT_MAX_FILE_BYTES, 30, Clock.fixed(NOON, ZoneOffset.UTC), 1);

        store.write(List.of(event(1)));
        store.close();

        assertThat(Files.readString(other)).isEqualTo("another container's line\n");
        assertThat(fileNames()).containsExactly("events-20260301-120000-1.jsonl", "events-20260301-120001-1.jsonl");
    }

    @Test
    void theFirstBatchOfANewUtcDayStartsANewFile() throws IOException {
        SettableClock clock = new SettableClock(Instant.parse("2026-03-01T23:59:58.900Z"));
        JsonLinesStore store = store(JsonLinesStore.DEFAULT_MAX_FILE_BYTES, 30, clock, 5);

        store.write(List.of(event(1)));
        clock.set(Instant.parse("2026-03-01T23:59:59.999Z"));
        store.write(List.of(event(2)));
        clock.set(Instant.parse("2026-03-02T00:00:00.001Z"));
        store.write(List.of(event(3)));
        store.close();

        assertThat(fileNames()).containsExactly("events-20260301-235958-5.jsonl", "events-20260302-000000-5.jsonl");
        assertThat(Files.readAllLines(directory.resolve("events-20260302-000000-5.jsonl"))).hasSize(1);
        assertThat(readAll()).containsExactly(event(1), event(2), event(3));
    }
}
