package dev.heddle.it.app.sdk;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.heddle.it.app.Out;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.SdkTracerProvider;

/**
 * An ordinary app that calls the official OpenAI Java SDK and has an OpenTelemetry SDK of its own;
 * it knows nothing of Heddle.
 *
 * <p>{@code TracedOpenAiApp <baseUrl> users}: asks {@link #QUESTION} twice for user {@code alice}
 * (the request's {@code user} field), printing {@code alice1.*} and {@code alice2.*}; then asks
 * {@link #TRACED_QUESTION}, for no user, inside a span of its own SDK (a tracer provider with no
 * exporter), printing {@code traced.*} and that span's {@code app.traceId} and {@code app.spanId}.
 *
 * <p>{@code TracedOpenAiApp <baseUrl> repeat}: asks {@link #QUESTION} twice for no user, printing
 * {@code first.*} and {@code second.*}.
 *
 * <p>For each answer: {@code .id}, {@code .model}, {@code .finishReason}, {@code .promptTokens} and
 * {@code .completionTokens}, as the app sees them.
 */
public final class TracedOpenAiApp {

    /** The question asked twice: the text no span attribute may hold while content capture is off. */
    public static final String QUESTION = "Which loom part lifts the warp threads?";
    /** The model every question asks for. */
    public static final String MODEL = "gpt-4o-mini";
    /** The question asked once inside the app's own span. */
    public static final String TRACED_QUESTION = "What does a shuttle carry across the warp?";

    private TracedOpenAiApp() {
    }

    public static void main(String[] args) {
        OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(args[0] + "/v1").apiKey("test-key").maxRetries(0).build();
        switch (args[1]) {
            case "users" -> users(client);
            case "repeat" -> {
                print("first", client.chat().completions().create(question(QUESTION, null)));
                print("second", client.chat().completions().create(question(QUESTION, null)));
            }
            default -> throw new IllegalArgumentException("unknown mode " + args[1]);
        }
        Out.print("done", true);
        System.exit(0); // the SDK's HTTP client keeps non-daemon threads alive for a minute
    }

    private static void users(OpenAIClient client) {
        print("alice1", client.chat().completions().create(question(QUESTION, "alice")));
        print("alice2", client.chat().completions().create(question(QUESTION, "alice")));
        try (SdkTracerProvider tracing = SdkTracerProvider.builder().build()) {
            Tracer tracer = tracing.get("traced-openai-app");
            Span span = tracer.spanBuilder("answer shuttle question").startSpan();
            try (Scope ignored = span.makeCurrent()) {
                print("traced", client.chat().completions().create(question(TRACED_QUESTION, null)));
            } finally {
                span.end();
            }
            Out.print("app.traceId", span.getSpanContext().getTraceId());
            Out.print("app.spanId", span.getSpanContext().getSpanId());
        }
    }

    private static ChatCompletionCreateParams question(String text, String user) {
        ChatCompletionCreateParams.Builder builder = ChatCompletionCreateParams.builder()
                .model(MODEL)
                .addSystemMessage("You are a weaving assistant.")
                .addUserMessage(text)
                .temperature(0.2);
        if (user != null) builder.user(user);
        return builder.build();
    }

    private static void print(String prefix, ChatCompletion completion) {
        Out.print(prefix + ".id", completion.id());
        Out.print(prefix + ".model", completion.model());
        Out.print(prefix + ".finishReason", completion.choices().get(0).finishReason().asString());
        completion.usage().ifPresent(usage -> {
            Out.print(prefix + ".promptTokens", usage.promptTokens());
            Out.print(prefix + ".completionTokens", usage.completionTokens());
        });
    }
}
