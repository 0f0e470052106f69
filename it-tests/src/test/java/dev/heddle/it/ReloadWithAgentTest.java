package dev.heddle.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heddle.demo.mock.MockLlmServer;
import dev.heddle.demo.mock.MockSettings;
import dev.heddle.it.app.sdk.ReloadApp;
import dev.heddle.it.harness.ChildJvm;
import dev.heddle.it.harness.ConfigFiles;
import dev.heddle.it.harness.Jdk;
import dev.heddle.it.harness.OnEveryJdk;
import dev.heddle.it.harness.SdkApps;
import dev.heddle.it.harness.TestApps;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * An operator edits the YAML of a running app, step by step, and what the app and the vendor see
 * changes with it, without a restart: caching turned on (the mock vendor's request count stops
 * growing for a repeated question), a quota added and its limit changed, a rule added for a class
 * that is already loaded and called (woven again: its body stops running for a repeated call), an
 * invalid edit rejected while the rules in force keep working, and the rule removed again (the
 * method's own behaviour is back). Each step waits for the configuration version (or the rejection)
 * that the agent's MBean shows, as an operator's JMX client would.
 */
class ReloadWithAgentTest {

    private static final String GREETER = ReloadApp.Greeter.class.getName();

    private static final String NO_CACHE = """
            rules:
              - name: openai
                preset: openai-java
            """;

    private static final String CACHED = """
            rules:
              - name: openai
                preset: openai-java
                cache: { ttl: 1h }
            """;

    private static final String QUOTA_AND_GREETER = """
            quotas:
              per-user:
                tiers: { free: { requests: %d/1h } }
            rules:
              - name: openai
                preset: openai-java
                cache: { ttl: 1h }
                quota: per-user
              - name: greeter
                match: { type: %s, method: greet }
                cache: { ttl: 1h }
            """;

    private static final String WITHOUT_GREETER = """
            quotas:
              per-user:
                tiers: { free: { requests: 3/1h } }
            rules:
              - name: openai
                preset: openai-java
                cache: { ttl: 1h }
                quota: per-user
            """;

    @OnEveryJdk
    void editsOfTheYamlApplyToTheRunningAppStepByStep(Jdk jdk, @TempDir Path dir) {
        Path config = ConfigFiles.write(dir, "heddle.yaml", NO_CACHE);
        try (MockLlmServer server = MockLlmServer.start(MockSettings.defaults());
                ChildJvm app = TestApps.withAgent(SdkApps.app(jdk, ReloadApp.class, dir).args(server.baseUrl()),
                        TestApps.configArg(config)).start()) {
            app.awaitStdoutLine("READY"::equals);

            // version 1: no cache, every question reaches the vendor
            assertThat(send(app, "ASK 1")).isEqualTo("ask=ok");
            assertThat(send(app, "ASK 1")).isEqualTo("ask=ok");
            assertThat(send(app, "GREET ada")).isEqualTo("greet=hello ada runs=1");
            assertThat(requests(server)).isEqualTo(2);

            // version 2: caching turned on
            ConfigFiles.write(dir, "heddle.yaml", CACHED);
            assertThat(send(app, "VERSION 2")).isEqualTo("version=2");
            send(app, "ASK 1");
            send(app, "ASK 1");
            assertThat(requests(server)).as("the first ask after the edit misses, the second is a hit").isEqualTo(3);

            // version 3: a quota of 1 request an hour, and a rule for Greeter, loaded and called before
            ConfigFiles.write(dir, "heddle.yaml", QUOTA_AND_GREETER.formatted(1, GREETER));
            assertThat(send(app, "VERSION 3")).isEqualTo("version=3");
            assertThat(send(app, "ASK 2")).isEqualTo("ask=ok");
            assertThat(send(app, "ASK 3")).isEqualTo("ask=dev.heddle.api.QuotaExceededException");
            assertThat(send(app, "ASK 1")).as("a cache hit is not counted by the quota").isEqualTo("ask=ok");
            assertThat(send(app, "GREET ada")).isEqualTo("greet=hello ada runs=2");
            assertThat(send(app, "GREET ada")).as("the already loaded class was woven again").isEqualTo("greet=hello ada runs=2");
            assertThat(requests(server)).isEqualTo(4);

            // version 4: the quota's limit raised to 3; its count so far (1) is kept
            ConfigFiles.write(dir, "heddle.yaml", QUOTA_AND_GREETER.formatted(3, GREETER));
            assertThat(send(app, "VERSION 4")).isEqualTo("version=4");
            assertThat(send(app, "ASK 3")).isEqualTo("ask=ok");
            assertThat(send(app, "ASK 4")).isEqualTo("ask=ok");
            assertThat(send(app, "ASK 5")).as("1 + 2 of 3").isEqualTo("ask=dev.heddle.api.QuotaExceededException");

            // an invalid edit: rejected with its line and column, the rules of version 4 keep working
            ConfigFiles.write(dir, "heddle.yaml", QUOTA_AND_GREETER.formatted(3, GREETER).replace("quota: per-user", "qouta: per-user"));
            assertThat(send(app, "REJECTED")).startsWith("rejected=rejected").contains("version 4 keeps running");
            assertThat(send(app, "PROBLEMS")).contains("heddle.yaml:8:5:").contains("qouta").contains("quota");
            assertThat(send(app, "ASK 1")).isEqualTo("ask=ok");
            assertThat(send(app, "GREET ada")).isEqualTo("greet=hello ada runs=2");
            assertThat(requests(server)).as("still answered from the cache").isEqualTo(6);

            // version 5: the greeter rule removed; the method's own behaviour is back
            ConfigFiles.write(dir, "heddle.yaml", WITHOUT_GREETER);
            assertThat(send(app, "VERSION 5")).isEqualTo("version=5");
            assertThat(send(app, "GREET ada")).isEqualTo("greet=hello ada runs=3");
            assertThat(send(app, "GREET ada")).isEqualTo("greet=hello ada runs=4");
            app.writeLine("QUIT");
        }
    }

    private int replies;

    /** Writes a command and returns the app's answer to it. */
    private String send(ChildJvm app, String command) {
        app.writeLine(command);
        String prefix = "reply." + ++replies + "=";
        return app.awaitStdoutLine(line -> line.startsWith(prefix)).substring(prefix.length());
    }

    private static long requests(MockLlmServer server) {
        return server.stats().requests(MockLlmServer.CHAT_COMPLETIONS);
    }
}
