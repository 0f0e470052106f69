package dev.heddle.config;

import static dev.heddle.config.ParseFailures.at;
import static dev.heddle.config.ParseFailures.onlyProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PricesTest {

    @Test
    void pricesAreReadPerModelInDollarsPerMillionTokens() throws ConfigException {
        HeddleConfig config = ConfigLoader.parse("""
                prices:
                  gpt-4o-mini: { input: 0.15, output: 0.60 }
                  my-finetune: { input: 3, output: 12.5 }
                """, "heddle.yaml");

        assertThat(config.prices()).containsExactly(
                Map.entry("gpt-4o-mini", new PriceConfig(0.15, 0.60)),
                Map.entry("my-finetune", new PriceConfig(3, 12.5)));
    }

    @Test
    void withoutPricesTheMapIsEmpty() throws ConfigException {
        assertThat(ConfigLoader.parse("rules: []", "heddle.yaml").prices()).isEmpty();
    }

    @Test
    void aPriceWithoutOutputIsAnErrorAtTheModel() {
        ConfigProblem problem = onlyProblem("""
                prices:
                  gpt-4o-mini: { input: 0.15 }
                """);

        assertThat(problem.location()).isEqualTo(at(2, 16));
        assertThat(problem.message()).contains("missing output");
    }

    @Test
    void aNegativePriceIsAnError() {
        ConfigProblem problem = onlyProblem("""
                prices:
                  gpt-4o-mini: { input: -1, output: 0.60 }
                """);

        assertThat(problem.location()).isEqualTo(at(2, 25));
        assertThat(problem.message()).contains("a number of zero or more").contains("-1");
    }

    @Test
    void anUnknownPriceKeyIsAnErrorWithASuggestion() {
        ConfigProblem problem = onlyProblem("""
                prices:
                  gpt-4o-mini: { input: 0.15, outptu: 0.60, output: 0.60 }
                """);

        assertThat(problem.message()).contains("outptu").contains("output");
    }
}
