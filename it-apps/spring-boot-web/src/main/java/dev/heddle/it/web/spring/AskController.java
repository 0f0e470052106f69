package dev.heddle.it.web.spring;

import dev.heddle.it.web.ControllerRuns;
import com.openai.client.OpenAIClient;
import com.openai.models.ChatModel;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.nio.charset.StandardCharsets;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Asks the LLM the question of the request body, on the request's thread, and answers with its text. */
@RestController
class AskController {

    private final OpenAIClient llmClient;

    AskController(OpenAIClient llmClient) {
        this.llmClient = llmClient;
    }

    /**
     * The body is read as bytes and decoded as UTF-8, whatever the request's content type says, so
     * that both apps read the same question.
     */
    @PostMapping("/api/ask")
    ResponseEntity<String> ask(@RequestBody(required = false) byte[] body) {
        ControllerRuns.countOne();
        String question = body == null ? "" : new String(body, StandardCharsets.UTF_8);
        ChatCompletion completion = llmClient.chat().completions().create(ChatCompletionCreateParams.builder()
                .model(ChatModel.GPT_4O_MINI)
                .addUserMessage(question)
                .build());
        String answer = completion.choices().get(0).message().content().orElse("");
        return ResponseEntity.ok().contentType(ArticleController.TEXT_UTF8).body(answer);
    }
}
