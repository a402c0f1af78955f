package com.mailmoat.detect.message;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A Content-Type or Content-Disposition value: its type and its parameters, read leniently
 * (quoted and unquoted values, RFC 2231 continuations and charsets: {@code name*0*=utf-8''...}).
 *
 * @param value  the lower-case type ({@code text/html}) or disposition ({@code attachment})
 * @param params parameters by lower-case name, RFC 2231 pieces joined and decoded
 * @param valid  false when the type was not {@code type/subtype}
 */
public record MimeType(String value, Map<String, String> params, boolean valid) {

    /** The default of a part without Content-Type. */
    public static final MimeType TEXT_PLAIN = new MimeType("text/plain", Map.of(), true);

    /** A parameter, or null. */
    public String param(String name) {
        return params.get(name);
    }

    /** Parses a Content-Type; {@link #valid()} is false when the value is not {@code type/subtype}. */
    public static MimeType parseContentType(String header) {
        MimeType t = parse(header);
        int slash = t.value.indexOf('/');
        boolean ok = slash > 0 && slash < t.value.length() - 1 && t.value.indexOf(' ') < 0;
        return ok ? t : new MimeType(t.value, t.params, false);
    }

    /** Parses a value followed by {@code ; name=value} parameters. */
    public static MimeType parse(String header) {
        String h = header == null ? "" : header;
        int semi = indexOfUnquoted(h, ';', 0);
        String value = (semi < 0 ? h : h.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
        int comment = value.indexOf('(');
        if (comment >= 0) {
            value = value.substring(0, comment).strip();
        }
        if (semi < 0) {
            return new MimeType(value, Map.of(), true);
        }
        Map<String, String> params = new HashMap<>(4);
        Map<String, TreeMap<Integer, String[]>> pieces = null;
        int i = semi + 1;
        int n = h.length();
        while (i < n) {
            int next = indexOfUnquoted(h, ';', i);
            int end = next < 0 ? n : next;
            int eq = h.indexOf('=', i);
            if (eq > i && eq < end) {
                String name = h.substring(i, eq).strip().toLowerCase(Locale.ROOT);
                String v = unquote(h.substring(eq + 1, end).strip());
                int star = name.indexOf('*');
                if (star < 0) {
                    params.putIfAbsent(name, v);
                } else {
                    // RFC 2231: name*=cs'lang'%XX, or numbered pieces name*0=, name*1*=
                    if (pieces == null) {
                        pieces = new HashMap<>(2);
                    }
                    String base = name.substring(0, star);
                    String rest = name.substring(star + 1);
                    boolean encoded = rest.endsWith("*") || rest.isEmpty();
                    String number = rest.endsWith("*") ? rest.substring(0, rest.length() - 1) : rest;
                    int index = 0;
                    try {
                        index = number.isEmpty() ? 0 : Integer.parseInt(number);
                    } catch (NumberFormatException e) {
                        index = 0;
                    }
                    if (index >= 0 && index < 100) {
                        pieces.computeIfAbsent(base, k -> new TreeMap<>()).putIfAbsent(index, new String[] {v, encoded ? "*" : ""});
                    }
                }
            }
            if (next < 0) {
                break;
            }
            i = next + 1;
        }
        if (pieces != null) {
            pieces.forEach((name, parts) -> params.put(name, join2231(parts)));
        }
        return new MimeType(value, Map.copyOf(params), true);
    }

    private static String join2231(TreeMap<Integer, String[]> parts) {
        String charset = null;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        boolean first = true;
        for (String[] p : parts.values()) {
            String v = p[0];
            boolean encoded = !p[1].isEmpty();
            if (first && encoded) {
                int q1 = v.indexOf('\'');
                int q2 = q1 < 0 ? -1 : v.indexOf('\'', q1 + 1);
                if (q2 > 0) {
                    charset = v.substring(0, q1);
                    v = v.substring(q2 + 1);
                }
            }
            first = false;
            if (encoded) {
                for (int k = 0; k < v.length(); k++) {
                    char c = v.charAt(k);
                    if (c == '%' && k + 2 < v.length() && Character.digit(v.charAt(k + 1), 16) >= 0
                            && Character.digit(v.charAt(k + 2), 16) >= 0) {
                        bytes.write(Character.digit(v.charAt(k + 1), 16) * 16 + Character.digit(v.charAt(k + 2), 16));
                        k += 2;
                    } else {
                        bytes.write(c & 0xff);
                    }
                }
            } else {
                bytes.writeBytes(v.getBytes(StandardCharsets.ISO_8859_1));
            }
        }
        return new String(bytes.toByteArray(), MimeText.charset(charset, StandardCharsets.UTF_8));
    }

    private static String unquote(String v) {
        if (v.length() >= 2 && v.charAt(0) == '"') {
            int close = v.indexOf('"', 1);
            while (close > 0 && v.charAt(close - 1) == '\\') {
                close = v.indexOf('"', close + 1);
            }
            String inner = v.substring(1, close < 0 ? v.length() : close);
            return inner.indexOf('\\') >= 0 ? inner.replace("\\\"", "\"").replace("\\\\", "\\") : inner;
        }
        return v;
    }

    private static int indexOfUnquoted(String s, char target, int from) {
        boolean quoted = false;
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && quoted) {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == target && !quoted) {
                return i;
            }
        }
        return -1;
    }
}
