package dev.heddle.it;

import static dev.heddle.it.harness.ChildAssertions.assertPrinted;
import static org.assertj.core.api.Assertions.assertThat;

import dev.heddle.demo.mock.MockLlmServer;
import dev.heddle.demo.mock.MockSettings;
import dev.heddle.it.app.sdk.ScopedAskApp;
import dev.heddle.it.harness.ChildJvm;
import dev.heddle.it.harness.ChildResult;
import dev.heddle.it.harness.ConfigFiles;
import dev.heddle.it.harness.Jdk;
import dev.heddle.it.harness.OnEveryJdk;
import dev.heddle.it.harness.SdkApps;
import dev.heddle.it.harness.TestApps;
import dev.heddle.quota.RedisServerProcess;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tenant-isolation matrix: under {@code cache.semantic.scope: user} and {@code scope: tenant}
 * ({@code tenant: { baggage: tenant.id }}), in one JVM and in two JVMs sharing one real
 * redis-server, an unmodified openai-java app asks, for users of tenants, one question and a
 * paraphrase of it. Another scope never gets an answer of this one, exactly or semantically: the
 * mock vendor's own request count and the answers' ids prove it. In each cell the same scope
 * repeating the question, or asking the paraphrase, is answered from the cache (the positive
 * control: the vendor's count does not grow, and the answer is the scope's own); and the same
 * script under {@code scope: global} does share (the control of the whole matrix).
 *
 * <p>Users come through {@code Heddle.runAs}, tenants through OpenTelemetry baggage. The MDC
 * source of a tenant is not in this matrix: the test apps' SLF4J has no MDC (no provider), so it is
 * specified in the pipeline's unit tests instead ({@code SemanticPipelineTest}). The paraphrase is
 * {@code SemanticCacheWithAgentTest}'s: 0.927 alike under the local MiniLM model, threshold 0.9.
 */
class TenantIsolationMatrixTest {

    private static final String QUESTION = "How do I learn Python quickly?";
    private static final String PARAPHRASE = "What is the fastest way to learn Python?";

    private static final String USER_SCOPE = "semantic: { threshold: 0.9, scope: user }";
    private static final String TENANT_SCOPE = "semantic: { threshold: 0.9, scope: tenant, tenant: { baggage: tenant.id } }";
    private static final String CONFIG = """
            %s
            rules:
              - name: openai
                preset: openai-java
                cache:
                  ttl: 1h
                  %s
            """;

    /**
     * Who asks in a cell: the first asker, two askers in other scopes, and an asker in the first
     * one's scope (the same user under {@code scope: user}; another user of the same tenant under
     * {@code scope: tenant}, which proves the tenant, not the user, is the partition).
     */
    private record Askers(String first, String otherScope, String thirdScope, String sameScope) {
    }

    private static final Askers BY_USER = new Askers("alice acme", "bob acme", "carol acme", "alice acme");
    private static final Askers BY_TENANT = new Askers("alice acme", "bob globex", "carol initech", "dave acme");

    @OnEveryJdk
    void userScopeInOneJvmSharesNothingAcrossUsers(Jdk jdk, @TempDir Path dir) {
        inOneJvm(jdk, dir, USER_SCOPE, BY_USER);
    }

    @OnEveryJdk
    void tenantScopeInOneJvmSharesNothingAcrossTenants(Jdk jdk, @TempDir Path dir) {
        inOneJvm(jdk, dir, TENANT_SCOPE, BY_TENANT);
    }

    @OnEveryJdk
    void userScopeThroughRedisSharesNothingAcrossUsers(Jdk jdk, @TempDir Path dir) throws Exception {
        throughRedis(jdk, dir, USER_SCOPE, BY_USER);
    }

    @OnEveryJdk
    void tenantScopeThroughRedisSharesNothingAcrossTenants(Jdk jdk, @TempDir Path dir) throws Exception {
        throughRedis(jdk, dir, TENANT_SCOPE, BY_TENANT);
    }

