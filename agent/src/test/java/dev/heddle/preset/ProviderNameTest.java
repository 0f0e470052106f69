package dev.heddle.preset;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class ProviderNameTest {

    @Test
    void theVendorsOfLangChain4jAndSpringAiModelsAreTheirWellKnownProviders() {
        assertThat(ProviderName.ofClassName("dev.langchain4j.model.openai.OpenAiChatModel")).isEqualTo("openai");
        assertThat(ProviderName.ofClassName("dev.langchain4j.model.openai.OpenAiResponsesChatModel")).isEqualTo("openai");
        assertThat(ProviderName.ofClassName("org.springframework.ai.anthropic.AnthropicChatModel")).isEqualTo("anthropic");
        assertThat(ProviderName.ofClassName("dev.langchain4j.model.azure.AzureOpenAiChatModel")).isEqualTo("azure.ai.openai");
        assertThat(ProviderName.ofClassName("org.springframework.ai.ollama.OllamaChatModel")).isEqualTo("ollama");
        assertThat(ProviderName.ofClassName("dev.langchain4j.model.mistralai.MistralAiChatModel")).isEqualTo("mistral_ai");
        assertThat(ProviderName.ofClassName("dev.langchain4j.model.googleai.GoogleAiGeminiChatModel")).isEqualTo("gcp.gemini");
        assertThat(ProviderName.ofClassName("org.springframework.ai.vertexai.gemini.VertexAiGeminiChatModel"))
                .isEqualTo("gcp.vertex_ai");
        assertThat(ProviderName.ofClassName("org.springframework.ai.google.genai.GoogleGenAiChatModel")).isEqualTo("gcp.gen_ai");
        assertThat(ProviderName.ofClassName("org.springframework.ai.deepseek.DeepSeekChatModel")).isEqualTo("deepseek");
        assertThat(ProviderName.ofClassName("dev.langchain4j.model.watsonx.WatsonxChatModel")).isEqualTo("ibm.watsonx.ai");
    }

    @Test
    void theHostComesBeforeTheModelFamilyItServes() {
        assertThat(ProviderName.ofClassName("dev.langchain4j.model.bedrock.BedrockAnthropicMessageChatModel"))
                .isEqualTo("aws.bedrock");
        assertThat(ProviderName.ofClassName("dev.langchain4j.model.bedrock.BedrockChatModel")).isEqualTo("aws.bedrock");
        assertThat(ProviderName.ofClassName("org.springframework.ai.bedrock.converse.BedrockProxyChatModel"))
                .isEqualTo("aws.bedrock");
        assertThat(ProviderName.ofClassName("AzureOpenAiChatModel")).isEqualTo("azure.ai.openai");
    }

    @Test
    void anUnknownModelIsNamedByItsClassWithoutChatModelInLowerCase() {
        assertThat(ProviderName.ofClassName("com.acme.AcmeChatModel")).isEqualTo("acme");
        assertThat(ProviderName.ofClassName("com.acme.Config$LocalLlm")).isEqualTo("localllm");
        assertThat(ProviderName.ofClassName("com.acme.Config$1ScriptedChatModel")).isEqualTo("scripted");
        assertThat(ProviderName.ofClassName("com.acme.Config$1")).isEmpty();
    }

    @Test
    void aProxyOrSubclassOfAKnownModelIsNamedByIt() {
        assertThat(ProviderName.ofClassName("org.springframework.ai.openai.OpenAiChatModel$$SpringCGLIB$$0")).isEqualTo("openai");
        assertThat(ProviderName.ofModel(new TracedOpenAi(), "fallback")).isEqualTo("openai");
    }

    @Test
    void aModelWhoseClassTellsNothingGetsTheFallback() {
        Supplier<String> lambda = () -> "hi";
        Object anonymous = new Object() { };
        Object proxy = Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Supplier.class}, (self, method, args) -> null);

        assertThat(ProviderName.ofModel(null, "fallback")).isEqualTo("fallback");
        assertThat(ProviderName.ofModel(lambda, "fallback")).isEqualTo("fallback");
        assertThat(ProviderName.ofModel(anonymous, "fallback")).isEqualTo("fallback");
        assertThat(ProviderName.ofModel(proxy, "fallback")).isEqualTo("fallback");
        assertThat(ProviderName.ofModel(new AcmeChatModel(), "fallback")).isEqualTo("acme");
    }

    /** Stands for an app's model class, which is named after no known vendor. */
    private static final class AcmeChatModel {
    }

    /** Stands for a vendor's model class. */
    private static class OpenAiChatModel {
    }

    /** An app's subclass of a vendor's model. */
    private static final class TracedOpenAi extends OpenAiChatModel {
    }
}
