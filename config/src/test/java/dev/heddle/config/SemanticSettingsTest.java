package dev.heddle.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.heddle.config.SemanticConfig.SemanticScope;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code cache.semantic}: scope, tenant, guard and embedder, with clear problems for what is wrong. */
class SemanticSettingsTest {

    private static SemanticConfig semantic(String semanticYaml) throws ConfigException {
        HeddleConfig config = ConfigLoader.parse("""
                rules:
                  - name: chat
                    preset: openai-java
                    cache: { ttl: 1h, semantic: %s }
                """.formatted(semanticYaml), ParseFailures.SOURCE, Map.<String, String>of()::get);
        return config.rules().get(0).cache().orElseThrow().semantic().orElseThrow();
    }

    private static String onlyProblem(String semanticYaml) {
        try {
            SemanticConfig accepted = semantic(semanticYaml);
            return fail("expected a ConfigException, but the YAML was accepted as " + accepted);
        } catch (ConfigException e) {
            List<ConfigProblem> problems = e.problems();
            assertThat(problems).hasSize(1);
            return problems.get(0).message();
        }
    }

    @Test
    void anEmptyMappingMeansTheMeasuredDefaults() throws ConfigException {
        assertThat(semantic("{}")).isEqualTo(new SemanticConfig(SemanticConfig.DEFAULT_THRESHOLD, SemanticScope.GLOBAL,
                Optional.empty(), true, EmbedderConfig.local()));
    }

    @Test
    void everySettingIsRead() throws ConfigException {
        SemanticConfig read = semantic("{ threshold: 0.9, scope: tenant, tenant: { mdc: tenantId }, guard: false,"
                + " embedder: 'local:bge-small-en-v1.5-q' }");

        assertThat(read).isEqualTo(new SemanticConfig(0.9, SemanticScope.TENANT,
                Optional.of(new UserConfig(Optional.empty(), Optional.of("tenantId"), Optional.empty())), false,
                EmbedderConfig.local("bge-small-en-v1.5-q")));
    }

    @Test
    void anOpenAiEmbedderHasTheUsualBaseUrlAndKeyVariableUnlessGiven() throws ConfigException {
        assertThat(semantic("{ embedder: { provider: openai, model: text-embedding-3-small } }").embedder())
                .isEqualTo(new EmbedderConfig("openai", "text-embedding-3-small", Optional.of("https://api.openai.com/v1"),
                        Optional.of("OPENAI_API_KEY"), EmbedderConfig.DEFAULT_TIMEOUT));
        assertThat(semantic("{ embedder: { provider: openai, model: m, baseUrl: 'http://127.0.0.1:8080/v1',"
                + " apiKeyEnv: MY_KEY, timeout: 500ms } }").embedder())
                .isEqualTo(new EmbedderConfig("openai", "m", Optional.of("http://127.0.0.1:8080/v1"), Optional.of("MY_KEY"),
                        Duration.ofMillis(500)));
    }

    @Test
    void scopeTenantWithoutATenantSaysWhereToFindIt() {
        assertThat(onlyProblem("{ scope: tenant }")).isEqualTo("rules[0].cache.semantic: scope tenant needs 'tenant': where a"
                + " call finds its tenant id, such as { mdc: tenantId }");
    }

    @Test
    void anUnknownScopeNamesTheKnownOnes() {
        assertThat(onlyProblem("{ scope: team }")).isEqualTo("rules[0].cache.semantic.scope: expected global, user or tenant,"
                + " but found 'team'");
    }

    @Test
    void aTenantWithoutScopeTenantIsAProblem() {
        assertThat(onlyProblem("{ scope: user, tenant: { mdc: tenantId } }"))
                .isEqualTo("rules[0].cache.semantic.tenant: 'tenant' applies only to scope: tenant");
    }

    @Test
    void anOpenAiEmbedderNeedsAModel() {
        assertThat(onlyProblem("{ embedder: { provider: openai } }"))
                .isEqualTo("rules[0].cache.semantic.embedder: provider openai needs 'model', such as text-embedding-3-small");
    }

    @Test
    void anEmbedderThatIsNeitherLocalNorAMappingIsAProblem() {
        assertThat(onlyProblem("{ embedder: cohere }")).isEqualTo("rules[0].cache.semantic.embedder: expected local,"
                + " local:<model>, or a mapping such as { provider: openai, model: text-embedding-3-small }, but found 'cohere'");
    }

    @Test
    void aBaseUrlMustBeHttp() {
        assertThat(onlyProblem("{ embedder: { provider: openai, model: m, baseUrl: 'ftp://x' } }")).isEqualTo(
                "rules[0].cache.semantic.embedder.baseUrl: expected an http or https URL such as https://api.openai.com/v1,"
                        + " but found 'ftp://x'");
    }

    @Test
    void remoteSettingsOnALocalEmbedderAreAProblem() {
        assertThat(onlyProblem("{ embedder: { provider: local, apiKeyEnv: KEY } }"))
                .isEqualTo("rules[0].cache.semantic.embedder.apiKeyEnv: 'apiKeyEnv' applies only to provider: openai");
    }
}