    /**
     * The control of the matrix: the same script under {@code scope: global} shares every answer,
     * so the checks above would see a cross-scope hit if there were one. The vendor takes 300 ms
     * here, and the test prints how long each asker waited: the timing side channel of a shared
     * scope, for docs/reliability/security.md (printed, never asserted).
     */
    @OnEveryJdk
    void underGlobalScopeTheSameScriptSharesTheFirstAnswerWithEveryone(Jdk jdk, @TempDir Path dir) {
        try (MockLlmServer vendor = MockLlmServer.start(MockSettings.defaults().withLatencyMillis(300))) {
            Path config = ConfigFiles.write(dir, "heddle.yaml", CONFIG.formatted("", "semantic: { threshold: 0.9, scope: global }"));
            ChildResult result;
            try (ChildJvm jvm = app(jdk, dir, vendor, config).start()) {
                jvm.awaitStdoutLine(ScopedAskApp.READY::equals);
                Asker asker = new Asker(jvm);
                // loads the embedding model and warms the SDK, so that the next miss costs what a miss costs
                asker.ask("erin umbrella", "How do I cook rice?");
                asker.ask(BY_TENANT.first(), QUESTION);
                asker.ask(BY_TENANT.otherScope(), QUESTION);
                asker.ask(BY_TENANT.thirdScope(), PARAPHRASE);
                jvm.writeLine(ScopedAskApp.EXIT);
                result = jvm.waitFor();
            }

            assertPrinted(result, "q2.cached=stored", "q3.cached=hit", "q4.cached=semantic", "heddle.modelCalls=2", "done=true");
            assertThat(answer(result, 3)).isEqualTo(answer(result, 2));
            assertThat(answer(result, 4)).isEqualTo(answer(result, 2));
            assertThat(vendor.stats().requests(MockLlmServer.CHAT_COMPLETIONS)).as(result::describe).isEqualTo(2);
            System.out.println("timing side channel on JDK " + jdk.major() + ", scope global, vendor latency 300 ms: miss "
                    + result.value("q2.micros").orElse("?") + " µs, another user's exact hit " + result.value("q3.micros").orElse("?")
                    + " µs, another user's semantic hit " + result.value("q4.micros").orElse("?") + " µs");
        }
    }

    /**
     * One JVM, caches in the process:
     * <ol>
     *   <li>first asks the question: the vendor answers (id1);</li>
     *   <li>another scope asks the same question word for word: the vendor answers again (id2 ≠ id1);</li>
     *   <li>a third scope asks the paraphrase: the vendor answers again (id3);</li>
     *   <li>the first scope repeats the question: an exact hit, id1;</li>
     *   <li>the first scope asks the paraphrase: a semantic hit, id1;</li>
     *   <li>the second scope asks the paraphrase: a semantic hit on its own answer, id2.</li>
     * </ol>
     */
    private static void inOneJvm(Jdk jdk, Path dir, String semantic, Askers askers) {
        try (MockLlmServer vendor = MockLlmServer.start()) {
            Path config = ConfigFiles.write(dir, "heddle.yaml", CONFIG.formatted("", semantic));
            ChildResult result;
            try (ChildJvm jvm = app(jdk, dir, vendor, config).start()) {
                jvm.awaitStdoutLine(ScopedAskApp.READY::equals);
                Asker asker = new Asker(jvm);
                asker.ask(askers.first(), QUESTION);
                asker.ask(askers.otherScope(), QUESTION);
                asker.ask(askers.thirdScope(), PARAPHRASE);
                asker.ask(askers.sameScope(), QUESTION);
                asker.ask(askers.sameScope(), PARAPHRASE);
                asker.ask(askers.otherScope(), PARAPHRASE);
                jvm.writeLine(ScopedAskApp.EXIT);
                result = jvm.waitFor();
            }

            assertPrinted(result, "q1.cached=stored", "q2.cached=stored", "q3.cached=stored", "q4.cached=hit",
                    "q5.cached=semantic", "q6.cached=semantic", "heddle.modelCalls=3", "done=true");
            String first = answer(result, 1);
            String second = answer(result, 2);
            String third = answer(result, 3);
            assertThat(List.of(first, second, third)).as(result::describe).doesNotHaveDuplicates();
            assertThat(answer(result, 4)).as("the same scope's repeat").isEqualTo(first);
            assertThat(answer(result, 5)).as("the same scope's paraphrase").isEqualTo(first);
            assertThat(answer(result, 6)).as("the other scope's paraphrase, its own answer").isEqualTo(second);
            assertThat(vendor.stats().requests(MockLlmServer.CHAT_COMPLETIONS)).as(result::describe).isEqualTo(3);
        }
    }

