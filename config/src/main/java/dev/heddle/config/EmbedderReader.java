package dev.heddle.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * Reads a semantic cache's {@code embedder:}: {@code local}, {@code local:<model>}, or
 * {@code { provider, model, baseUrl, apiKeyEnv, timeout }}.
 */
final class EmbedderReader {

    private static final List<String> KEYS = List.of("provider", "model", "baseUrl", "apiKeyEnv", "timeout");
    private static final String EXPECTED = "local, local:<model>, or a mapping such as"
            + " { provider: openai, model: text-embedding-3-small }";

    private final Problems problems;
    private final Scalars scalars;

    EmbedderReader(Problems problems, Scalars scalars) {
        this.problems = problems;
        this.scalars = scalars;
    }

    Optional<EmbedderConfig> read(Node node, String path) {
        if (node instanceof ScalarNode && !Nodes.isNull(node)) {
            return scalars.name(node, path, EXPECTED).flatMap(text -> {
                if (text.equals(EmbedderConfig.LOCAL)) return Optional.of(EmbedderConfig.local());
                if (text.startsWith(EmbedderConfig.LOCAL + ":") && text.length() > EmbedderConfig.LOCAL.length() + 1) {
                    return Optional.of(EmbedderConfig.local(text.substring(EmbedderConfig.LOCAL.length() + 1)));
                }
                problems.report(node, path, "expected " + EXPECTED + ", but found '" + text + "'");
                return Optional.empty();
            });
        }
        return YamlMapping.read(node, path, EXPECTED, problems).flatMap(embedder -> {
            embedder.allowOnly(KEYS, problems);
            String provider = embedder.get("provider")
                    .flatMap(value -> scalars.name(value, embedder.pathOf("provider"), "local or openai"))
                    .orElse(EmbedderConfig.LOCAL);
            if (!provider.equals(EmbedderConfig.LOCAL) && !provider.equals(EmbedderConfig.OPENAI)) {
                problems.report(embedder.get("provider").orElse(node), embedder.pathOf("provider"),
                        "expected local or openai, but found '" + provider + "'");
                return Optional.empty();
            }
            Optional<String> model = embedder.get("model")
                    .flatMap(value -> scalars.name(value, embedder.pathOf("model"), "a model name such as text-embedding-3-small"));
            if (provider.equals(EmbedderConfig.OPENAI) && model.isEmpty()) {
                if (embedder.get("model").isEmpty()) {
                    problems.report(node, path, "provider openai needs 'model', such as text-embedding-3-small");
                }
                return Optional.empty();
            }
            Optional<String> baseUrl = embedder.get("baseUrl").flatMap(value -> baseUrl(value, embedder.pathOf("baseUrl")));
            Optional<String> apiKeyEnv = embedder.get("apiKeyEnv")
                    .flatMap(value -> scalars.name(value, embedder.pathOf("apiKeyEnv"), "an environment variable such as OPENAI_API_KEY"));
            Duration timeout = embedder.get("timeout").flatMap(value -> scalars.positiveDuration(value, embedder.pathOf("timeout")))
                    .orElse(EmbedderConfig.DEFAULT_TIMEOUT);
            if (provider.equals(EmbedderConfig.LOCAL)) {
                for (String remoteOnly : List.of("baseUrl", "apiKeyEnv")) {
                    embedder.get(remoteOnly).ifPresent(value -> problems.report(value, embedder.pathOf(remoteOnly),
                            "'" + remoteOnly + "' applies only to provider: openai"));
                }
                return Optional.of(EmbedderConfig.local(model.orElse(EmbedderConfig.DEFAULT_LOCAL_MODEL)));
            }
            return Optional.of(new EmbedderConfig(provider, model.get(),
                    Optional.of(baseUrl.orElse(EmbedderConfig.DEFAULT_BASE_URL)),
                    Optional.of(apiKeyEnv.orElse(EmbedderConfig.DEFAULT_API_KEY_ENV)), timeout));
        });
    }

    private Optional<String> baseUrl(Node node, String path) {
        return scalars.name(node, path, "an http or https URL such as https://api.openai.com/v1").filter(url -> {
            if (url.startsWith("http://") || url.startsWith("https://")) return true;
            problems.report(node, path, "expected an http or https URL such as https://api.openai.com/v1, but found '" + url + "'");
            return false;
        });
    }
}
