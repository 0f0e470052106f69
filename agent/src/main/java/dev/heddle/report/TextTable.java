package dev.heddle.report;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table whose columns line up: text columns to the left, figures to the right, two
 * spaces between columns, and no padding after the last column.
 */
final class TextTable {

    private final List<String> headers = new ArrayList<>();
    private final List<Boolean> rightAligned = new ArrayList<>();
    private final List<List<String>> rows = new ArrayList<>();

    /** @return this, with a left-aligned column */
    TextTable left(String header) {
        headers.add(header);
        rightAligned.add(false);
        return this;
    }

    /** @return this, with a right-aligned column */
    TextTable right(String header) {
        headers.add(header);
        rightAligned.add(true);
        return this;
    }

    /**
     * @param cells one per column; event text should have gone through {@link ReportFormat#plain}
     * @return this
     */
    TextTable row(Object... cells) {
        if (cells.length != headers.size()) throw new IllegalArgumentException(cells.length + " cells for " + headers.size() + " columns");
        List<String> row = new ArrayList<>(cells.length);
        for (Object cell : cells) row.add(String.valueOf(cell));
        rows.add(row);
        return this;
    }

    /** @return whether no row was added */
    boolean isEmpty() {
        return rows.isEmpty();
    }

    void print(PrintStream out) {
        int[] widths = new int[headers.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = headers.get(i).length();
            for (List<String> row : rows) widths[i] = Math.max(widths[i], row.get(i).length());
        }
        out.println(line(headers, widths));
        for (List<String> row : rows) out.println(line(row, widths));
    }

    private String line(List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) line.append("  ");
            String cell = cells.get(i);
            boolean last = i == cells.size() - 1;
            int pad = widths[i] - cell.length();
            if (rightAligned.get(i)) {
                line.append(" ".repeat(pad)).append(cell);
            } else {
                line.append(cell);
                if (!last) line.append(" ".repeat(pad));
            }
        }
        return line.toString().stripTrailing();
    }
}