    /**
     * Two JVMs on one redis-server, both running from the start:
     * <ol>
     *   <li>JVM A: first asks the question (id1), and its entries reach Redis;</li>
     *   <li>JVM B: another scope asks the same question: the vendor answers (id2 ≠ id1);</li>
     *   <li>JVM B: a third scope asks the paraphrase: the vendor answers (id3);</li>
     *   <li>JVM B: the first scope repeats the question: a hit through Redis, id1;</li>
     *   <li>JVM B: the first scope asks the paraphrase: a semantic hit through Redis, id1;</li>
     *   <li>JVM A: the second scope asks the paraphrase: a semantic hit on its answer from JVM B, id2.</li>
     * </ol>
     */
    private static void throughRedis(Jdk jdk, Path dir, String semantic, Askers askers) throws Exception {
        try (MockLlmServer vendor = MockLlmServer.start();
                RedisServerProcess redis = RedisServerProcess.start()) {
            Path config = ConfigFiles.write(dir, "heddle.yaml", CONFIG.formatted("redis: " + redis.url(), semantic));
            ChildResult resultA;
            ChildResult resultB;
            try (ChildJvm jvmA = app(jdk, dir, vendor, config).start();
                    ChildJvm jvmB = app(jdk, dir, vendor, config).start()) {
                jvmA.awaitStdoutLine(ScopedAskApp.READY::equals);
                jvmB.awaitStdoutLine(ScopedAskApp.READY::equals);
                Asker inA = new Asker(jvmA);
                Asker inB = new Asker(jvmB);
                inA.ask(askers.first(), QUESTION);
                awaitSemanticEntries(redis, 1);
                inB.ask(askers.otherScope(), QUESTION);
                inB.ask(askers.thirdScope(), PARAPHRASE);
                inB.ask(askers.sameScope(), QUESTION);
                inB.ask(askers.sameScope(), PARAPHRASE);
                awaitSemanticEntries(redis, 3);
                // B's entries are in Redis; A must have them in its own index within a second
                Thread.sleep(700);
                inA.ask(askers.otherScope(), PARAPHRASE);
                jvmA.writeLine(ScopedAskApp.EXIT);
                jvmB.writeLine(ScopedAskApp.EXIT);
                resultA = jvmA.waitFor();
                resultB = jvmB.waitFor();
            }

            String both = resultA.describe() + "\n" + resultB.describe();
            assertPrinted(resultA, "q1.cached=stored", "q2.cached=semantic", "heddle.modelCalls=1", "done=true");
            assertPrinted(resultB, "q1.cached=stored", "q2.cached=stored", "q3.cached=hit", "q4.cached=semantic",
                    "heddle.modelCalls=2", "done=true");
            String first = answer(resultA, 1);
            String second = answer(resultB, 1);
            String third = answer(resultB, 2);
            assertThat(List.of(first, second, third)).as(both).doesNotHaveDuplicates();
            assertThat(answer(resultB, 3)).as("the first scope's repeat in the other JVM").isEqualTo(first);
            assertThat(answer(resultB, 4)).as("the first scope's paraphrase in the other JVM").isEqualTo(first);
            assertThat(answer(resultA, 2)).as("the second scope's paraphrase, its own answer from the other JVM").isEqualTo(second);
            assertThat(vendor.stats().requests(MockLlmServer.CHAT_COMPLETIONS)).as(both).isEqualTo(3);
        }
    }

    /** Writes questions to one JVM and waits for each answer, counting them as the app does. */
    private static final class Asker {
        private final ChildJvm jvm;
        private int asked;

        Asker(ChildJvm jvm) {
            this.jvm = jvm;
        }

        void ask(String userAndTenant, String question) {
            asked++;
            jvm.writeLine(userAndTenant + " " + question);
            jvm.awaitStdoutLine(("answered=" + asked)::equals);
        }
    }

    private static String answer(ChildResult result, int question) {
        return result.value("q" + question + ".answerId")
                .orElseThrow(() -> new AssertionError("no answer to question " + question + "\n" + result.describe()));
    }

    /** The JVMs write their entries to Redis in the background, one key per semantic entry. */
    private static void awaitSemanticEntries(RedisServerProcess redis, int entries) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            String keys = redis.command("KEYS", "heddle:s:*:v2:*");
            int found = keys == null || keys.isEmpty() ? 0 : keys.split("\n").length;
            if (found >= entries) return;
            assertThat(System.nanoTime()).as("only " + found + " of " + entries + " semantic entries reached Redis").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static ChildJvm.Builder app(Jdk jdk, Path dir, MockLlmServer vendor, Path config) {
        return TestApps.withAgent(SdkApps.app(jdk, ScopedAskApp.class, dir).args(vendor.baseUrl()), TestApps.configArg(config));
    }
}
