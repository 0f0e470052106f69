package dev.heddle.it;

import static dev.heddle.it.harness.ChildAssertions.assertPrinted;

import dev.heddle.it.app.YamlRulesApp;
import dev.heddle.it.harness.ConfigFiles;
import dev.heddle.it.harness.Jdk;
import dev.heddle.it.harness.OnEveryJdk;
import dev.heddle.it.harness.ResultsPerJdk;
import dev.heddle.it.harness.TestApps;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * A YAML rule caches a method of a class with no Heddle annotation, and a rule that names an
 * interface or a superclass caches the implementing or overriding method.
 */
class YamlRulesTest {

    private static final String RULES = """
            rules:
              - name: plain-assistant
                match:
                  type: dev.heddle.it.app.PlainAssistant
                  method: answer
                cache: { ttl: 10m, maxEntries: 1000 }
              - name: chat-models
                match:
                  type: dev.heddle.it.app.ChatModel
                  method: chat
                cache: { ttl: 10m, maxEntries: 1000 }
              - name: completers
                match:
                  type: dev.heddle.it.app.BaseCompleter
                  method: complete
                cache: { ttl: 10m }
            """;

    private static final String ONE_OVERLOAD = """
            rules:
              - name: one-overload
                match:
                  type: dev.heddle.it.app.PlainAssistant
                  method: answer(java.lang.String)
                cache: { ttl: 10m }
            """;

    @TempDir
    static Path workDir;

    private static final ResultsPerJdk ALL_RULES = new ResultsPerJdk(jdk -> TestApps.withAgent(
                    TestApps.app(jdk, YamlRulesApp.class, workDir).args("plain", "interface", "superclass"),
                    TestApps.configArg(ConfigFiles.write(workDir, "heddle.yaml", RULES)))
            .run());

    @OnEveryJdk
    void ruleCachesAMethodOfAClassWithoutAnnotations(Jdk jdk) {
        assertPrinted(ALL_RULES.on(jdk),
                "plain.callsAfterRepeats=1", "plain.callsAfterDifferent=2", "plain.answersConsistent=true");
    }

    @OnEveryJdk
    void ruleOnAnInterfaceCachesTheImplementingMethod(Jdk jdk) {
        assertPrinted(ALL_RULES.on(jdk),
                "interface.callsAfterRepeats=1", "interface.callsAfterDifferent=2", "interface.answersConsistent=true");
    }

    @OnEveryJdk
    void ruleOnASuperclassCachesTheSubclassOverride(Jdk jdk) {
        assertPrinted(ALL_RULES.on(jdk),
                "superclass.callsAfterRepeats=1", "superclass.callsAfterDifferent=2",
                "superclass.answersConsistent=true");
    }

    @OnEveryJdk
    void ruleNamingParameterTypesCachesOnlyThatOverload(Jdk jdk, @TempDir Path dir) {
        Path config = ConfigFiles.write(dir, "heddle.yaml", ONE_OVERLOAD);

        assertPrinted(TestApps.withAgent(TestApps.app(jdk, YamlRulesApp.class, dir).args("plain", "overload"),
                        TestApps.configArg(config)).run(),
                "plain.callsAfterRepeats=1", "plain.callsAfterDifferent=2",
                "overload.callsAfterRepeats=3", "overload.callsAfterDifferent=4");
    }

    @OnEveryJdk
    void configurationFileNamedByHeddleConfigEnvironmentVariableApplies(Jdk jdk, @TempDir Path dir) {
        Path config = ConfigFiles.write(dir, "from-env.yaml", RULES);

        assertPrinted(TestApps.withAgent(TestApps.app(jdk, YamlRulesApp.class, dir).args("plain"), null)
                        .env("HEDDLE_CONFIG", config.toString()).run(),
                "plain.callsAfterRepeats=1", "plain.callsAfterDifferent=2");
    }

    @OnEveryJdk
    void withoutTheAgentTheUnannotatedMethodsRunEveryTime(Jdk jdk, @TempDir Path dir) {
        assertPrinted(TestApps.app(jdk, YamlRulesApp.class, dir).run(),
                "plain.callsAfterRepeats=3", "overload.callsAfterRepeats=3",
                "interface.callsAfterRepeats=3", "superclass.callsAfterRepeats=3");
    }
}
