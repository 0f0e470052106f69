package dev.heddle.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heddle.it.harness.ChildJvm;
import dev.heddle.it.harness.ChildResult;
import dev.heddle.it.harness.ItFiles;
import dev.heddle.it.harness.Jdk;
import dev.heddle.it.harness.OnEveryJdk;

/**
 * An operator checks the demo app's configuration against the demo app's own jar before deploying
 * it, with the real agent jar as a command: {@code java -jar heddle-agent.jar check demo-app/heddle.yaml
 * --classpath heddle-demo-app.jar}. It lists the SDK methods each rule would weave, loads and weaves
 * nothing, and says the file is valid.
 */
class CheckCommandTest {

    @OnEveryJdk
    void theDemoAppsRulesListTheSdkMethodsTheyWouldWeave(Jdk jdk) {
        ChildResult result = ChildJvm.builder().jdk(jdk).noJavaagent().executableJar(ItFiles.agentJar())
                .args("check", ItFiles.repoRoot().resolve("demo-app/heddle.yaml").toString(),
                        "--classpath", ItFiles.demoAppJar().toString())
                .run();

        assertThat(result.exitCode()).as(result::describe).isZero();
        assertThat(result.stdout()).as(result::describe)
                .contains("rule openai (preset openai-java):")
                .contains("com.openai.services.blocking.chat.ChatCompletionServiceImpl#create(")
                .contains("rule langchain4j (preset langchain4j):")
                .contains("dev.langchain4j.model.openai.OpenAiChatModel#doChat(")
                .contains("valid, 2 rules");
        assertThat(result.stderr()).as("nothing was woven: the agent did not start").doesNotContain("Heddle ").doesNotContain("started");
    }
}
