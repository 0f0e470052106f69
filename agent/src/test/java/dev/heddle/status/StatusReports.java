package dev.heddle.status;

import dev.heddle.reload.ReloadResult;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reports with known figures, for the renderers' tests. */
final class StatusReports {

    static final Instant AT = Instant.parse("2026-01-15T10:00:00Z");
    static final String SUPPORT_ANSWER = "com.example.SupportBot:answer(Ljava/lang/String;I)Ljava/lang/String;";
    static final String TRANSLATE = "com.example.Translator:translate([Ljava/lang/String;)Ljava/lang/String;";

    private StatusReports() {
    }

    /** Two rules, one of them with a circuit per model; one adaptive limit; Redis connected. */
    static StatusReport busy() {
        RuleStatus support = new RuleStatus("support-bot", 30, 10, 1, 10, 12_000, 3_000, 0.1 + 0.2, 36_000, 9_000, 0.9,
                12, 2, 1, 3, 0, 0, 0, 0, 0, 1, 38, 3, 0, 4, 0, 6);
        RuleStatus translate = new RuleStatus("@Cached " + TRANSLATE, 4, 4, 0, 0, 0, 0, 0, 0, 0, 0,
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        return new StatusReport(AT, "/etc/app/heddle.yaml", 3, new ReloadResult(AT, true, 3, List.of()),
                List.of(new RuleReport(support, false, List.of(SUPPORT_ANSWER), 41, Optional.of("open"),
                                Map.of("gpt-4o", "open", "gpt-4o-mini", "closed")),
                        new RuleReport(translate, true, List.of(TRANSLATE), 8, Optional.empty(), Map.of())),
                List.of("com.example.Old:ask()Ljava/lang/String;"),
                List.of(new UpstreamLimitStatus("per-user openai-java:gpt-4o-mini", 24, 3)),
                new RedisState(RedisState.CONNECTED, "connected", 0), 2, 0);
    }

    /** Nothing woven; the last file was rejected with a problem whose text needs escaping. */
    static StatusReport rejected() {
        ReloadResult rejected = new ReloadResult(AT, false, 1,
                List.of("heddle.yaml:4:12: rules[0].name: expected a rule name, but found '<script>'"));
        return new StatusReport(AT, "heddle.yaml", 1, rejected, List.of(), List.of(), List.of(),
                new RedisState(RedisState.NONE, "none (quotas count in this process)", 0), 0, 5);
    }
}
