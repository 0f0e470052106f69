package dev.heddle.it.web.jetty;

import dev.heddle.it.web.ControllerRuns;
import com.openai.client.OpenAIClient;
import com.openai.models.ChatModel;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Asks the LLM the question of the request body, on the request's thread, and answers with its text. */
final class AskServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient OpenAIClient llmClient;

    AskServlet(OpenAIClient llmClient) {
        this.llmClient = llmClient;
    }

    /**
     * The body is decoded as UTF-8 whatever the request's content type says, so that both apps read
     * the same question.
     */
    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ControllerRuns.countOne();
        String question = new String(request.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        ChatCompletion completion = llmClient.chat().completions().create(ChatCompletionCreateParams.builder()
                .model(ChatModel.GPT_4O_MINI)
                .addUserMessage(question)
                .build());
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter().write(completion.choices().get(0).message().content().orElse(""));
    }
}
