package dev.heddle.config;

import static dev.heddle.config.ParseFailures.at;
import static dev.heddle.config.ParseFailures.onlyProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TrackConfigTest {

    private static Optional<TrackConfig> track(String track) throws ConfigException {
        return ConfigLoader.parse("rules:\n  - name: bot\n    preset: openai-java\n    track: " + track + "\n", "heddle.yaml", name -> null)
                .rules().get(0).track();
    }

    private static ConfigProblem onlyTrackProblem(String track) {
        return onlyProblem("rules:\n  - name: bot\n    preset: openai-java\n    track: " + track + "\n");
    }

    @Test
    void trackTrueAndFalseKeepTheirMeaning() throws ConfigException {
        assertThat(track("true")).contains(new TrackConfig(Optional.empty(), Map.of()));
        assertThat(track("false")).isEmpty();
    }

    @Test
    void anEventAloneHasNoProperties() throws ConfigException {
        assertThat(track("{ event: support_question }")).contains(new TrackConfig(Optional.of("support_question")));
        assertThat(new TrackConfig(Optional.of("support_question")).properties()).isEmpty();
    }

    @Test
    void propertiesReadArgumentPathsAndTheReturnValueInFileOrder() throws ConfigException {
        TrackConfig track = track("{ event: asked, properties: { question: arg0, customer: arg0.customer.id, answer: return,"
                + " length: return.length, second: arg12 } }").orElseThrow();

        assertThat(track.event()).contains("asked");
        assertThat(track.properties()).containsExactly(Map.entry("question", "arg0"), Map.entry("customer", "arg0.customer.id"),
                Map.entry("answer", "return"), Map.entry("length", "return.length"), Map.entry("second", "arg12"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"argument0", "arg01", "arg0..id", "arg0.", "returns", "return.", "result.text", "arg0.customer-id"})
    void aPropertyThatIsNeitherAnArgumentPathNorTheReturnValueIsAnErrorAtTheValue(String source) {
        ConfigProblem problem = onlyTrackProblem("{ properties: { p: '" + source + "' } }");

        assertThat(problem.location()).isEqualTo(at(4, 31));
        assertThat(problem.message()).isEqualTo("rules[0].track.properties.p: expected an argument path such as arg0 or"
                + " arg0.customer.id, or the return value, return or return.text (arg0 is the first argument), but found '"
                + source + "'");
    }

    @Test
    void aPropertyWithNoValueIsAnError() {
        ConfigProblem problem = onlyProblem("rules:\n  - name: bot\n    preset: openai-java\n    track:\n      properties:\n"
                + "        question:\n");

        assertThat(problem.location()).isEqualTo(at(6, 18));
        assertThat(problem.message()).startsWith("rules[0].track.properties.question: expected an argument path").endsWith(
                "but found no value");
    }

    @Test
    void propertiesThatAreNotAMappingAreAnError() {
        ConfigProblem problem = onlyTrackProblem("{ properties: [arg0] }");

        assertThat(problem.location()).isEqualTo(at(4, 26));
        assertThat(problem.message()).isEqualTo("rules[0].track.properties: expected a mapping of property names to values,"
                + " such as { question: arg0, length: return.length }, but found a list");
    }

    @Test
    void anUnknownTrackKeyIsAnErrorWithASuggestion() {
        ConfigProblem problem = onlyTrackProblem("{ propertes: { q: arg0 } }");

        assertThat(problem.location()).isEqualTo(at(4, 14));
        assertThat(problem.message()).isEqualTo("rules[0].track: unknown key 'propertes'; did you mean 'properties'?");
    }
}
