package com.mailmoat.detect.message;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The header fields of a message or a MIME part, read lazily: parsing only records where each
 * field's name and value lie in the raw bytes, and a value becomes a string the first time an
 * analyzer asks for it. Most of a message's fields (Received, DKIM-Signature, X-...) are never
 * read, and turning every one into strings was a large share of the parse.
 *
 * <p>Reading follows RFC 5322 leniently, as mail clients do: lines end with CRLF, LF or a lone
 * CR; a line starting with a space or tab continues the previous field; the block ends at the
 * first empty line. A leading mbox {@code From } line is skipped. A value is unfolded (each line
 * break with the blanks after it becomes one space) and read as UTF-8 when its bytes are valid
 * UTF-8 (raw UTF-8 headers are common), else as ISO-8859-1. Not thread-safe: one per parse.
 */
public final class HeaderBlock {

    /** Longest value kept, in characters; a longer one is cut (hostile messages carry megabyte headers). */
    static final int MAX_VALUE_CHARS = 16_384;

    private final byte[] data;
    private int count;
    private int[] nameStart = new int[16];
    private int[] nameEnd = new int[16];
    private int[] valueStart = new int[16];
    private int[] valueEnd = new int[16];
    private String[] values = new String[16];
    private final int bodyStart;
    private final boolean tooMany;

    private HeaderBlock(byte[] data, int from, int to, int maxFields) {
        this.data = data;
        int p = from;
        if (startsWith(data, p, to, "From ")) {
            p = nextLine(data, p, to); // mbox separator line of exported mailboxes
        }
        boolean overflow = false;
        int body = to;
        while (p < to) {
            int eol = lineEnd(data, p, to);
            if (eol == p) {
                body = nextLine(data, p, to);
                break;
            }
            byte c = data[p];
            if (c == ' ' || c == '\t') {
                if (count > 0 && !overflow) {
                    valueEnd[count - 1] = eol;
                }
            } else if (count >= maxFields) {
                overflow = true;
            } else {
                int colon = p;
                while (colon < eol && data[colon] != ':') {
                    colon++;
                }
                int ne = colon;
                while (ne > p && (data[ne - 1] == ' ' || data[ne - 1] == '\t')) {
                    ne--;
                }
                int vs = colon < eol ? colon + 1 : p; // a line without a colon is kept whole, as Jakarta Mail does
                add(p, ne, vs, eol);
            }
            p = nextLine(data, eol, to);
        }
        this.bodyStart = Math.min(body, to);
        this.tooMany = overflow;
    }

    /**
     * Reads the header block starting at {@code from}, looking no further than {@code to}.
     *
     * @param maxFields fields kept; later ones are skipped (see {@link #tooMany()})
     */
    public static HeaderBlock parse(byte[] data, int from, int to, int maxFields) {
        return new HeaderBlock(data, from, to, maxFields);
    }

    private void add(int ns, int ne, int vs, int ve) {
        if (count == nameStart.length) {
            int size = count * 2;
            nameStart = java.util.Arrays.copyOf(nameStart, size);
            nameEnd = java.util.Arrays.copyOf(nameEnd, size);
            valueStart = java.util.Arrays.copyOf(valueStart, size);
            valueEnd = java.util.Arrays.copyOf(valueEnd, size);
            values = java.util.Arrays.copyOf(values, size);
        }
        nameStart[count] = ns;
        nameEnd[count] = ne;
        valueStart[count] = vs;
        valueEnd[count] = ve;
        count++;
    }

    /** Offset of the first body byte (after the empty line), or the end when there is no body. */
    public int bodyStart() {
        return bodyStart;
    }

    /** True when fields beyond the limit were skipped. */
    public boolean tooMany() {
        return tooMany;
    }

    /** Number of fields. */
    public int size() {
        return count;
    }

    /** Name of field {@code i} as written. */
    public String name(int i) {
        return new String(data, nameStart[i], nameEnd[i] - nameStart[i], StandardCharsets.ISO_8859_1);
    }

    /** True when field {@code i} is named {@code name} (ASCII case-insensitive, no allocation). */
    public boolean is(int i, String name) {
        int len = nameEnd[i] - nameStart[i];
        if (len != name.length()) {
            return false;
        }
        int s = nameStart[i];
        for (int k = 0; k < len; k++) {
            int a = data[s + k];
            int b = name.charAt(k);
            if (a != b && ((a | 0x20) != (b | 0x20) || (a | 0x20) < 'a' || (a | 0x20) > 'z')) {
                return false;
            }
        }
        return true;
    }

