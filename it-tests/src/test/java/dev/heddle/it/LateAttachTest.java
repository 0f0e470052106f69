package dev.heddle.it;

import static dev.heddle.it.harness.ChildAssertions.assertPrinted;

import dev.heddle.it.app.LateAttachApp;
import dev.heddle.it.harness.ChildJvm;
import dev.heddle.it.harness.ChildResult;
import dev.heddle.it.harness.ConfigFiles;
import dev.heddle.it.harness.ItFiles;
import dev.heddle.it.harness.Jdk;
import dev.heddle.it.harness.OnEveryJdk;
import dev.heddle.it.harness.TestApps;
import java.nio.file.Path;
import net.bytebuddy.agent.ByteBuddyAgent;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent attached at run time (agentmain, from this JVM to the child's pid) weaves classes the
 * child had already loaded and called before the attach.
 */
class LateAttachTest {

    private static final String PLAIN_ASSISTANT_RULE = """
            rules:
              - name: plain-assistant
                match: { type: dev.heddle.it.app.PlainAssistant, method: answer }
                cache: { ttl: 10m }
            """;

    @OnEveryJdk
    void agentAttachedAtRunTimeCachesAnAnnotatedMethodAlreadyLoaded(Jdk jdk, @TempDir Path dir) {
        ChildResult result = attachBetweenCalls(jdk, dir, "annotated", null);

        assertPrinted(result, "calls.beforeAttach=1", "calls.afterAttach=2", "answersConsistent=true");
    }

    @OnEveryJdk
    void agentAttachedAtRunTimeAppliesYamlRulesToAClassAlreadyLoaded(Jdk jdk, @TempDir Path dir) {
        Path config = ConfigFiles.write(dir, "heddle.yaml", PLAIN_ASSISTANT_RULE);

        ChildResult result = attachBetweenCalls(jdk, dir, "yaml", TestApps.configArg(config));

        assertPrinted(result, "calls.beforeAttach=1", "calls.afterAttach=2", "answersConsistent=true");
    }

    /** Runs the READY / attach / GO handshake and returns what the child left. */
    private static ChildResult attachBetweenCalls(Jdk jdk, Path dir, String mode, String agentArgs) {
        try (ChildJvm child = TestApps.app(jdk, LateAttachApp.class, dir)
                .jvmFlags(TestApps.lateAttachFlags(jdk))
                .args(mode)
                .start()) {
            child.awaitStdoutLine(LateAttachApp.READY::equals);
            try {
                ByteBuddyAgent.attach(ItFiles.agentJar().toFile(), String.valueOf(child.pid()), agentArgs);
            } catch (RuntimeException attachFailed) {
                child.close();
                throw new AssertionError("attaching the agent failed\n" + child.waitFor().describe(), attachFailed);
            }
            child.writeLine(LateAttachApp.GO);
            return child.waitFor();
        }
    }
}
