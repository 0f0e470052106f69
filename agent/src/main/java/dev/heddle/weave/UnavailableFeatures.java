package dev.heddle.weave;

import dev.heddle.bootstrap.AgentLog;
import dev.heddle.config.CacheConfig;
import dev.heddle.config.HeddleConfig;
import dev.heddle.config.RuleConfig;
import dev.heddle.embed.Embedders;
import dev.heddle.preset.Presets;
import java.util.ArrayList;
import java.util.List;

/**
 * Says, once at start-up, which configured settings this version of Heddle accepts but does not
 * act on yet, so that an operator never believes a policy protects them when it does not.
 */
final class UnavailableFeatures {

    private UnavailableFeatures() {
    }

    static void report(HeddleConfig config) {
        if (config.redis().isPresent()) {
            AgentLog.warn("redis: quotas count in Redis and preset rules share their cached answers through it;"
                    + " the caches of @Cached and match rules stay in this process (their answers have no codec)");
        }
        for (RuleConfig rule : config.rules()) {
            List<String> inactive = inactiveSettings(rule, config);
            if (!inactive.isEmpty()) {
                AgentLog.warn(rule.location() + ": rule '" + rule.name() + "': not available in this version of"
                        + " Heddle, so without effect: " + String.join(", ", inactive));
            }
        }
    }

    static List<String> inactiveSettings(RuleConfig rule, HeddleConfig config) {
        List<String> inactive = new ArrayList<>();
        rule.cache().flatMap(CacheConfig::semantic).flatMap(semantic -> Embedders.problem(semantic.embedder()))
                .ifPresent(problem -> inactive.add("cache.semantic (" + problem + "; the exact cache still works)"));
        rule.preset().filter(preset -> Presets.named(preset).isEmpty())
                .ifPresent(preset -> inactive.add("preset: " + preset + " (unknown; known presets: "
                        + String.join(", ", Presets.names()) + ")"));
        if (rule.track().isPresent() && config.analytics().isEmpty() && config.telemetry().isEmpty()) {
            inactive.add("track (written only with an analytics: or telemetry: section)");
        }
        return inactive;
    }
}
