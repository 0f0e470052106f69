package dev.heddle.demo.mock;

import static dev.heddle.demo.mock.RawHttp.chat;
import static dev.heddle.demo.mock.RawHttp.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A fault schedule on a real server, its clock driven by hand: the background, then a phase's
 * fault, then the background again, with real requests and their status codes.
 */
class ScheduledFaultsTest {

    /** An arbitrary reading, far from zero, as {@link System#nanoTime()} is. */
    private static final long CLOCK_START = 987_654_321_000L;

    private final AtomicLong nanos = new AtomicLong(CLOCK_START);
    private MockLlmServer server;
    private RawHttp http;

    @BeforeEach
    void start() {
        server = MockLlmServer.start(MockSettings.defaults().withNanoClock(nanos::get));
        http = new RawHttp(server);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** Moves the clock to {@code seconds} after {@link #CLOCK_START}. */
    private void clockAt(double seconds) {
        nanos.set(CLOCK_START + Math.round(seconds * 1e9));
    }

    private int chatStatus() throws IOException {
        return http.post(MockLlmServer.CHAT_COMPLETIONS, chat("gpt-4o-mini", "What is a heddle?", "")).statusCode();
    }

    private List<Integer> statuses(int count) throws IOException {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            statuses.add(chatStatus());
        }
        return statuses;
    }

    private static FaultSchedule throttleThenOutage(FaultPlan background) {
        return FaultSchedule.builder().background(background)
                .phase(Duration.ofSeconds(60), Duration.ofSeconds(90), FaultPlan.rate(FaultKind.RATE_LIMIT, 1.0))
                .phase(Duration.ofSeconds(120), Duration.ofSeconds(140), FaultPlan.rate(FaultKind.UNAVAILABLE, 1.0))
                .build();
    }

    @Test
    void servesTheBackgroundThenEachPhasesFaultThenTheBackgroundAgain() throws Exception {
        clockAt(-5);
        server.schedule(throttleThenOutage(FaultPlan.none()));

        clockAt(-5 + 0);
        assertThat(statuses(2)).as("background").containsOnly(200);
        clockAt(-5 + 59.999);
        assertThat(statuses(1)).as("just before the phase").containsOnly(200);
        clockAt(-5 + 60);
        assertThat(statuses(3)).as("throttled").containsOnly(429);
        assertThat(server.activePhase()).isEqualTo("phase-1");
        clockAt(-5 + 90);
        assertThat(statuses(2)).as("background again").containsOnly(200);
        assertThat(server.activePhase()).isEqualTo(FaultSchedule.BACKGROUND);
        clockAt(-5 + 125);
        assertThat(statuses(2)).as("outage").containsOnly(503);
        clockAt(-5 + 140);
        assertThat(statuses(2)).as("after the last phase").containsOnly(200);
    }

    @Test
    void theScheduleIsTimedFromTheCallThatInstalledIt() throws Exception {
        clockAt(1_000);
        server.schedule(FaultSchedule.builder()
                .phase(Duration.ZERO, Duration.ofSeconds(10), FaultPlan.rate(FaultKind.SERVER_ERROR, 1.0)).build());

        assertThat(server.scheduleElapsed()).isEqualTo(Duration.ZERO);
        assertThat(statuses(1)).containsOnly(500);
        clockAt(1_009);
        assertThat(server.scheduleElapsed()).isEqualTo(Duration.ofSeconds(9));
        assertThat(statuses(1)).containsOnly(500);
        clockAt(1_010);
        assertThat(statuses(1)).containsOnly(200);
    }

    @Test
    void theBackgroundKeepsItsRequestNumbersAcrossPhasesAndAPhaseCountsFromItsFirstRequest() throws Exception {
        server.schedule(FaultSchedule.builder().background(FaultPlan.next(2, FaultKind.SERVER_ERROR))
                .phase(Duration.ofSeconds(10), Duration.ofSeconds(20), FaultPlan.next(1, FaultKind.UNAVAILABLE))
                .build());

        assertThat(statuses(1)).as("background request 1").containsExactly(500);
        clockAt(10);
        assertThat(statuses(2)).as("phase requests 1 and 2").containsExactly(503, 200);
        clockAt(20);
        assertThat(statuses(2)).as("background requests 2 and 3").containsExactly(500, 200);
    }

    @Test
    void statsCountEachPhasesRequestsAnswersAndFaultsByKind() throws Exception {
        server.schedule(FaultSchedule.builder().background(FaultPlan.next(1, FaultKind.SERVER_ERROR))
                .phase("throttled", Duration.ofSeconds(60), Duration.ofSeconds(90),
                        FaultPlan.rate(FaultKind.RATE_LIMIT, 1.0))
                .phase(Duration.ofSeconds(120), Duration.ofSeconds(140), FaultPlan.next(1, FaultKind.UNAVAILABLE))
                .build());

        statuses(3);                                                      // 500, 200, 200
        http.post(MockLlmServer.CHAT_COMPLETIONS, "{\"model\":\"m\"}");   // 400: no messages
        clockAt(60);
        statuses(4);                                                      // 429 x 4
        clockAt(120);
        statuses(2);                                                      // 503, 200
        http.post(MockLlmServer.MESSAGES, message("claude-haiku", "q", "")); // 200

        MockStats stats = server.stats();
        assertThat(stats.countsByPhase()).containsOnlyKeys(FaultSchedule.BACKGROUND, "throttled", "phase-2");
        assertThat(stats.countsByPhase().get(FaultSchedule.BACKGROUND)).isEqualTo(new MockStats.PhaseCounts(
                4, 2, 1, java.util.Map.of(FaultKind.SERVER_ERROR, 1L)));
        assertThat(stats.countsByPhase().get("throttled")).isEqualTo(new MockStats.PhaseCounts(
                4, 0, 0, java.util.Map.of(FaultKind.RATE_LIMIT, 4L)));
        MockStats.PhaseCounts outage = stats.countsByPhase().get("phase-2");
        assertThat(outage.requests()).isEqualTo(3);
        assertThat(outage.answered()).isEqualTo(2);
        assertThat(outage.faulted()).isEqualTo(1);
        assertThat(outage.faults(FaultKind.UNAVAILABLE)).isEqualTo(1);
        assertThat(outage.faults(FaultKind.DROP)).isZero();
        assertThat(stats.faultsByKind()).containsOnly(entry(FaultKind.SERVER_ERROR, 1L),
                entry(FaultKind.RATE_LIMIT, 4L), entry(FaultKind.UNAVAILABLE, 1L));
        assertThat(stats.requests()).isEqualTo(11);
        assertThat(stats.answered()).isEqualTo(4);

        JsonNode json = RawHttp.json(http.get("/admin/stats"));
        assertThat(json.at("/phases/throttled/requests").asLong()).isEqualTo(4);
        assertThat(json.at("/phases/throttled/faults/RATE_LIMIT").asLong()).isEqualTo(4);
        assertThat(json.at("/phases/background/answered").asLong()).isEqualTo(2);
        assertThat(json.at("/phases/background/rejected").asLong()).isEqualTo(1);

        stats.reset();
        assertThat(stats.countsByPhase()).isEmpty();
    }

    @Test
    void faultsInstallsAScheduleOfOnlyThatBackground() throws Exception {
        server.schedule(throttleThenOutage(FaultPlan.none()));
        server.faults(FaultPlan.next(1, FaultKind.SERVER_ERROR));

        assertThat(server.schedule()).isEqualTo(FaultSchedule.of(FaultPlan.next(1, FaultKind.SERVER_ERROR)));
        clockAt(60);
        assertThat(statuses(2)).as("no phase any more").containsExactly(500, 200);
        assertThat(server.stats().countsByPhase()).containsOnlyKeys(FaultSchedule.BACKGROUND);
    }

    @Test
    void faultsShowsThePlanOfThePhaseInForce() {
        server.schedule(throttleThenOutage(FaultPlan.none()));

        assertThat(server.faults()).isEqualTo(FaultPlan.none());
        clockAt(61);
        assertThat(server.faults()).isEqualTo(FaultPlan.rate(FaultKind.RATE_LIMIT, 1.0));
    }

    @Test
    void aScheduleInTheSettingsStartsWithTheServer() throws Exception {
        server.close();
        clockAt(0);
        server = MockLlmServer.start(MockSettings.defaults().withNanoClock(nanos::get)
                .withSchedule(throttleThenOutage(FaultPlan.none())));
        http = new RawHttp(server);

        assertThat(statuses(1)).containsOnly(200);
        clockAt(130);
        assertThat(statuses(1)).containsOnly(503);
    }

    @Test
    void adminScheduleInstallsAScheduleFromJsonAndShowsTheActivePhase() throws Exception {
        clockAt(3);
        HttpResponse<String> installed = http.post("/admin/schedule",
                "{\"background\":{\"rates\":{\"server_error\":1}},\"phases\":[{\"name\":\"throttled\","
                        + "\"fromSeconds\":60,\"toSeconds\":90,\"faults\":{\"rates\":{\"RATE_LIMIT\":1.0}}}]}");

        assertThat(installed.statusCode()).isEqualTo(200);
        FaultSchedule expected = FaultSchedule.builder().background(FaultPlan.rate(FaultKind.SERVER_ERROR, 1.0))
                .phase("throttled", Duration.ofSeconds(60), Duration.ofSeconds(90),
                        FaultPlan.rate(FaultKind.RATE_LIMIT, 1.0))
                .build();
        assertThat(server.schedule()).isEqualTo(expected);
        assertThat(RawHttp.json(installed).get("activePhase").asText()).isEqualTo(FaultSchedule.BACKGROUND);
        assertThat(statuses(1)).containsOnly(500);

        clockAt(3 + 75.5);
        JsonNode shown = RawHttp.json(http.get("/admin/schedule"));
        assertThat(FaultSchedule.fromJson(shown.get("schedule"))).isEqualTo(expected);
        assertThat(shown.get("activePhase").asText()).isEqualTo("throttled");
        assertThat(shown.get("elapsedMillis").asLong()).isEqualTo(75_500);
        assertThat(statuses(1)).containsOnly(429);

        assertThat(http.post("/admin/schedule", "").statusCode()).isEqualTo(200);
        assertThat(server.schedule()).isEqualTo(FaultSchedule.none());
        assertThat(statuses(1)).containsOnly(200);
    }

    @Test
    void adminScheduleRejectsAnInvalidScheduleAndKeepsTheOldOne() throws Exception {
        server.schedule(throttleThenOutage(FaultPlan.none()));

        HttpResponse<String> overlapping = http.post("/admin/schedule", "{\"phases\":["
                + "{\"fromSeconds\":0,\"toSeconds\":10},{\"fromSeconds\":5,\"toSeconds\":20}]}");
        HttpResponse<String> notJson = http.post("/admin/schedule", "{phases");
        HttpResponse<String> wrongMethod = http.request("PUT", "/admin/schedule", "{}");

        assertThat(overlapping.statusCode()).isEqualTo(400);
        assertThat(RawHttp.json(overlapping).at("/error/message").asText()).contains("overlap");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(server.schedule()).isEqualTo(throttleThenOutage(FaultPlan.none()));
    }
}
