package com.mailmoat.core.activity;

import com.mailmoat.core.csv.SpreadsheetCells;
import java.nio.charset.StandardCharsets;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * The activity log entries a filter matches, as a CSV file for a spreadsheet, newest first: when (ISO
 * 8601, UTC), who, the kind of change in the console's words, and what. At most {@link #MAX_ROWS} rows
 * and {@link #MAX_BYTES} bytes (a Lambda answer holds 6 MB); when more match, a last line says so.
 * Cells are {@linkplain SpreadsheetCells guarded}: summaries quote names others chose (policies,
 * senders, company names).
 */
public final class ActivityCsv {
    public static final int MAX_ROWS = 10_000;
    public static final int MAX_BYTES = 4_000_000;
    static final String HEADER = "time (UTC),who,kind of change,what,kind code,entry id";

    private ActivityCsv() {
    }

    /** What was written and whether entries were left out. */
    public record Export(String csv, int rows, boolean truncated) {
    }

    public static Export export(ActivityLog log, String accountId, ActivityFilter filter) {
        return export(log, accountId, filter, MAX_ROWS, MAX_BYTES);
    }

    static Export export(ActivityLog log, String accountId, ActivityFilter filter, int maxRows, int maxBytes) {
        StringBuilder csv = new StringBuilder(HEADER).append('\n');
        long bytes = csv.length();
        int rows = 0;
        boolean truncated = false;
        Optional<ActivityCursor> after = Optional.empty();
        do {
            ActivityLog.Page page = log.page(accountId, filter, after, Activity.MAX_PAGE);
            for (ActivityEntry entry : page.entries()) {
                String row = row(entry);
                long rowBytes = row.getBytes(StandardCharsets.UTF_8).length;
                if (rows == maxRows || bytes + rowBytes > maxBytes) {
                    truncated = true;
                    break;
                }
                csv.append(row);
                bytes += rowBytes;
                rows++;
            }
            after = truncated ? Optional.empty() : page.next();
        } while (after.isPresent());
        if (truncated) {
            csv.append("# Only the newest ").append(rows)
                    .append(" matching entries fit in one file: narrow the dates or the kind of change to export the rest.\n");
        }
        return new Export(csv.toString(), rows, truncated);
    }

    private static String row(ActivityEntry entry) {
        // Whole seconds: a spreadsheet reads "2026-11-23T17:33:00Z"; the nanoseconds only tell entries apart, as the id does.
        String[] cells = {entry.at().truncatedTo(ChronoUnit.SECONDS).toString(), entry.actor(), ActivityCategory.of(entry.kind()).label(), entry.summary(),
                entry.kind().name(), entry.id()};
        StringBuilder row = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                row.append(',');
            }
            row.append(SpreadsheetCells.cell(cells[i]));
        }
        return row.append('\n').toString();
    }
}
