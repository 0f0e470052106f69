package dev.heddle.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import dev.heddle.config.SemanticConfig.SemanticScope;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/** Reads a rule's {@code cache:}: {@code true}, {@code false}, or {@code { ttl, maxEntries, namespace, semantic, singleFlight, toolCalls }}. */
final class CacheReader {

    private static final List<String> KEYS = List.of("ttl", "maxEntries", "namespace", "semantic", "singleFlight", "toolCalls");
    private static final List<String> SEMANTIC_KEYS = List.of("threshold", "scope", "tenant", "guard", "embedder");
    private static final String EXPECTED_CACHE = "true, false or a mapping such as { ttl: 1h }";
    private static final String EXPECTED_SEMANTIC = "a mapping such as { threshold: 0.92 }, or {} for the defaults";

    private static final String EXPECTED_SCOPE = "global, user or tenant";

    private final Problems problems;
    private final Scalars scalars;
    private final UserReader tenants;
    private final EmbedderReader embedders;

    CacheReader(Problems problems, Scalars scalars) {
        this.problems = problems;
        this.scalars = scalars;
        this.tenants = new UserReader(problems, scalars);
        this.embedders = new EmbedderReader(problems, scalars);
    }

    /** @return the cache; empty for {@code cache: false} and for a cache with problems, which are reported */
    Optional<CacheConfig> read(Node node, String path) {
        if (node instanceof ScalarNode && !Nodes.isNull(node)) {
            return scalars.bool(node, path, EXPECTED_CACHE).filter(enabled -> enabled).map(enabled -> defaults());
        }
        return YamlMapping.read(node, path, EXPECTED_CACHE, problems).map(cache -> cache(cache.allowOnly(KEYS, problems)));
    }

    private CacheConfig cache(YamlMapping cache) {
        Duration ttl = cache.get("ttl").flatMap(ttlNode -> scalars.positiveDuration(ttlNode, cache.pathOf("ttl")))
                .orElse(CacheConfig.DEFAULT_TTL);
        long maxEntries = cache.get("maxEntries").flatMap(maxNode -> scalars.positiveLong(maxNode, cache.pathOf("maxEntries")))
                .orElse(CacheConfig.DEFAULT_MAX_ENTRIES);
        Optional<String> namespace = cache.get("namespace")
                .flatMap(namespaceNode -> scalars.name(namespaceNode, cache.pathOf("namespace"), "a namespace name"));
        Optional<SemanticConfig> semantic = cache.get("semantic")
                .flatMap(semanticNode -> semantic(semanticNode, cache.pathOf("semantic")));
        boolean singleFlight = cache.get("singleFlight")
                .flatMap(flag -> scalars.bool(flag, cache.pathOf("singleFlight"))).orElse(true);
        boolean toolCalls = cache.get("toolCalls")
                .flatMap(flag -> scalars.bool(flag, cache.pathOf("toolCalls"))).orElse(false);
        return new CacheConfig(ttl, maxEntries, namespace, semantic, singleFlight, toolCalls);
    }

    private Optional<SemanticConfig> semantic(Node node, String path) {
        return YamlMapping.read(node, path, EXPECTED_SEMANTIC, problems).flatMap(semantic -> {
            semantic.allowOnly(SEMANTIC_KEYS, problems);
            double threshold = semantic.get("threshold")
                    .flatMap(thresholdNode -> scalars.threshold(thresholdNode, semantic.pathOf("threshold")))
                    .orElse(SemanticConfig.DEFAULT_THRESHOLD);
            Optional<SemanticScope> scope = semantic.get("scope").isEmpty() ? Optional.of(SemanticScope.GLOBAL)
                    : semantic.get("scope").flatMap(scopeNode -> scope(scopeNode, semantic.pathOf("scope")));
            Optional<UserConfig> tenant = semantic.get("tenant")
                    .flatMap(tenantNode -> tenants.read(tenantNode, semantic.pathOf("tenant")));
            boolean guard = semantic.get("guard").flatMap(flag -> scalars.bool(flag, semantic.pathOf("guard"))).orElse(true);
            Optional<EmbedderConfig> embedder = semantic.get("embedder").isEmpty() ? Optional.of(EmbedderConfig.local())
                    : semantic.get("embedder").flatMap(embedderNode -> embedders.read(embedderNode, semantic.pathOf("embedder")));
            if (scope.isEmpty() || embedder.isEmpty()) return Optional.empty();
            if (scope.get() == SemanticScope.TENANT && tenant.isEmpty()) {
                if (semantic.get("tenant").isEmpty()) {
                    problems.report(node, path, "scope tenant needs 'tenant': where a call finds its tenant id, such as { mdc: tenantId }");
                }
                return Optional.empty();
            }
            if (scope.get() != SemanticScope.TENANT && semantic.get("tenant").isPresent()) {
                problems.report(semantic.get("tenant").get(), semantic.pathOf("tenant"), "'tenant' applies only to scope: tenant");
            }
            return Optional.of(new SemanticConfig(threshold, scope.get(), tenant, guard, embedder.get()));
        });
    }

    private Optional<SemanticScope> scope(Node node, String path) {
        return scalars.name(node, path, EXPECTED_SCOPE).flatMap(name -> {
            for (SemanticScope scope : SemanticScope.values()) {
                if (scope.name().equalsIgnoreCase(name)) return Optional.of(scope);
            }
            problems.report(node, path, "expected " + EXPECTED_SCOPE + ", but found '" + name + "'");
            return Optional.empty();
        });
    }

    private static CacheConfig defaults() {
        return new CacheConfig(CacheConfig.DEFAULT_TTL, CacheConfig.DEFAULT_MAX_ENTRIES, Optional.empty(), Optional.empty());
    }
}
