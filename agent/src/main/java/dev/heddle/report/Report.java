package dev.heddle.report;

import java.nio.file.Path;
import java.util.List;

/**
 * What one run of the report command computed, for {@link TextReport} and {@link HtmlReport} to
 * show alike. The summary's parts are null when a section was asked for, and a section is null
 * when it was not.
 *
 * @param source the events directory or file
 * @param log the events read, within the period
 * @param period such as {@code from 2026-12-01 to 2026-12-07}, or null for all events
 * @param counts the summary's event counts, or null
 * @param costs the summary's costs and savings, or null
 * @param journey the {@code --user} section, or null
 * @param funnel the {@code --funnel} section, or null
 * @param experiments the {@code --experiment} section, or every experiment in the summary
 * @param experimentsInLog the names of every experiment the events name, to help with a name that is not there
 */
record Report(Path source, EventLog log, String period, EventCounts counts, CostBreakdown costs, Journey journey,
        Funnel funnel, List<ExperimentResult> experiments, List<String> experimentsInLog) {

    /** How many users the cost-by-user table lists. */
    static final int TOP_USERS = 10;

    Report {
        experiments = List.copyOf(experiments);
        experimentsInLog = List.copyOf(experimentsInLog);
    }

    /** @return whether this is the summary (no section was asked for) */
    boolean isSummary() {
        return counts != null;
    }

    /** @return such as {@code events/ (3 files)} */
    String describeSource() {
        int files = log.files().size();
        return source + " (" + files + (files == 1 ? " file)" : " files)");
    }
}
