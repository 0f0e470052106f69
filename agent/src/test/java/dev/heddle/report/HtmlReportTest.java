package dev.heddle.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code report --html}: one self-contained page with the report's sections, its charts, and every event text escaped. */
class HtmlReportTest {

    @TempDir
    Path directory;

    private String html(String... options) throws IOException {
        Path events = Files.createDirectories(directory.resolve("events"));
        if (Files.notExists(events.resolve(ReportWorkload.DAY_1_FILE))) ReportWorkload.write(events);
        Path page = directory.resolve("report.html");
        String[] args = new String[options.length + 4];
        args[0] = "report";
        args[1] = events.toString();
        System.arraycopy(options, 0, args, 2, options.length);
        args[args.length - 2] = "--html";
        args[args.length - 1] = page.toString();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = ReportCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        assertThat(status).isEqualTo(ReportCommand.DONE);
        assertThat(out.toString(StandardCharsets.UTF_8)).endsWith("HTML report: " + page + System.lineSeparator());
        return Files.readString(page);
    }

    private static int count(String text, String part) {
        Matcher matcher = Pattern.compile(Pattern.quote(part)).matcher(text);
        int count = 0;
        while (matcher.find()) count++;
        return count;
    }

    @Test
    void theSummaryHasCostByModelAndByDayAndTheExperimentAsCharts() throws IOException {
        String html = html();

        assertThat(html).startsWith("<!DOCTYPE html>").endsWith("</html>\n");
        assertThat(count(html, "<svg class=\"chart\"")).isEqualTo(3);
        assertThat(html).contains("<title>Cost by model in dollars</title>", "<title>Cost by day in dollars</title>",
                "<title>prompt-style: conversion to gen_ai.evaluation.result[gen_ai.evaluation.score.label=positive],"
                        + " per variant with its 95% interval</title>");
        assertThat(html).contains("<td>0.0135</td>", ">$0.0130</text>", ">$0.0088</text>",
                "1 hit, 1 semantic hit, hit rate 33.3%, saved $0.0085");
        // the control's value is the dashed reference line; each variant a dot with its whiskers
        assertThat(count(html, "<line class=\"reference\"")).isEqualTo(1);
        assertThat(count(html, "<circle class=\"dot\"")).isEqualTo(2);
        assertThat(html).contains("<span class=\"badge ok\">ok</span>");
    }

    @Test
    void theFunnelAndTheExperimentSectionsHaveTheirCharts() throws IOException {
        String html = html("--funnel", ReportWorkload.FUNNEL, "--experiment", ReportWorkload.EXPERIMENT, "--weights", "0.9,0.1");

        assertThat(count(html, "<svg class=\"chart\"")).isEqualTo(2);
        assertThat(html).contains(">10 users (100.0%)</text>", ">6 users (60.0%)</text>", ">3 users (30.0%)</text>")
                .contains("<span class=\"badge bad\">mismatch</span>")
                .doesNotContain("Cost by model");
    }

    @Test
    void textFromEventsIsEscapedSoThatNoEventCanInjectMarkup() throws IOException {
        String summary = html();
        String journey = html("--user", "u08");
        String nobody = html("--user", "<img src=x onerror=alert(1)>");

        assertThat(summary).contains("&lt;svg onload=alert(1)&gt;").doesNotContain("<svg onload");
        assertThat(journey).contains("path=&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
        assertThat(nobody).contains("&lt;img src=x onerror=alert(1)&gt;").doesNotContain("<img");
        for (String html : new String[] {summary, journey, nobody}) {
            assertThat(html).doesNotContain("<script", "alert('x')");
        }
    }

    @Test
    void thePageLoadsNothingFromAnywhere() throws IOException {
        String html = html("--funnel", ReportWorkload.FUNNEL, "--user", "u01", "--experiment", ReportWorkload.EXPERIMENT);

        assertThat(html).doesNotContain("<script", "<link", "<img", "<iframe", "src=", "href=", "url(", "@import", "http:", "https:");
        assertThat(html).doesNotContainIgnoringCase("nan<").doesNotContain(">NaN", "Infinity");
    }
}
