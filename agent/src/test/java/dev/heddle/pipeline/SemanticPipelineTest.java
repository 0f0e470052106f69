package dev.heddle.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heddle.bootstrap.Answer;
import dev.heddle.cache.ArgumentKey;
import dev.heddle.config.ConfigLoader;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The semantic tier of a {@code match:} rule, with the real local model: the method's one
 * {@code String} argument is compared, the other arguments must be equal, and the tenant scope
 * keeps each tenant's answers to itself.
 */
class SemanticPipelineTest {

    /** The tenant, read by the rule's {@code tenant: { argument: arg1.id }}. */
    public record Tenant(String id) {
    }

    private static final String ASK = "com.example.Bot:ask(Ljava/lang/String;Ldev/heddle/pipeline/SemanticPipelineTest$Tenant;)"
            + "Ljava/lang/String;";
    private static final String RULES = """
            rules:
              - name: bot
                match: { type: com.example.Bot, method: ask }
                cache:
                  ttl: 1h
                  semantic: { threshold: 0.9, scope: tenant, tenant: { argument: arg1.id } }
            """;

    private final CallPipeline pipeline;
    private final Registry registry;

    SemanticPipelineTest() throws Exception {
        registry = new Registry(ConfigLoader.parse(RULES, "test.yaml"));
        registry.register(new WovenMethod(ASK, List.of("bot"), Optional.empty()));
        pipeline = new CallPipeline(registry);
    }

    private Object ask(String question, Tenant tenant, String fresh) {
        Object token = pipeline.enter(ASK, Object.class, null, new Object[] {question, tenant});
        if (token instanceof Answer hit) return hit.value();
        return token == null ? fresh : pipeline.exit(token, fresh, null);
    }

    @Test
    void aParaphraseWithinOneTenantIsAnsweredFromTheCacheAndAnotherTenantNeverSeesIt() {
        Tenant acme = new Tenant("acme");
        Tenant globex = new Tenant("globex");

        assertThat(ask("How do I learn Python quickly?", acme, "acme's answer")).isEqualTo("acme's answer");

        assertThat(ask("What is the fastest way to learn Python?", acme, "unused")).isEqualTo("acme's answer");
        assertThat(ask("What is the fastest way to learn Python?", globex, "globex's answer")).isEqualTo("globex's answer");
        assertThat(ask("How do I learn Python quickly?", globex, "unused")).isEqualTo("globex's answer");
        // acme's paraphrase, and globex's first question asked after its paraphrase: each within its own tenant
        assertThat(registry.cacheCounters("bot").semanticHits()).isEqualTo(2);
    }

    @Test
    void aCallWithoutATenantIsNotCachedAtAll() {
        assertThat(ask("How do I learn Python quickly?", new Tenant(null), "first")).isEqualTo("first");

        assertThat(ask("How do I learn Python quickly?", new Tenant(null), "second")).isEqualTo("second");
        assertThat(registry.cacheCounters("bot").uncacheable()).isEqualTo(2);
    }

    @Test
    void theGuardKeepsSwappedUnitsApartEvenWithinATenant() {
        Tenant acme = new Tenant("acme");
        ask("How do I convert 10 miles to km?", acme, "multiply by 1.609");

        assertThat(ask("How do I convert 10 km to miles?", acme, "divide by 1.609")).isEqualTo("divide by 1.609");
    }

    @Test
    void aQuestionLongerThanTheKeyLimitIsNotCachedSemanticallySoItsOpeningCannotMatchAnother() {
        Tenant acme = new Tenant("acme");
        String opening = "How do I learn Python quickly? ".repeat(ArgumentKey.MAX_KEY_CHARS / 31 + 1);

        assertThat(ask(opening + "Answer briefly.", acme, "briefly")).isEqualTo("briefly");
        // the same opening, another ending: an embedder reads only a text's first few hundred tokens
        assertThat(ask(opening + "Answer at length.", acme, "at length")).isEqualTo("at length");
        assertThat(registry.cacheCounters("bot").semanticHits()).isZero();
        // the exact tier keeps it, under its digest
        assertThat(ask(opening + "Answer briefly.", acme, "unused")).isEqualTo("briefly");
        // the control: a short question is cached as ever
        ask("How do I learn Python quickly?", acme, "short");
        assertThat(ask("What is the fastest way to learn Python?", acme, "unused")).isEqualTo("short");
    }
}
