package com.mailmoat.detect.message;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Text in MIME: charset names as mail uses them, and RFC 2047 encoded words
 * ({@code =?utf-8?B?...?=}) in subjects, display names and file names. Lenient like mail
 * clients: encoded words are recognised inside other text too, the blanks between two adjacent
 * ones are dropped, and a malformed or unknown one is left as written. Thread-safe.
 */
public final class MimeText {

    /** MIME names Java does not know, or knows differently (the mapping Jakarta Mail applies). */
    private static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("us-ascii", "ISO-8859-1"), Map.entry("x-us-ascii", "ISO-8859-1"), Map.entry("ascii", "ISO-8859-1"),
            Map.entry("utf8", "UTF-8"), Map.entry("gb2312", "GB18030"), Map.entry("cp936", "GB18030"),
            Map.entry("ms936", "GB18030"), Map.entry("gbk", "GB18030"), Map.entry("euckr", "EUC-KR"),
            Map.entry("ks_c_5601-1987", "EUC-KR"), Map.entry("ja_jp.iso2022-7", "ISO-2022-JP"),
            Map.entry("ja_jp.eucjp", "EUC-JP"), Map.entry("latin1", "ISO-8859-1"), Map.entry("unicode-1-1-utf-7", "UTF-8"),
            Map.entry("utf-7", "UTF-8"), Map.entry("cp1252", "windows-1252"), Map.entry("ansi_x3.4-1968", "ISO-8859-1"));

    /** Looked-up charsets: {@link Charset#forName} caches only two. Bounded by {@link #MAX_CACHED}. */
    private static final ConcurrentHashMap<String, Charset> CHARSETS = new ConcurrentHashMap<>();
    private static final int MAX_CACHED = 256;

    private MimeText() {
    }

    /** The charset a MIME {@code charset} parameter names, or {@code fallback} when unknown or null. */
    public static Charset charset(String mimeName, Charset fallback) {
        if (mimeName == null) {
            return fallback;
        }
        String key = mimeName.strip().replace("\"", "").replace("'", "").toLowerCase(Locale.ROOT);
        if (key.isEmpty()) {
            return fallback;
        }
        if (key.equals("utf-8")) {
            return StandardCharsets.UTF_8;
        }
        Charset cs = CHARSETS.get(key);
        if (cs != null) {
            return cs == NONE ? fallback : cs;
        }
        try {
            cs = Charset.forName(ALIASES.getOrDefault(key, key));
        } catch (RuntimeException e) {
            cs = NONE;
        }
        if (CHARSETS.size() < MAX_CACHED) {
            CHARSETS.put(key, cs);
        }
        return cs == NONE ? fallback : cs;
    }

    /** Marks a name already found unknown (a charset that is never returned). */
    private static final Charset NONE = StandardCharsets.UTF_16LE;

    /** Decodes every RFC 2047 encoded word in {@code text}; anything else is kept as it is. */
    public static String decodeWords(String text) {
        if (text == null) {
            return "";
        }
        int at = text.indexOf("=?");
        if (at < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        boolean lastWasWord = false; // blanks between two encoded words are dropped
        while (i < text.length()) {
            int start = text.indexOf("=?", i);
            if (start < 0) {
                out.append(text, i, text.length());
                break;
            }
            int q1 = text.indexOf('?', start + 2);
            int q2 = q1 < 0 ? -1 : text.indexOf('?', q1 + 1);
            int end = q2 < 0 ? -1 : text.indexOf("?=", q2 + 1);
            String decoded = null;
            if (end > 0 && q2 == q1 + 2 && end - start < 4000) {
                decoded = decodeWord(text.substring(start + 2, q1), text.charAt(q1 + 1), text.substring(q2 + 1, end));
            }
            if (decoded == null) {
                out.append(text, i, start + 2);
                i = start + 2;
                lastWasWord = false;
                continue;
            }
            String between = text.substring(i, start);
            if (!(lastWasWord && between.isBlank())) {
                out.append(between);
            }
            out.append(decoded);
            i = end + 2;
            lastWasWord = true;
        }
        return out.toString();
    }

    /** One encoded word's text, or null when it is not one (unknown encoding or charset). */
    private static String decodeWord(String charsetSpec, char encoding, String payload) {
        int star = charsetSpec.indexOf('*'); // RFC 2231 language suffix: utf-8*en
        String csName = star >= 0 ? charsetSpec.substring(0, star) : charsetSpec;
        Charset cs = charset(csName, null);
        if (cs == null) {
            return null;
        }
        byte[] bytes;
        if (encoding == 'B' || encoding == 'b') {
            bytes = TransferDecoding.base64(payload.getBytes(StandardCharsets.ISO_8859_1));
        } else if (encoding == 'Q' || encoding == 'q') {
            byte[] in = payload.getBytes(StandardCharsets.ISO_8859_1);
            for (int k = 0; k < in.length; k++) {
                if (in[k] == '_') {
                    in[k] = ' ';
                }
            }
            bytes = TransferDecoding.quotedPrintable(in);
        } else {
            return null;
        }
        return new String(bytes, cs);
    }
}