    /** The unfolded value of field {@code i}. */
    public String value(int i) {
        String v = values[i];
        if (v == null) {
            v = decodeValue(valueStart[i], valueEnd[i]);
            values[i] = v;
        }
        return v;
    }

    /** First value of the field {@code name}, or null. */
    public String first(String name) {
        for (int i = 0; i < count; i++) {
            if (is(i, name)) {
                return value(i);
            }
        }
        return null;
    }

    /** All values of {@code name}, in order. */
    public List<String> all(String name) {
        List<String> out = null;
        for (int i = 0; i < count; i++) {
            if (is(i, name)) {
                if (out == null) {
                    out = new ArrayList<>(2);
                }
                out.add(value(i));
            }
        }
        return out == null ? List.of() : out;
    }

    /** Values of {@code name} joined by {@code delimiter}, or null when the field is absent. */
    public String joined(String name, String delimiter) {
        String first = null;
        StringBuilder more = null;
        for (int i = 0; i < count; i++) {
            if (is(i, name)) {
                if (first == null) {
                    first = value(i);
                } else {
                    if (more == null) {
                        more = new StringBuilder(first);
                    }
                    more.append(delimiter).append(value(i));
                }
            }
        }
        return more != null ? more.toString() : first;
    }

    /** Every field as a {@link Header} (materialises all values). */
    public List<Header> toList() {
        List<Header> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(new Header(name(i), value(i)));
        }
        return out;
    }

    private String decodeValue(int from, int to) {
        int s = from;
        while (s < to && (data[s] == ' ' || data[s] == '\t' || data[s] == '\r' || data[s] == '\n')) {
            s++;
        }
        boolean high = false;
        boolean breaks = false;
        for (int k = s; k < to; k++) {
            byte b = data[k];
            if (b < 0) {
                high = true;
            } else if (b == '\r' || b == '\n') {
                breaks = true;
            }
        }
        int len = Math.min(to - s, MAX_VALUE_CHARS * 4);
        String raw = high ? utf8OrLatin1(data, s, len) : new String(data, s, len, StandardCharsets.ISO_8859_1);
        if (raw.length() > MAX_VALUE_CHARS) {
            raw = raw.substring(0, MAX_VALUE_CHARS);
        }
        return breaks ? unfold(raw) : raw;
    }

    /** UTF-8 when the bytes are valid UTF-8, else ISO-8859-1 (one byte, one character). */
    static String utf8OrLatin1(byte[] data, int from, int len) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(data, from, len)).toString();
        } catch (CharacterCodingException e) {
            return new String(data, from, len, StandardCharsets.ISO_8859_1);
        }
    }

    /** Each line break with the blanks after it becomes one space. */
    static String unfold(String value) {
        StringBuilder out = new StringBuilder(value.length());
        boolean inBreak = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n') {
                inBreak = true;
            } else if (inBreak && (c == ' ' || c == '\t')) {
                // folding whitespace collapses to one space
            } else {
                if (inBreak) {
                    out.append(' ');
                    inBreak = false;
                }
                out.append(c);
            }
        }
        return out.toString();
    }

    static boolean startsWith(byte[] d, int at, int to, String prefix) {
        if (at + prefix.length() > to) {
            return false;
        }
        for (int k = 0; k < prefix.length(); k++) {
            if ((d[at + k] & 0xff) != prefix.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** Index of the CR or LF ending the line that starts at {@code p}, or {@code to}. */
    static int lineEnd(byte[] d, int p, int to) {
        int i = p;
        while (i < to && d[i] != '\n' && d[i] != '\r') {
            i++;
        }
        return i;
    }

    /** Index of the first byte of the line after the one containing {@code p} (past CRLF, LF or CR). */
    static int nextLine(byte[] d, int p, int to) {
        int i = lineEnd(d, p, to);
        if (i < to && d[i] == '\r') {
            i++;
            if (i < to && d[i] == '\n') {
                i++;
            }
        } else if (i < to) {
            i++;
        }
        return i;
    }
}
