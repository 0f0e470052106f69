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
}
