package com.mailmoat.core.csv;

/**
 * CSV cells safe to open in a spreadsheet: a cell starting like a formula gets a leading
 * apostrophe (spreadsheets then show it as text instead of running it), and one holding a comma,
 * quote or line break is quoted. Every CSV Mailmoat exports goes through here.
 */
public final class SpreadsheetCells {
    /** Characters that make a spreadsheet read a cell as a formula when they start it. */
    private static final String FORMULA_STARTS = "=+-@\t\r";

    private SpreadsheetCells() {
    }

    public static String cell(String text) {
        String value = text == null ? "" : text;
        String safe = !value.isEmpty() && FORMULA_STARTS.indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        return safe.contains(",") || safe.contains("\"") || safe.contains("\n") || safe.contains("\r")
                ? "\"" + safe.replace("\"", "\"\"") + "\"" : safe;
    }

    /** The exported apostrophe in front of a formula-like cell, taken off (for re-import). */
    public static String unguard(String cell) {
        String text = cell.strip();
        return text.length() > 1 && text.charAt(0) == '\'' && FORMULA_STARTS.indexOf(text.charAt(1)) >= 0
                ? text.substring(1) : text;
    }
}
