package com.mailmoat.core.checks.spf;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * An IPv4 or IPv6 address parsed strictly from its text form. Unlike {@code InetAddress.getByName}
 * it never consults DNS, and it rejects forms SPF forbids (leading zeros, missing octets).
 */
public final class IpAddress {
    private final byte[] octets;

    private IpAddress(byte[] octets) {
        this.octets = octets;
    }

    /** Parses an IPv4 dotted quad or an IPv6 address (RFC 4291 text forms). */
    public static Optional<IpAddress> parse(String text) {
        if (text == null || text.isEmpty()) {
            return Optional.empty();
        }
        byte[] bytes = text.indexOf(':') >= 0 ? parseIpv6(text) : parseIpv4(text);
        return Optional.ofNullable(bytes).map(IpAddress::new);
    }

    /** Parses {@code text} or fails with an {@link IllegalArgumentException} naming it. */
    public static IpAddress of(String text) {
        return parse(text).orElseThrow(() -> new IllegalArgumentException("Not an IP address: " + text));
    }

    public boolean isIpv4() {
        return octets.length == 4;
    }

    /** The IPv4 address inside an IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d}), else this. */
    public IpAddress unmapped() {
        if (octets.length == 16) {
            for (int i = 0; i < 10; i++) {
                if (octets[i] != 0) {
                    return this;
                }
            }
            if ((octets[10] & 0xff) == 0xff && (octets[11] & 0xff) == 0xff) {
                return new IpAddress(Arrays.copyOfRange(octets, 12, 16));
            }
        }
        return this;
    }

    /** True when this address lies in {@code network}/{@code prefixLength} of the same family. */
    public boolean isIn(IpAddress network, int prefixLength) {
        if (network.octets.length != octets.length) {
            return false;
        }
        int fullBytes = prefixLength / 8;
        for (int i = 0; i < fullBytes; i++) {
            if (octets[i] != network.octets[i]) {
                return false;
            }
        }
        int remainingBits = prefixLength % 8;
        if (remainingBits == 0) {
            return true;
        }
        int mask = (0xff << (8 - remainingBits)) & 0xff;
        return (octets[fullBytes] & mask) == (network.octets[fullBytes] & mask);
    }

    /** The address with {@code delta} added (wrapping ignored): for picking hosts inside a range. */
    public IpAddress plus(int delta) {
        byte[] result = octets.clone();
        int carry = delta;
        for (int i = result.length - 1; i >= 0 && carry != 0; i--) {
            int sum = (result[i] & 0xff) + (carry & 0xff);
            result[i] = (byte) sum;
            carry = (carry >>> 8) + (sum >> 8);
        }
        return new IpAddress(result);
    }

    /** The reverse-lookup name: {@code 4.3.2.1.in-addr.arpa} or nibbles under {@code ip6.arpa}. */
    public String reverseName() {
        List<String> parts = new ArrayList<>(dottedParts());
        java.util.Collections.reverse(parts);
        return String.join(".", parts) + (isIpv4() ? ".in-addr.arpa" : ".ip6.arpa");
    }

    /**
     * The SPF "dot-format" (RFC 7208 macro {@code i}): dotted quad for IPv4, 32 dot-separated
     * hexadecimal nibbles for IPv6.
     */
    public String dotFormat() {
        return String.join(".", dottedParts());
    }

    private List<String> dottedParts() {
        List<String> parts = new ArrayList<>();
        if (isIpv4()) {
            for (byte b : octets) {
                parts.add(Integer.toString(b & 0xff));
            }
        } else {
            for (byte b : octets) {
                parts.add(Integer.toHexString((b >> 4) & 0xf).toUpperCase(Locale.ROOT));
                parts.add(Integer.toHexString(b & 0xf).toUpperCase(Locale.ROOT));
            }
        }
        return parts;
    }

    /** Dotted quad, or the RFC 5952 canonical IPv6 text (lower case, longest zero run compressed). */
    @Override
    public String toString() {
        if (isIpv4()) {
            return dotFormat();
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((octets[2 * i] & 0xff) << 8) | (octets[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1; // a single zero group is never compressed
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int start = i;
            while (i < 8 && groups[i] == 0) {
                i++;
            }
            if (i - start > bestLength) {
                bestStart = start;
                bestLength = i - start;
            }
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof IpAddress address && Arrays.equals(octets, address.octets);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(octets);
    }

    private static byte[] parseIpv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            String part = parts[i];
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')
                    || (part.length() > 1 && part.charAt(0) == '0')) {
                return null;
            }
            int value = Integer.parseInt(part);
            if (value > 255) {
                return null;
            }
            bytes[i] = (byte) value;
        }
        return bytes;
    }

    private static byte[] parseIpv6(String text) {
        byte[] embeddedIpv4 = null;
        String hexPart = text;
        int lastColon = text.lastIndexOf(':');
        if (text.indexOf('.', lastColon) >= 0) {
            embeddedIpv4 = parseIpv4(text.substring(lastColon + 1));
            if (embeddedIpv4 == null) {
                return null;
            }
            hexPart = text.substring(0, lastColon + 1) + "0:0"; // placeholder groups, replaced below
        }
        int doubleColon = hexPart.indexOf("::");
        if (doubleColon >= 0 && hexPart.indexOf("::", doubleColon + 1) >= 0) {
            return null;
        }
        List<Integer> head = new ArrayList<>();
        List<Integer> tail = new ArrayList<>();
        if (doubleColon >= 0) {
            if (!parseGroups(hexPart.substring(0, doubleColon), head)
                    || !parseGroups(hexPart.substring(doubleColon + 2), tail)
                    || head.size() + tail.size() > 7) {
                return null;
            }
        } else if (!parseGroups(hexPart, head) || head.size() != 8) {
            return null;
        }
        int[] groups = new int[8];
        for (int i = 0; i < head.size(); i++) {
            groups[i] = head.get(i);
        }
        for (int i = 0; i < tail.size(); i++) {
            groups[8 - tail.size() + i] = tail.get(i);
        }
        byte[] bytes = new byte[16];
        for (int i = 0; i < 8; i++) {
            bytes[2 * i] = (byte) (groups[i] >> 8);
            bytes[2 * i + 1] = (byte) groups[i];
        }
        if (embeddedIpv4 != null) {
            System.arraycopy(embeddedIpv4, 0, bytes, 12, 4);
        }
        return bytes;
    }

    /** Parses colon-separated hex groups; an empty text is zero groups. */
    private static boolean parseGroups(String text, List<Integer> groups) {
        if (text.isEmpty()) {
            return true;
        }
        for (String group : text.split(":", -1)) {
            if (group.isEmpty() || group.length() > 4) {
                return false;
            }
            for (char c : group.toCharArray()) {
                if (c > 127 || Character.digit(c, 16) < 0) {
                    return false;
                }
            }
            groups.add(Integer.parseInt(group, 16));
        }
        return true;
    }
}
