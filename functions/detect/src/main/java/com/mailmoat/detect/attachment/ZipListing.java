package com.mailmoat.detect.attachment;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Lists the entries of a ZIP archive from its headers alone, never decompressing anything, so
 * a ZIP bomb costs no more than its own bytes. Reads the central directory when the archive is
 * complete, else walks the local file headers of a truncated one.
 */
final class ZipListing {

    /**
     * One entry.
     *
     * @param name      file name inside the archive
     * @param encrypted true when the entry is password protected
     */
    record Entry(String name, boolean encrypted) {
    }

    private ZipListing() {
    }

    static List<Entry> entries(byte[] d, int max) {
        List<Entry> out = new ArrayList<>();
        int eocd = -1;
        for (int i = d.length - 22; i >= Math.max(0, d.length - 65_557); i--) {
            if (d[i] == 'P' && d[i + 1] == 'K' && d[i + 2] == 5 && d[i + 3] == 6) {
                eocd = i;
                break;
            }
        }
        if (eocd >= 0) {
            int count = u16(d, eocd + 10);
            long offset = u32(d, eocd + 16);
            // a forged offset past the end must not overflow the bounds checks below
            int p = offset > d.length ? d.length : (int) offset;
            for (int n = 0; n < count && out.size() < max && p >= 0 && p + 46 <= d.length; n++) {
                if (!(d[p] == 'P' && d[p + 1] == 'K' && d[p + 2] == 1 && d[p + 3] == 2)) {
                    break;
                }
                int flags = u16(d, p + 8);
                int nameLen = u16(d, p + 28);
                int extraLen = u16(d, p + 30);
                int commentLen = u16(d, p + 32);
                if (p + 46 + nameLen > d.length) {
                    break;
                }
                out.add(new Entry(new String(d, p + 46, nameLen, StandardCharsets.UTF_8), (flags & 1) != 0));
                p += 46 + nameLen + extraLen + commentLen;
            }
            if (!out.isEmpty()) {
                return out;
            }
        }
        // truncated or damaged: walk local headers
        for (int i = 0; i + 30 <= d.length && out.size() < max; i++) {
            if (d[i] == 'P' && d[i + 1] == 'K' && d[i + 2] == 3 && d[i + 3] == 4) {
                int flags = u16(d, i + 6);
                int nameLen = u16(d, i + 26);
                if (i + 30 + nameLen > d.length) {
                    break;
                }
                out.add(new Entry(new String(d, i + 30, nameLen, StandardCharsets.UTF_8), (flags & 1) != 0));
                i += 29 + nameLen;
            }
        }
        return out;
    }

    private static int u16(byte[] d, int at) {
        return (d[at] & 0xff) | ((d[at + 1] & 0xff) << 8);
    }

    private static long u32(byte[] d, int at) {
        return (d[at] & 0xffL) | ((d[at + 1] & 0xffL) << 8) | ((d[at + 2] & 0xffL) << 16) | ((d[at + 3] & 0xffL) << 24);
    }
}
