package com.mailmoat.core.policy;

import com.mailmoat.core.checks.spf.IpNetwork;
import com.mailmoat.core.csv.SpreadsheetCells;
import com.mailmoat.core.validation.FieldError;
import com.mailmoat.core.validation.InvalidInputException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CSV import and export of a sender list: one entry per line, {@code value[,note]}, an optional
 * header line {@code value,note}, blank lines and lines starting with {@code #} ignored. Import is
 * all or nothing: every bad line is reported with its number, and nothing is applied.
 */
public final class SenderListCsv {
    /** The most entries one list holds (one stored item). */
    public static final int MAX_ENTRIES = 5000;
    private static final int MAX_NOTE = 200;

    private SenderListCsv() {
    }

    public static List<SenderListEntry> parse(SenderListKind kind, String csv, String addedBy, Instant now) {
        Parsed parsed = read(kind, csv, addedBy, now);
        if (!parsed.errors().isEmpty()) {
            throw new InvalidInputException(parsed.errors());
        }
        return parsed.entries();
    }

    /**
     * A file read line by line without stopping at the first problem: its valid entries, the line
     * each came from (so later checks can name it), wildcard spellings read as domains, and every
     * bad line.
     */
    public record Parsed(List<SenderListEntry> entries, Map<String, Integer> lines, List<String> notices,
                         List<FieldError> errors) {
        /** The field naming the line {@code value} came from ("line 7"). */
        public String field(String value) {
            Integer line = lines.get(value);
            return line == null ? "csv" : "line " + line;
        }
    }

    public static Parsed read(SenderListKind kind, String csv, String addedBy, Instant now) {
        Map<String, SenderListEntry> entries = new LinkedHashMap<>();
        Map<String, Integer> lineOf = new LinkedHashMap<>();
        List<String> notices = new ArrayList<>();
        List<FieldError> errors = new ArrayList<>();
        String[] lines = (csv == null ? "" : csv).split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            int number = i + 1;
            if (line.isEmpty() || line.startsWith("#") || (number == 1 && line.toLowerCase().startsWith("value"))) {
                continue;
            }
            String[] cells = splitCsv(line);
            try {
                String raw = unguard(cells[0]);
                String value = normalise(kind, raw, "line " + number);
                String note = cells.length > 1 ? unguard(cells[1].strip()) : "";
                String noteProblem = noteProblem(note);
                if (noteProblem != null) {
                    errors.add(new FieldError("line " + number, noteProblem));
                    continue;
                }
                String wildcard = AddressMatcher.wildcardNote(raw);
                if (wildcard != null) {
                    notices.add("line " + number + ": " + wildcard);
                }
                entries.putIfAbsent(value, new SenderListEntry(value, note, addedBy, now));
                lineOf.putIfAbsent(value, number);
            } catch (InvalidInputException e) {
                errors.addAll(e.errors());
            }
        }
        if (entries.size() > MAX_ENTRIES) {
            errors.add(new FieldError("csv", "holds " + entries.size() + " entries; a list holds at most " + MAX_ENTRIES));
        }
        return new Parsed(List.copyOf(entries.values()), Map.copyOf(lineOf), List.copyOf(notices), List.copyOf(errors));
    }

    /** Why a note cannot be kept (too long, control characters), or null when it can. */
    public static String noteProblem(String note) {
        if (note.length() > MAX_NOTE || note.chars().anyMatch(Character::isISOControl)) {
            return "the note is longer than " + MAX_NOTE + " characters or holds control characters";
        }
        return null;
    }

    /** An address or domain (any list), or an IP address or CIDR range (spoofing exceptions only). */
    public static String normalise(SenderListKind kind, String raw, String field) {
        String value = raw == null ? "" : raw.strip();
        if (value.startsWith("\"") && value.endsWith("\"") && value.length() >= 2) {
            value = value.substring(1, value.length() - 1).strip();
        }
        if (kind == SenderListKind.SPOOFING_EXCEPTIONS && !value.isEmpty() && (Character.isDigit(value.charAt(0)) || value.contains(":"))) {
            try {
                IpNetwork.parse(value.contains("/") ? value : value + (value.contains(":") ? "/128" : "/32"));
                return value.toLowerCase();
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException(List.of(new FieldError(field, "'" + AddressMatcher.shorten(raw)
                        + "' is not an IP address or range")));
            }
        }
        return AddressMatcher.parse(value, field).value();
    }

    public static String export(List<SenderListEntry> entries) {
        StringBuilder csv = new StringBuilder("value,note\n");
        for (SenderListEntry entry : entries) {
            csv.append(cell(entry.value()));
            if (!entry.note().isEmpty()) {
                csv.append(',').append(cell(entry.note()));
            }
            csv.append('\n');
        }
        return csv.toString();
    }

    private static String cell(String text) {
        return SpreadsheetCells.cell(text);
    }

    private static String unguard(String cell) {
        return SpreadsheetCells.unguard(cell);
    }

    private static String[] splitCsv(String line) {
        if (!line.startsWith("\"")) {
            int comma = line.indexOf(',');
            return comma < 0 ? new String[] {line} : new String[] {line.substring(0, comma), unquote(line.substring(comma + 1))};
        }
        int close = line.indexOf('"', 1);
        String first = close < 0 ? line : line.substring(0, close + 1);
        String rest = close < 0 || close + 1 >= line.length() ? "" : line.substring(close + 1);
        return rest.startsWith(",") ? new String[] {first, unquote(rest.substring(1))} : new String[] {first};
    }

    private static String unquote(String cell) {
        String value = cell.strip();
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            return value.substring(1, value.length() - 1).replace("\"\"", "\"");
        }
        return value;
    }
}
