package dev.heddle.it;

import static dev.heddle.it.harness.ChildAssertions.assertPrinted;
import static org.assertj.core.api.Assertions.assertThat;

import dev.heddle.demo.mock.MockLlmServer;
import dev.heddle.it.app.sdk.SemanticQuestionsApp;
import dev.heddle.it.harness.ChildResult;
import dev.heddle.it.harness.ConfigFiles;
import dev.heddle.it.harness.Jdk;
import dev.heddle.it.harness.OnEveryJdk;
import dev.heddle.it.harness.SdkApps;
import dev.heddle.it.harness.TestApps;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * An unmodified app asks the official OpenAI SDK questions against the mock LLM server; with the
 * agent and a {@code semantic:} cache on its {@code preset: openai-java} rule, a question that
 * means the same as an earlier one (its last user message embedded by the local MiniLM model of
 * {@code heddle-embeddings.jar}, which the build puts beside {@code agent/target/heddle-agent.jar})
 * is answered with the earlier answer, and the vendor is not asked. Everything else that changes
 * the answer must match exactly (system prompt, model, the user for {@code scope: user}), the
 * false-hit guard keeps apart messages that differ in what the model is blind to (the order of
 * "10 miles to km" and "10 km to miles"), {@code Heddle.rejectLastAnswer()} evicts a semantic hit's
 * entry, and {@code CacheControl} turns reading and storing off per call.
 *
 * <p>What the tests assert is what a user sees: how many requests the vendor counted (its own
 * count, read in the test JVM and by the app through the mock's {@code /admin/stats} around each
 * call) and which answer (the vendor's answer id) each question got.
 *
 * <p>The paraphrases were measured with the agent's local embedder ({@code all-minilm-l6-v2-q}):
 * "How do I learn Python quickly?" is 0.927 from "What is the fastest way to learn Python?" and
 * 0.941 from "What's the quickest way to learn Python?"; those two are 0.950 apart; "What is a
 * heddle for?" is 0.940 from "What is a heddle used for?" and 0.952 from "What's the purpose of a
 * heddle?"; "How do I learn Java quickly?" is 0.527 from the Python question; "How do I convert 10
 * miles to km?" is 0.982 from "How do I convert 10 km to miles?". So threshold 0.9 is used
 * throughout, except for the guard's test, which lowers it to 0.8 to show that the guard, not the
 * threshold, keeps the conversions apart.
 */
class SemanticCacheWithAgentTest {

    private static final String CONFIG = """
            rules:
              - name: openai
                preset: openai-java
                cache:
                  ttl: 1h
                  semantic: { %s }
            """;

    private static final String GLOBAL = "threshold: 0.9, scope: global";
    private static final String PER_USER = "threshold: 0.9, scope: user";

    private static final String MODEL = "gpt-4o-mini";
    private static final String SYSTEM = "You are a helpful tutor.";

    private static final String LEARN_PYTHON = "How do I learn Python quickly?";
    private static final String FASTEST_WAY = "What is the fastest way to learn Python?";
    private static final String QUICKEST_WAY = "What's the quickest way to learn Python?";
    private static final String LEARN_JAVA = "How do I learn Java quickly?";
    private static final String HEDDLE = "What is a heddle for?";
    private static final String HEDDLE_USED = "What is a heddle used for?";
    private static final String HEDDLE_PURPOSE = "What's the purpose of a heddle?";
    private static final String MILES_TO_KM = "How do I convert 10 miles to km?";
    private static final String KM_TO_MILES = "How do I convert 10 km to miles?";

    @OnEveryJdk
    void aParaphrasedQuestionIsAnsweredFromTheCache(Jdk jdk, @TempDir Path dir) {
        try (MockLlmServer server = MockLlmServer.start()) {
            ChildResult result = withAgent(jdk, dir, server, GLOBAL,
                    ask("first", LEARN_PYTHON),
                    ask("paraphrase", FASTEST_WAY),
                    ask("unrelated", LEARN_JAVA));

            assertPrinted(result, "first.reachedModel=true", "first.cached=stored",
                    "paraphrase.reachedModel=false", "paraphrase.cached=semantic", "paraphrase.newId=false",
                    "paraphrase.answerId=" + answerId(result, "first"),
                    "unrelated.reachedModel=true", "unrelated.newId=true",
                    "heddle.semanticHits=1", "heddle.cacheHits=1", "heddle.cacheMisses=2", "heddle.modelCalls=2",
                    "done=true");
            assertThat(Double.parseDouble(value(result, "paraphrase.similarity"))).as(result::describe)
                    .isGreaterThanOrEqualTo(0.9).isLessThan(1.0);
            assertThat(chatRequests(server)).as(result::describe).isEqualTo(2);
        }
    }

    @OnEveryJdk
    void theSameQuestionUnderAnotherSystemPromptOrModelMisses(Jdk jdk, @TempDir Path dir) {
        try (MockLlmServer server = MockLlmServer.start()) {
            ChildResult result = withAgent(jdk, dir, server, GLOBAL,
                    line("first", "-", SYSTEM, MODEL, "-", LEARN_PYTHON),
                    line("otherSystem", "-", "You are a pirate.", MODEL, "-", FASTEST_WAY),
                    line("noSystem", "-", "-", MODEL, "-", QUICKEST_WAY),
                    line("otherModel", "-", SYSTEM, "gpt-4o", "-", QUICKEST_WAY),
                    // the control: the same paraphrase with the first one's system prompt and model hits
                    line("sameContext", "-", SYSTEM, MODEL, "-", QUICKEST_WAY));

            assertPrinted(result, "first.reachedModel=true",
                    "otherSystem.reachedModel=true", "otherSystem.newId=true",
                    "noSystem.reachedModel=true", "noSystem.newId=true",
                    "otherModel.reachedModel=true", "otherModel.newId=true",
                    "sameContext.reachedModel=false", "sameContext.cached=semantic",
                    "sameContext.answerId=" + answerId(result, "first"),
                    "heddle.semanticHits=1", "done=true");
            assertThat(chatRequests(server)).as(result::describe).isEqualTo(4);
        }
    }

    /**
     * With {@code scope: user}, only the same user's earlier questions answer: alice's paraphrase
     * hits alice's question, bob's misses it, and bob's exact repeat of alice's question misses too
     * (the scope is part of the exact key as well).
     */
    @OnEveryJdk
    void withScopeUserAnotherUsersParaphraseMissesAndTheSameUsersHits(Jdk jdk, @TempDir Path dir) {
        try (MockLlmServer server = MockLlmServer.start()) {
            ChildResult result = withAgent(jdk, dir, server, PER_USER,
                    line("alice", "-", SYSTEM, MODEL, "alice", LEARN_PYTHON),
                    line("bob", "-", SYSTEM, MODEL, "bob", FASTEST_WAY),
                    line("bobExact", "-", SYSTEM, MODEL, "bob", LEARN_PYTHON),
                    line("aliceAgain", "-", SYSTEM, MODEL, "alice", QUICKEST_WAY),
                    // the user named by Heddle.runAs, not by the request
                    line("carol", "runAs", SYSTEM, MODEL, "carol", HEDDLE),
                    line("dave", "runAs", SYSTEM, MODEL, "dave", HEDDLE_USED),
                    line("carolAgain", "runAs", SYSTEM, MODEL, "carol", HEDDLE_PURPOSE));

            assertPrinted(result, "alice.reachedModel=true",
                    "bob.reachedModel=true", "bob.newId=true",
                    "bobExact.reachedModel=false", "bobExact.cached=semantic",
                    "bobExact.answerId=" + answerId(result, "bob"),
                    "aliceAgain.reachedModel=false", "aliceAgain.cached=semantic",
                    "aliceAgain.answerId=" + answerId(result, "alice"),
                    "carol.reachedModel=true",
                    "dave.reachedModel=true", "dave.newId=true",
                    "carolAgain.reachedModel=false", "carolAgain.cached=semantic",
                    "carolAgain.answerId=" + answerId(result, "carol"),
                    "heddle.semanticHits=3", "done=true");
            assertThat(chatRequests(server)).as(result::describe).isEqualTo(4);
        }
    }

    /** With {@code scope: user}, a request whose user is unknown is not cached at all: not even its exact repeat hits. */
    @OnEveryJdk
    void withScopeUserAndNoUserNothingIsCached(Jdk jdk, @TempDir Path dir) {
        try (MockLlmServer server = MockLlmServer.start()) {
            ChildResult result = withAgent(jdk, dir, server, PER_USER,
                    ask("first", LEARN_PYTHON),
                    ask("paraphrase", FASTEST_WAY),
                    ask("exactRepeat", LEARN_PYTHON));

            assertPrinted(result, "first.reachedModel=true",
                    "paraphrase.reachedModel=true", "paraphrase.newId=true",
                    "exactRepeat.reachedModel=true", "exactRepeat.newId=true",
                    "heddle.semanticHits=0", "heddle.cacheHits=0", "done=true");
            assertThat(chatRequests(server)).as(result::describe).isEqualTo(3);
        }
    }

    /**
     * "10 miles to km" and "10 km to miles" are 0.98 similar, far above a threshold of 0.8; the
     * false-hit guard (on by default) keeps them apart. With {@code guard: false} the same two
     * questions do share an answer, so it is the guard that tells them apart.
     */
    @OnEveryJdk
    void theGuardKeepsSwappedUnitsApartEvenAtALowThreshold(Jdk jdk, @TempDir Path dir) {
        try (MockLlmServer server = MockLlmServer.start()) {
            ChildResult result = withAgent(jdk, dir, server, "threshold: 0.8, scope: global",
                    ask("milesToKm", MILES_TO_KM),
                    ask("kmToMiles", KM_TO_MILES));

            assertPrinted(result, "milesToKm.reachedModel=true",
                    "kmToMiles.reachedModel=true", "kmToMiles.newId=true", "kmToMiles.cached=stored",
                    "heddle.semanticHits=0", "done=true");
            assertThat(chatRequests(server)).as(result::describe).isEqualTo(2);
        }
        try (MockLlmServer server = MockLlmServer.start()) {
            ChildResult unguarded = withAgent(jdk, dir, server, "threshold: 0.8, scope: global, guard: false",
                    ask("milesToKm", MILES_TO_KM),
                    ask("kmToMiles", KM_TO_MILES));

            assertPrinted(unguarded, "kmToMiles.reachedModel=false", "kmToMiles.cached=semantic",
                    "kmToMiles.answerId=" + answerId(unguarded, "milesToKm"), "heddle.semanticHits=1", "done=true");
            assertThat(chatRequests(server)).as(unguarded::describe).isEqualTo(1);
        }
    }

    /**
     * A semantic hit the user rejects is never served again: the next identical paraphrase goes to
     * the model, and its own answer is cached from then on. Rejecting an answer the model gave (and
     * the cache stored) evicts it from the exact tier and from the semantic one.
     */
    @OnEveryJdk
    void aRejectedSemanticHitIsNotServedAgain(Jdk jdk, @TempDir Path dir) {
        try (MockLlmServer server = MockLlmServer.start()) {
            ChildResult result = withAgent(jdk, dir, server, GLOBAL,
                    ask("first", LEARN_PYTHON),
                    line("paraphrase", "reject", "-", MODEL, "-", FASTEST_WAY),
                    ask("paraphraseAgain", FASTEST_WAY),
                    ask("paraphraseThird", FASTEST_WAY),
                    // a stored answer, rejected: neither its exact repeat nor a paraphrase gets it
                    line("weave", "reject", "-", MODEL, "-", HEDDLE),
                    ask("weaveAgain", HEDDLE),
                    ask("weaveRepeat", HEDDLE),
                    ask("weaveParaphrase", HEDDLE_USED));

            String rejected = answerId(result, "first");
            assertPrinted(result, "paraphrase.cached=semantic", "paraphrase.answerId=" + rejected, "paraphrase.rejected=true",
                    "paraphraseAgain.reachedModel=true", "paraphraseAgain.newId=true",
                    "paraphraseThird.reachedModel=false", "paraphraseThird.cached=hit",
                    "paraphraseThird.answerId=" + answerId(result, "paraphraseAgain"),
                    "weave.cached=stored", "weave.rejected=true",
                    "weaveAgain.reachedModel=true", "weaveAgain.newId=true",
                    "weaveRepeat.reachedModel=false", "weaveRepeat.answerId=" + answerId(result, "weaveAgain"),
                    "weaveParaphrase.reachedModel=false", "weaveParaphrase.cached=semantic",
                    "weaveParaphrase.answerId=" + answerId(result, "weaveAgain"),
                    "heddle.semanticHits=2", "done=true");
            assertThat(chatRequests(server)).as(result::describe).isEqualTo(4);
        }
    }

    /** {@code noRead} asks the model even for an exact repeat, and its answer replaces the cached one. */
    @OnEveryJdk
    void noReadGoesToTheModelEvenForAnExactRepeat(Jdk jdk, @TempDir Path dir) {
        try (MockLlmServer server = MockLlmServer.start()) {
            ChildResult result = withAgent(jdk, dir, server, GLOBAL,
                    ask("first", LEARN_PYTHON),
                    line("noReadRepeat", "noRead", "-", MODEL, "-", LEARN_PYTHON),
                    line("noReadParaphrase", "noRead", "-", MODEL, "-", FASTEST_WAY),
                    ask("repeat", LEARN_PYTHON));

            assertPrinted(result, "first.reachedModel=true",
                    "noReadRepeat.reachedModel=true", "noReadRepeat.newId=true",
                    "noReadParaphrase.reachedModel=true", "noReadParaphrase.newId=true",
                    "repeat.reachedModel=false", "repeat.cached=hit", "repeat.answerId=" + answerId(result, "noReadRepeat"),
                    "heddle.semanticHits=0", "done=true");
            assertThat(chatRequests(server)).as(result::describe).isEqualTo(3);
        }
    }

    /**
     * {@code CacheControl} covers the semantic tier too: with {@code noRead}, "calls go to the model
     * even when the cache has an answer (their answers are still stored)". So a {@code noRead}
     * refresh of a question replaces its answer for paraphrases as it does for exact repeats, and
     * the answer to a new question asked with {@code noRead} is there for a later paraphrase.
     */
    @OnEveryJdk
    void aNoReadAnswerReplacesTheCachedOneForParaphrasesToo(Jdk jdk, @TempDir Path dir) {
        try (MockLlmServer server = MockLlmServer.start()) {
            ChildResult result = withAgent(jdk, dir, server, GLOBAL,
                    ask("first", LEARN_PYTHON),
                    line("refresh", "noRead", "-", MODEL, "-", LEARN_PYTHON),
                    ask("repeat", LEARN_PYTHON),
                    ask("paraphrase", FASTEST_WAY),
                    line("noReadNew", "noRead", "-", MODEL, "-", HEDDLE),
                    ask("newParaphrase", HEDDLE_USED));

            String refreshed = answerId(result, "refresh");
            assertPrinted(result, "refresh.reachedModel=true", "refresh.newId=true",
                    "repeat.reachedModel=false", "repeat.answerId=" + refreshed,
                    "paraphrase.reachedModel=false", "paraphrase.cached=semantic", "paraphrase.answerId=" + refreshed,
                    "noReadNew.reachedModel=true", "noReadNew.cached=stored",
                    "newParaphrase.reachedModel=false", "newParaphrase.cached=semantic",
                    "newParaphrase.answerId=" + answerId(result, "noReadNew"),
                    "heddle.semanticHits=2", "done=true");
            assertThat(chatRequests(server)).as(result::describe).isEqualTo(3);
        }
    }

    /**
     * {@code maxAge} applies to semantic hits too: with an age limit shorter than any entry's age a
     * paraphrase (and an exact repeat) goes to the model; its answer is stored, and answers the next
     * paraphrase without a limit.
     */
    @OnEveryJdk
    void maxAgeTreatsOlderSemanticEntriesAsAbsent(Jdk jdk, @TempDir Path dir) {
        try (MockLlmServer server = MockLlmServer.start()) {
            ChildResult result = withAgent(jdk, dir, server, GLOBAL,
                    ask("first", LEARN_PYTHON),
                    line("youngParaphrase", "maxAge=PT0.001S", "-", MODEL, "-", FASTEST_WAY),
                    line("youngRepeat", "maxAge=PT0.001S", "-", MODEL, "-", LEARN_PYTHON),
                    line("oldParaphrase", "maxAge=PT1H", "-", MODEL, "-", QUICKEST_WAY));

            assertPrinted(result, "first.reachedModel=true",
                    "youngParaphrase.reachedModel=true", "youngParaphrase.newId=true",
                    "youngRepeat.reachedModel=true", "youngRepeat.newId=true",
                    "oldParaphrase.reachedModel=false", "oldParaphrase.cached=semantic",
                    // the nearest: 0.950 from the young paraphrase, 0.941 from the Python question
                    "oldParaphrase.answerId=" + answerId(result, "youngParaphrase"),
                    "heddle.semanticHits=1", "done=true");
            assertThat(chatRequests(server)).as(result::describe).isEqualTo(3);
        }
    }

    /** {@code noStore} answers are kept in neither tier; a {@code noStore} call may still be answered from the cache. */
    @OnEveryJdk
    void noStoreAnswersAreNotKept(Jdk jdk, @TempDir Path dir) {
        try (MockLlmServer server = MockLlmServer.start()) {
            ChildResult result = withAgent(jdk, dir, server, GLOBAL,
                    line("noStore", "noStore", "-", MODEL, "-", HEDDLE),
                    ask("repeat", HEDDLE),
                    line("noStoreParaphrase", "noStore", "-", MODEL, "-", LEARN_PYTHON),
                    ask("paraphrase", FASTEST_WAY),
                    // the paraphrase's answer was stored: a noStore call reads it, exactly and semantically
                    line("noStoreRepeat", "noStore", "-", MODEL, "-", FASTEST_WAY),
                    line("noStoreSemantic", "noStore", "-", MODEL, "-", QUICKEST_WAY));

            assertPrinted(result, "noStore.reachedModel=true", "noStore.cached=none",
                    "repeat.reachedModel=true", "repeat.newId=true",
                    "noStoreParaphrase.reachedModel=true", "noStoreParaphrase.cached=none",
                    "paraphrase.reachedModel=true", "paraphrase.newId=true",
                    "noStoreRepeat.reachedModel=false", "noStoreRepeat.cached=hit",
                    "noStoreRepeat.answerId=" + answerId(result, "paraphrase"),
                    "noStoreSemantic.reachedModel=false", "noStoreSemantic.cached=semantic",
                    "noStoreSemantic.answerId=" + answerId(result, "paraphrase"),
                    "heddle.semanticHits=1", "done=true");
            assertThat(chatRequests(server)).as(result::describe).isEqualTo(4);
        }
    }

    @OnEveryJdk
    void withoutTheAgentEveryQuestionReachesTheServer(Jdk jdk, @TempDir Path dir) {
        try (MockLlmServer server = MockLlmServer.start()) {
            ChildResult result = SdkApps.app(jdk, SemanticQuestionsApp.class, dir)
                    .args(server.baseUrl(), ask("first", LEARN_PYTHON), ask("paraphrase", FASTEST_WAY),
                            ask("repeat", LEARN_PYTHON))
                    .run();

            assertPrinted(result, "first.reachedModel=true", "paraphrase.reachedModel=true", "repeat.reachedModel=true",
                    "repeat.newId=true", "repeat.cached=none", "serverRequests=3", "heddle.present=false", "done=true");
            assertThat(chatRequests(server)).as(result::describe).isEqualTo(3);
        }
    }

    private static ChildResult withAgent(Jdk jdk, Path dir, MockLlmServer server, String semantic, String... questions) {
        Path config = ConfigFiles.write(dir, "heddle.yaml", CONFIG.formatted(semantic));
        String[] args = new String[questions.length + 1];
        args[0] = server.baseUrl();
        System.arraycopy(questions, 0, args, 1, questions.length);
        return TestApps.withAgent(SdkApps.app(jdk, SemanticQuestionsApp.class, dir).args(args), TestApps.configArg(config)).run();
    }

    /** A question with no options, no system prompt and no user, on {@link #MODEL}. */
    private static String ask(String label, String message) {
        return line(label, "-", "-", MODEL, "-", message);
    }

    private static String line(String label, String options, String system, String model, String user, String message) {
        return String.join(" | ", label, options, system, model, user, message);
    }

    private static String answerId(ChildResult result, String label) {
        return value(result, label + ".answerId");
    }

    private static String value(ChildResult result, String key) {
        return result.value(key).orElseThrow(() -> new AssertionError("no " + key + "\n" + result.describe()));
    }

    private static long chatRequests(MockLlmServer server) {
        return server.stats().requests(MockLlmServer.CHAT_COMPLETIONS);
    }
}
