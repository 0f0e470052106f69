package dev.heddle.weave;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heddle.config.ConfigLoader;
import dev.heddle.config.HeddleConfig;
import org.junit.jupiter.api.Test;

class ReweaverTest {

    private static HeddleConfig config(String rules) throws Exception {
        return ConfigLoader.parse("rules:\n" + rules, "heddle.yaml");
    }

    private static final String BOT = "  - { name: bot, match: { type: com.example.Bot, method: answer }, cache: { ttl: 1h } }\n";

    @Test
    void aChangeOfPolicySettingsAloneWeavesNothingAgain() throws Exception {
        assertThat(Reweaver.changedTypes(config(BOT), config(BOT.replace("1h", "5m")))).isEmpty();
    }

    @Test
    void anAddedRuleAndARemovedRuleNameTheirTypes() throws Exception {
        String helper = "  - { name: helper, match: { type: com.example.Helper, method: help } }\n";

        assertThat(Reweaver.changedTypes(config(BOT), config(BOT + helper))).containsExactly("com.example.Helper");
        assertThat(Reweaver.changedTypes(config(BOT + helper), config(BOT))).containsExactly("com.example.Helper");
    }

    @Test
    void aRetargetedRuleNamesItsOldAndNewTypes() throws Exception {
        String retargeted = BOT.replace("com.example.Bot", "com.example.NewBot");

        assertThat(Reweaver.changedTypes(config(BOT), config(retargeted)))
                .containsExactlyInAnyOrder("com.example.Bot", "com.example.NewBot");
        assertThat(Reweaver.changedTypes(config(BOT), config(BOT.replace("method: answer", "method: reply"))))
                .containsExactly("com.example.Bot");
    }

    @Test
    void aPresetRuleNamesTheSdkTypesOfItsPreset() throws Exception {
        assertThat(Reweaver.changedTypes(config(BOT), config(BOT + "  - { name: openai, preset: openai-java }\n")))
                .isNotEmpty().allMatch(type -> type.startsWith("com.openai."));
    }

    @Test
    void anHttpSectionThatComesOrGoesWeavesTheServletAgainAndARouteChangeDoesNot() throws Exception {
        String http = "http: { routes: [ { path: /api/**, cache: { ttl: 1m } } ] }\n";
        HeddleConfig without = config(BOT);
        HeddleConfig with = ConfigLoader.parse(http + "rules:\n" + BOT, "heddle.yaml");
        HeddleConfig otherRoute = ConfigLoader.parse(http.replace("/api/**", "/v2/**") + "rules:\n" + BOT, "heddle.yaml");

        assertThat(Reweaver.changedTypes(without, with)).containsExactly("jakarta.servlet.http.HttpServlet");
        assertThat(Reweaver.changedTypes(with, without)).containsExactly("jakarta.servlet.http.HttpServlet");
        assertThat(Reweaver.changedTypes(with, otherRoute)).isEmpty();
    }
}
