package com.mailmoat.core.detection;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a top-level header of a raw message cheaply (the header block only, no MIME parsing). */
public final class MimeHeaders {
    /** Headers never need more than this; a longer block is cut (the engine reads the message properly). */
    private static final int MAX_HEADER_BYTES = 64 * 1024;
    /** An addr-spec as it appears in an address list, with or without angle brackets and display name. */
    private static final Pattern ADDRESS = Pattern.compile("[^\\s<>,;:\"()\\[\\]]+@[^\\s<>,;:\"()\\[\\]]+");

    private MimeHeaders() {
    }

    /** The envelope sender as the receiving server recorded it ({@code Return-Path}), lower case; empty when absent. */
    public static String returnPath(byte[] mime) {
        String value = header(mime, "return-path");
        int open = value.indexOf('<');
        int close = value.indexOf('>', open + 1);
        String address = open >= 0 && close > open ? value.substring(open + 1, close) : value;
        return address.strip().toLowerCase(Locale.ROOT);
    }

    /** The first value of a header (unfolded), or empty. */
    public static String header(byte[] mime, String name) {
        int end = Math.min(mime.length, MAX_HEADER_BYTES);
        String head = new String(mime, 0, end, StandardCharsets.ISO_8859_1);
        int blank = head.indexOf("\r\n\r\n");
        if (blank < 0) {
            blank = head.indexOf("\n\n");
        }
        if (blank >= 0) {
            head = head.substring(0, blank);
        }
        String[] lines = head.split("\r?\n");
        String prefix = name.toLowerCase(Locale.ROOT) + ":";
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].toLowerCase(Locale.ROOT).startsWith(prefix)) {
                StringBuilder value = new StringBuilder(lines[i].substring(prefix.length()));
                while (i + 1 < lines.length && (lines[i + 1].startsWith(" ") || lines[i + 1].startsWith("\t"))) {
                    value.append(' ').append(lines[++i].strip());
                }
                return value.toString().strip();
            }
        }
        return "";
    }

    /**
     * The addresses in the named address-list headers (e.g. {@code to}, {@code cc}), lower case, at
     * most {@code max}; display names are skipped unless they are themselves addresses.
     */
    public static List<String> addresses(byte[] mime, int max, String... names) {
        List<String> found = new ArrayList<>();
        for (String name : names) {
            Matcher m = ADDRESS.matcher(header(mime, name));
            while (m.find() && found.size() < max) {
                found.add(m.group().toLowerCase(Locale.ROOT));
            }
        }
        return found;
    }
}
