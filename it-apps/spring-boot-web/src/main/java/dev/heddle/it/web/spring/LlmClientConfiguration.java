package dev.heddle.it.web.spring;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The one OpenAI client of the app, pointed at the LLM base URL of the command line. */
@Configuration(proxyBeanMethods = false)
class LlmClientConfiguration {

    /**
     * Built once, as an app would: the agent weaves the SDK's calls, not the client's construction.
     * Its own retries are off so that only a retry policy of the agent retries, as in the SDK test apps.
     */
    @Bean(destroyMethod = "close")
    OpenAIClient llmClient(@Value("${" + SpringBootWebApp.LLM_BASE_URL_PROPERTY + "}") String llmBaseUrl) {
        return OpenAIOkHttpClient.builder().baseUrl(llmBaseUrl + "/v1").apiKey("test-key").maxRetries(0).build();
    }
}
