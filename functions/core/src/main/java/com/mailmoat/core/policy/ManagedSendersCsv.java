package com.mailmoat.core.policy;

import com.mailmoat.core.csv.SpreadsheetCells;
import com.mailmoat.core.validation.FieldError;
import com.mailmoat.core.validation.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * CSV import and export of one user's own senders: one entry per line, {@code list,value[,note]}, where
 * {@code list} is {@code blocked} or {@code allowed}; an optional header line {@code list,value,note},
 * blank lines and lines starting with {@code #} ignored, further columns ignored (a file exported with
 * more columns still imports). The export is this same shape, so a file round-trips.
 */
public final class ManagedSendersCsv {
    /** The most entry lines one import takes: a user's own lists are for a few senders, not an organisation's. */
    public static final int MAX_ROWS = 1000;
    static final String HEADER = "list,value,note";

    private ManagedSendersCsv() {
    }

    /** One line of the file, its value not yet checked against the lists' rules. */
    public record Row(int line, SenderListKind list, String raw, String note) {
    }

    /** The file's entry lines and the problems of the lines that are not one. */
    public record Rows(List<Row> rows, List<FieldError> errors) {
    }

    public static Rows read(String csv) {
        List<Row> rows = new ArrayList<>();
        List<FieldError> errors = new ArrayList<>();
        String[] lines = (csv == null ? "" : csv).split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            int number = i + 1;
            if (line.isEmpty() || line.startsWith("#")
                    || (number == 1 && line.toLowerCase(Locale.ROOT).replace("\"", "").startsWith("list,"))) {
                continue;
            }
            List<String> cells = cells(line);
            String field = "line " + number;
            SenderListKind list = list(SpreadsheetCells.unguard(cells.get(0)));
            if (list == null) {
                errors.add(new FieldError(field, "starts with '" + AddressMatcher.shorten(cells.get(0))
                        + "': the first column must be blocked or allowed"));
                continue;
            }
            if (cells.size() < 2 || cells.get(1).isBlank()) {
                errors.add(new FieldError(field, "has no address or domain in its second column"));
                continue;
            }
            rows.add(new Row(number, list, SpreadsheetCells.unguard(cells.get(1)),
                    cells.size() > 2 ? SpreadsheetCells.unguard(cells.get(2)) : ""));
        }
        if (rows.size() > MAX_ROWS) {
            errors.add(new FieldError("csv", "holds " + rows.size() + " entries; one import takes at most " + MAX_ROWS));
        }
        return new Rows(rows, errors);
    }

    private static SenderListKind list(String cell) {
        return switch (cell.strip().toLowerCase(Locale.ROOT)) {
            case "blocked", "block" -> SenderListKind.BLOCKED;
            case "allowed", "allow", "permitted" -> SenderListKind.PERMITTED;
            default -> null;
        };
    }

    public static String export(ManagedSenders senders) {
        StringBuilder csv = new StringBuilder(HEADER).append('\n');
        senders.blocked().forEach(entry -> row(csv, "blocked", entry));
        senders.permitted().forEach(entry -> row(csv, "allowed", entry));
        return csv.toString();
    }

    private static void row(StringBuilder csv, String list, SenderListEntry entry) {
        csv.append(list).append(',').append(SpreadsheetCells.cell(entry.value()));
        if (!entry.note().isEmpty()) {
            csv.append(',').append(SpreadsheetCells.cell(entry.note()));
        }
        csv.append('\n');
    }

    /** The cells of one line: quoted cells may hold commas and doubled quotes. */
    static List<String> cells(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"' && cell.toString().isBlank()) {
                quoted = true;
                cell.setLength(0);
            } else if (c == ',') {
                cells.add(cell.toString().strip());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString().strip());
        return cells;
    }
}
