package dev.heddle.preset;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The OpenTelemetry {@code gen_ai.provider.name} of a chat model, told by its class name, for the
 * presets of frameworks (LangChain4j, Spring AI) that reach many vendors through one interface. Both
 * frameworks name a model class after its vendor ({@code OpenAiChatModel},
 * {@code BedrockAnthropicMessageChatModel}, {@code VertexAiGeminiChatModel}), and the class is all a
 * preset can see without the app's configuration.
 */
final class ProviderName {

    /**
     * Class name prefixes and the well-known value of the GenAI semantic conventions v1.41 each
     * stands for, in the order they are tried: a prefix that names a host (Azure, Bedrock, Vertex AI)
     * comes before one that names a model family, since {@code BedrockAnthropic...} is served by
     * Bedrock. {@code ollama} is not in the v1.41 list; it is the name a class without a well-known
     * value gets anyway, written here so that a subclass of an Ollama model is named by it too.
     */
    private static final List<Map.Entry<String, String>> WELL_KNOWN = List.of(
            Map.entry("AzureOpenAi", "azure.ai.openai"),
            Map.entry("Bedrock", "aws.bedrock"),
            Map.entry("VertexAi", "gcp.vertex_ai"),
            Map.entry("GoogleAiGemini", "gcp.gemini"),
            Map.entry("GoogleGenAi", "gcp.gen_ai"),
            Map.entry("OpenAi", "openai"),
            Map.entry("Anthropic", "anthropic"),
            Map.entry("MistralAi", "mistral_ai"),
            Map.entry("Watsonx", "ibm.watsonx.ai"),
            Map.entry("DeepSeek", "deepseek"),
            Map.entry("Ollama", "ollama"));

    private static final String MODEL_SUFFIX = "ChatModel";

    /** The provider per model class; empty for a class whose name tells nothing (see {@link #ofModel}). */
    private static final ClassValue<Optional<String>> OF_CLASS = new ClassValue<>() {
        @Override
        protected Optional<String> computeValue(Class<?> type) {
            for (Class<?> current = type; current != null && current != Object.class; current = current.getSuperclass()) {
                Optional<String> known = wellKnown(current.getName());
                if (known.isPresent()) return known;
            }
            // a lambda's, an anonymous class's or a JDK proxy's name is made up, not the vendor's
            if (type.isHidden() || type.isAnonymousClass() || Proxy.isProxyClass(type)) return Optional.empty();
            String own = ofClassName(type.getName());
            return own.isEmpty() ? Optional.empty() : Optional.of(own);
        }
    };

    private ProviderName() {
    }

    /**
     * @param model the receiver of a woven call
     * @param fallback what to say when there is no model, or when its class is a lambda, an
     *     anonymous class or a JDK proxy and none of its superclasses has a well-known provider
     * @return the well-known provider of the model's class or of the first superclass that has one
     *     (a subclass or a CGLIB proxy of {@code OpenAiChatModel} is {@code openai}); otherwise the
     *     class's own name, see {@link #ofClassName}
     */
    static String ofModel(Object model, String fallback) {
        return model == null ? fallback : OF_CLASS.get(model.getClass()).orElse(fallback);
    }

    /**
     * @param className a model class's name, with or without its package
     * @return its well-known provider; otherwise its simple name without {@code ChatModel}, lowercased
     *     ({@code com.acme.AcmeChatModel} is {@code acme}); empty for an anonymous class's name
     */
    static String ofClassName(String className) {
        return wellKnown(className).orElseGet(() -> {
            String simple = simpleName(className);
            if (simple.endsWith(MODEL_SUFFIX)) simple = simple.substring(0, simple.length() - MODEL_SUFFIX.length());
            return simple.toLowerCase(Locale.ROOT);
        });
    }

    private static Optional<String> wellKnown(String className) {
        String simple = simpleName(className);
        for (Map.Entry<String, String> prefix : WELL_KNOWN) {
            if (simple.startsWith(prefix.getKey())) return Optional.of(prefix.getValue());
        }
        return Optional.empty();
    }

    /**
     * The name without package, enclosing class, a local class's number ({@code Outer$1Local}) or a
     * proxy suffix ({@code $$SpringCGLIB$$0}); empty for an anonymous class ({@code Outer$1}).
     */
    private static String simpleName(String className) {
        String simple = className.substring(className.lastIndexOf('.') + 1);
        int proxy = simple.indexOf("$$");
        if (proxy >= 0) simple = simple.substring(0, proxy);
        simple = simple.substring(simple.lastIndexOf('$') + 1);
        int start = 0;
        while (start < simple.length() && Character.isDigit(simple.charAt(start))) start++;
        return simple.substring(start);
    }
}
