package com.mailmoat.core.activity;

import com.mailmoat.core.csv.BoundedCsv;
import com.mailmoat.core.csv.SpreadsheetCells;
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
        BoundedCsv csv = new BoundedCsv(HEADER, maxRows, maxBytes);
        Optional<ActivityCursor> after = Optional.empty();
        do {
            ActivityLog.Page page = log.page(accountId, filter, after, Activity.MAX_PAGE);
            for (ActivityEntry entry : page.entries()) {
                if (!csv.add(cells(entry))) {
                    break;
                }
            }
            after = csv.full() ? Optional.empty() : page.next();
        } while (after.isPresent());
        return new Export(csv.text("entries", "narrow the dates or the kind of change to export the rest."), csv.rows(),
                csv.full());
    }

    private static String[] cells(ActivityEntry entry) {
        // Whole seconds: a spreadsheet reads "2026-11-23T17:33:00Z"; the nanoseconds only tell entries apart, as the id does.
        return new String[] {entry.at().truncatedTo(ChronoUnit.SECONDS).toString(), entry.actor(),
                ActivityCategory.of(entry.kind()).label(), entry.summary(), entry.kind().name(), entry.id()};
    }
}
