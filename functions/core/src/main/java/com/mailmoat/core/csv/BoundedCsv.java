package com.mailmoat.core.csv;

import java.nio.charset.StandardCharsets;

/**
 * A CSV file written row by row within a number of rows and bytes (a Lambda answer holds 6 MB): the first row that
 * does not fit fills it, and a last line then says what was left out. Every cell goes through
 * {@link SpreadsheetCells}.
 */
public final class BoundedCsv {
    private final StringBuilder text;
    private final int maxRows;
    private final long maxBytes;
    private long bytes;
    private int rows;
    private boolean full;

    public BoundedCsv(String header, int maxRows, long maxBytes) {
        this.text = new StringBuilder(header).append('\n');
        this.bytes = text.length();
        this.maxRows = maxRows;
        this.maxBytes = maxBytes;
    }

    /** Adds a row of these cells; false (and nothing more is added) once the file is full. */
    public boolean add(String... cells) {
        if (full) {
            return false;
        }
        StringBuilder row = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                row.append(',');
            }
            row.append(SpreadsheetCells.cell(cells[i]));
        }
        row.append('\n');
        long rowBytes = row.toString().getBytes(StandardCharsets.UTF_8).length;
        if (rows == maxRows || bytes + rowBytes > maxBytes) {
            full = true;
            return false;
        }
        text.append(row);
        bytes += rowBytes;
        rows++;
        return true;
    }

    /** Whether a row was left out. */
    public boolean full() {
        return full;
    }

    public int rows() {
        return rows;
    }

    /** The file; when rows were left out, ends with a {@code #} line: "Only the newest N matching {what} …{advice}". */
    public String text(String what, String advice) {
        return full ? text + "# Only the newest " + rows + " matching " + what + " fit in one file: " + advice + "\n"
                : text.toString();
    }
}
