package dev.heddle.preset;

import dev.heddle.config.MatchConfig;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** The built-in presets, by the name a rule gives in {@code preset:}. See {@code docs/presets.md}. */
public final class Presets {

    private static final String OPENAI_CHAT_PARAMS = "com.openai.models.chat.completions.ChatCompletionCreateParams";
    private static final String OPENAI_RESPONSE_PARAMS = "com.openai.models.responses.ResponseCreateParams";
    private static final String OPENAI_OPTIONS = "com.openai.core.RequestOptions";
    private static final String ANTHROPIC_PARAMS = "com.anthropic.models.messages.MessageCreateParams";
    private static final String ANTHROPIC_OPTIONS = "com.anthropic.core.RequestOptions";

    private static final Map<String, Preset> BUILT_IN = new TreeMap<>();

    static {
        register(new StainlessSdkPreset(new StainlessSdkPreset.Sdk("openai-java", "openai",
                List.of(target("com.openai.services.blocking.chat.ChatCompletionService", OPENAI_CHAT_PARAMS, OPENAI_OPTIONS),
                        target("com.openai.services.async.chat.ChatCompletionServiceAsync", OPENAI_CHAT_PARAMS, OPENAI_OPTIONS),
                        target("com.openai.services.blocking.ResponseService", OPENAI_RESPONSE_PARAMS, OPENAI_OPTIONS),
                        target("com.openai.services.async.ResponseServiceAsync", OPENAI_RESPONSE_PARAMS, OPENAI_OPTIONS)),
                "com.openai.core.ObjectMappers",
                Set.of("user", "metadata", "store", "stream_options", "service_tier", "prompt_cache_key",
                        "safety_identifier", "background"),
                List.of("user"), "com.openai.errors.", StainlessStreamTap.Dialect.OPENAI_CHAT)));
        register(new StainlessSdkPreset(new StainlessSdkPreset.Sdk("anthropic-java", "anthropic",
                List.of(target("com.anthropic.services.blocking.MessageService", ANTHROPIC_PARAMS, ANTHROPIC_OPTIONS),
                        target("com.anthropic.services.async.MessageServiceAsync", ANTHROPIC_PARAMS, ANTHROPIC_OPTIONS)),
                "com.anthropic.core.ObjectMappers",
                Set.of("metadata", "service_tier"),
                List.of("metadata", "user_id"), "com.anthropic.errors.", StainlessStreamTap.Dialect.ANTHROPIC_MESSAGES)));
        register(new LangChain4jPreset());
        register(new SpringAiPreset());
    }

    private Presets() {
    }

    private static void register(Preset preset) {
        BUILT_IN.put(preset.name(), preset);
    }

    private static MatchConfig target(String type, String... parameterTypes) {
        return new MatchConfig(type, "create", Optional.of(List.of(parameterTypes)));
    }

    /**
     * @param name a preset name
     * @return the preset, when there is one of that name
     */
    public static Optional<Preset> named(String name) {
        return Optional.ofNullable(BUILT_IN.get(name));
    }

    /** @return the names of every built-in preset, sorted */
    public static Set<String> names() {
        return BUILT_IN.keySet();
    }
}
