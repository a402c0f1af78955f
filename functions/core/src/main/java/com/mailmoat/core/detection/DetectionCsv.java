package com.mailmoat.core.detection;

import com.mailmoat.core.csv.BoundedCsv;
import com.mailmoat.core.csv.SpreadsheetCells;
import java.util.Optional;

/**
 * The detections matching a search, as a CSV file for a spreadsheet, newest received first. At
 * most {@link #MAX_ROWS} rows and {@link #MAX_BYTES} bytes (a Lambda answer holds 6 MB, and long
 * subjects and sender names are the sender's to choose); when more match, a last line says so. Cells are {@linkplain SpreadsheetCells guarded} against formula injection: subjects and
 * sender names are written by whoever sent the mail.
 */
public final class DetectionCsv {
    public static final int MAX_ROWS = 10_000;
    public static final int MAX_BYTES = 4_000_000;
    static final String HEADER = "received,sender,sender name,subject,mailbox,level,score,categories,why flagged,status,"
            + "found by,scan id,internet message id,detection id";
    /** Longer subjects are cut: a spam subject of kilobytes would crowd out thousands of rows. */
    private static final int MAX_SUBJECT = 500;

    private DetectionCsv() {
    }

    /** What was written and whether rows were left out. */
    public record Export(String csv, int rows, boolean truncated) {
    }

    /** @param filters the search as the list shows it; its limit and cursor are ignored (every page is read) */
    public static Export export(DetectionRepository detections, String accountId, DetectionQuery filters) {
        return export(detections, accountId, filters, MAX_ROWS, MAX_BYTES);
    }

    static Export export(DetectionRepository detections, String accountId, DetectionQuery filters, int maxRows,
                         int maxBytes) {
        BoundedCsv csv = new BoundedCsv(HEADER, maxRows, maxBytes);
        String cursor = null;
        do {
            DetectionPage page = detections.search(accountId, new DetectionQuery(DetectionQuery.MAX_LIMIT, cursor,
                    filters.level(), filters.category(), filters.status(), filters.mailbox(), filters.sender(),
                    filters.text(), filters.from(), filters.to(), filters.scanId(), filters.source()));
            for (Detection d : page.items()) {
                if (!csv.add(cells(d))) {
                    break;
                }
            }
            cursor = csv.full() ? null : page.nextCursor().orElse(null);
        } while (cursor != null);
        return new Export(csv.text("detections", "narrow the filters (dates, level, status) to export the rest."),
                csv.rows(), csv.full());
    }

    private static String[] cells(Detection d) {
        String subject = d.subject() == null ? "" : d.subject();
        if (subject.length() > MAX_SUBJECT) {
            subject = subject.substring(0, MAX_SUBJECT) + "…";
        }
        return new String[] {String.valueOf(d.receivedAt()), d.sender(), d.senderName(), subject, d.mailbox(),
                DetectionWords.level(d.level().name()), formatScore(d.score()),
                DetectionWords.categories(d.categories(), "; "), whyFlagged(d), DetectionWords.status(d.status()),
                DetectionWords.source(d.source()), d.scanId(), d.internetMessageId(), d.detectionId()};
    }

    /** The reasons that added points, strongest first, in the engine's words (never the message's own text). */
    private static String whyFlagged(Detection d) {
        return d.reasons().stream().filter(r -> r.weight() > 0)
                .sorted(java.util.Comparator.comparingDouble(Evidence::weight).reversed())
                .map(Evidence::message).collect(java.util.stream.Collectors.joining("; "));
    }

    private static String formatScore(double score) {
        return score == Math.rint(score) ? Long.toString((long) score) : Double.toString(score);
    }
}
