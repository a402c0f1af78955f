package com.mailmoat.detect.message;

import java.util.Arrays;

/**
 * Lenient, linear decoders for the two MIME content-transfer-encodings (RFC 2045): what is not
 * part of the encoding is skipped, a truncated tail is dropped, and neither ever throws, because
 * attackers' mail is often malformed on purpose.
 */
final class TransferDecoding {

    private static final byte[] BASE64 = new byte[256];

    static {
        Arrays.fill(BASE64, (byte) -1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < alphabet.length(); i++) {
            BASE64[alphabet.charAt(i)] = (byte) i;
        }
        // the URL-safe alphabet turns up in broken mailers' output; accept it too
        BASE64['-'] = 62;
        BASE64['_'] = 63;
    }

    private TransferDecoding() {
    }

    /** Base64, ignoring line breaks and any other characters outside the alphabet; stops at padding. */
    static byte[] base64(byte[] in) {
        return base64(in, 0, in.length, Integer.MAX_VALUE);
    }

    /** As {@link #base64(byte[])} over {@code in[from, to)}, stopping after {@code maxOut} bytes. */
    static byte[] base64(byte[] in, int from, int to, int maxOut) {
        byte[] out = new byte[(int) Math.min((long) (to - from) / 4 * 3 + 3, (long) maxOut + 3)];
        int o = 0;
        int acc = 0;
        int bits = 0;
        for (int i = from; i < to && o < maxOut; i++) {
            byte b = in[i];
            if (b == '=') {
                // padding ends a unit; later units (concatenated encodings) start afresh
                acc = 0;
                bits = 0;
                continue;
            }
            int v = BASE64[b & 0xff];
            if (v < 0) {
                continue;
            }
            acc = (acc << 6) | v;
            bits += 6;
            if (bits >= 8) {
                bits -= 8;
                out[o++] = (byte) (acc >> bits);
                acc &= (1 << bits) - 1;
            }
        }
        o = Math.min(o, maxOut);
        return o == out.length ? out : Arrays.copyOf(out, o);
    }

    /** Quoted-printable: {@code =XX} escapes and soft line breaks; a malformed escape stays literal. */
    static byte[] quotedPrintable(byte[] in) {
        return quotedPrintable(in, 0, in.length, Integer.MAX_VALUE);
    }

    /** As {@link #quotedPrintable(byte[])} over {@code in[from, to)}, stopping after {@code maxOut} bytes. */
    static byte[] quotedPrintable(byte[] in, int from, int to, int maxOut) {
        byte[] out = new byte[Math.min(to - from, maxOut)];
        int o = 0;
        int n = to;
        for (int i = from; i < n && o < out.length; i++) {
            byte b = in[i];
            if (b != '=') {
                out[o++] = b;
                continue;
            }
            if (i + 1 < n && in[i + 1] == '\n') {
                i += 1;
                continue;
            }
            if (i + 2 < n && in[i + 1] == '\r' && in[i + 2] == '\n') {
                i += 2;
                continue;
            }
            int j = i + 1;
            while (j < n && (in[j] == ' ' || in[j] == '\t')) {
                j++; // "=" followed by trailing blanks before the line break is a soft break too
            }
            if (j > i + 1 && (j == n || in[j] == '\r' || in[j] == '\n')) {
                i = j < n && in[j] == '\r' && j + 1 < n && in[j + 1] == '\n' ? j + 1 : j;
                continue;
            }
            int hi = i + 2 < n ? hex(in[i + 1]) : -1;
            int lo = i + 2 < n ? hex(in[i + 2]) : -1;
            if (hi >= 0 && lo >= 0) {
                out[o++] = (byte) ((hi << 4) | lo);
                i += 2;
            } else {
                out[o++] = b;
            }
        }
        return o == out.length ? out : Arrays.copyOf(out, o);
    }

    private static int hex(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        return -1;
    }
}
