package dev.heddle.demo.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** {@link MockSettings#withChunkMillis}: a streamed answer arrives spread out, as a model generates it. */
class StreamPacingTest {

    private static final String STREAMED = RawHttp.chat("gpt-4o-mini", "What is a heddle?", "\"stream\":true");

    private static String body(MockSettings settings) throws Exception {
        try (MockLlmServer server = MockLlmServer.start(settings)) {
            HttpResponse<String> response = new RawHttp(server).post(MockLlmServer.CHAT_COMPLETIONS, STREAMED);
            assertThat(response.statusCode()).isEqualTo(200);
            return response.body();
        }
    }

    @Test
    void eachEventAfterTheFirstWaitsThePaceAndTheEventsAreUnchanged() throws Exception {
        String unpaced = body(MockSettings.defaults());
        int events = RawHttp.events(unpaced).size();

        long start = System.nanoTime();
        String paced = body(MockSettings.defaults().withChunkMillis(20));
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

        assertThat(paced.replaceAll("\"created\":\\d+", "")).isEqualTo(unpaced.replaceAll("\"created\":\\d+", ""));
        assertThat(elapsedMillis).as("a lower bound: %d events, 20 ms apart", events).isGreaterThanOrEqualTo((events - 1) * 20L);
    }

    @Test
    void aNegativePaceIsRefused() {
        assertThatThrownBy(() -> MockSettings.defaults().withChunkMillis(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
