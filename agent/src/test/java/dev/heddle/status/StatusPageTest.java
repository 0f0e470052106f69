package dev.heddle.status;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StatusPageTest {

    private final String busy = StatusPage.render(StatusReports.busy());

    @Test
    void thePageReloadsItselfEveryFiveSeconds() {
        assertThat(busy).contains("<meta http-equiv=\"refresh\" content=\"5\">");
    }

    @Test
    void thePageNeedsNothingButItself() {
        assertThat(busy).doesNotContain("<script", "<link", "src=", "http://", "https://", "@import", "url(");
    }

    @Test
    void theCardsShowConfigurationReloadRedisAndTotals() {
        assertThat(busy)
                .contains("version 3", "<code>/etc/app/heddle.yaml</code>")
                .contains("<span class=\"badge ok\">applied</span>", "version 3 at 2026-01-15 10:00:00 UTC")
                .contains("<span class=\"badge ok\">connected</span>")
                .contains("49 · 71%", "spent $0.30, saved $0.90")
                .contains("2 entries rejected (changed, planted or signed with another key; never served)")
                .doesNotContain("Internal errors");
    }

    @Test
    void internalErrorsGetACardOfTheirOwnOnlyWhenThereAreSome() {
        assertThat(StatusPage.render(StatusReports.rejected())).contains("Internal errors", "<span class=\"badge bad\">5</span>");
    }

    @Test
    void eachRuleIsOneRowWithItsFigures() {
        assertThat(busy).contains("<tr><td class=\"text\">support-bot</td><td>41</td><td>30</td><td>6</td><td>10</td><td>75%</td>"
                + "<td>38</td><td>3</td><td>2</td>"
                + "<td><span class=\"badge bad\" title=\"gpt-4o: open, gpt-4o-mini: closed\">open</span></td>"
                + "<td>1</td><td>12000 / 3000</td><td>$0.30</td><td>$0.90</td></tr>");
    }

    @Test
    void anAnnotatedMethodIsMarkedAndHasNoCircuit() {
        assertThat(busy).contains("@Cached com.example.Translator:translate([Ljava/lang/String;)Ljava/lang/String;"
                + "<span class=\"kind\">annotation</span></td><td>8</td>");
        assertThat(busy).contains("<td><span class=\"muted\">—</span></td>");
    }

    @Test
    void wovenMethodsAreListedUnderTheirRuleReadably() {
        assertThat(busy).contains("<tr><td class=\"text\">support-bot</td><td class=\"text\"><code title=\""
                + StatusReports.SUPPORT_ANSWER + "\">com.example.SupportBot.answer(String, int)</code></td></tr>");
        assertThat(busy).contains("none (rule switched off)", "com.example.Old.ask()");
    }

    @Test
    void adaptiveLimitsAreListed() {
        assertThat(busy).contains("<td class=\"text\">per-user openai-java:gpt-4o-mini</td><td>24</td><td>3</td>");
    }

    @Test
    void aRejectedReloadShowsItsProblemsEscaped() {
        String page = StatusPage.render(StatusReports.rejected());

        assertThat(page).contains("<span class=\"badge bad\">rejected</span>", "at 2026-01-15 10:00:00 UTC; version 1 keeps running")
                .contains("<li><code>heddle.yaml:4:12: rules[0].name: expected a rule name, but found &#39;&lt;script&gt;&#39;</code></li>")
                .doesNotContain("<script>");
    }

    @Test
    void anEmptyReportSaysThatNothingIsWovenYet() {
        assertThat(StatusPage.render(StatusReports.rejected()))
                .contains("No woven method is governed by a rule or an annotation yet.", "No method is woven yet.");
    }
}
