package com.mailmoat.core.checks.spf;

import java.util.Objects;

/**
 * An address range in CIDR notation ({@code 192.0.2.0/26}, {@code 2001:db8:1::/48}).
 *
 * @param address      the first address of the range as written
 * @param prefixLength the number of leading bits that identify the range
 */
public record IpNetwork(IpAddress address, int prefixLength) {

    public IpNetwork {
        Objects.requireNonNull(address, "address");
        int max = address.isIpv4() ? 32 : 128;
        if (prefixLength < 0 || prefixLength > max) {
            throw new IllegalArgumentException("Prefix length " + prefixLength + " out of range for " + address);
        }
    }

    /** Parses {@code address/length}, or a bare address as a single-address range. */
    public static IpNetwork parse(String text) {
        String trimmed = text.trim();
        int slash = trimmed.indexOf('/');
        IpAddress address = IpAddress.of(slash < 0 ? trimmed : trimmed.substring(0, slash));
        int length = slash < 0 ? (address.isIpv4() ? 32 : 128) : Integer.parseInt(trimmed.substring(slash + 1));
        return new IpNetwork(address, length);
    }

    public boolean contains(IpAddress candidate) {
        return candidate.unmapped().isIn(address, prefixLength);
    }

    /** A host inside the range, used to test what the range's senders experience. */
    public IpAddress representative() {
        int max = address.isIpv4() ? 32 : 128;
        return prefixLength >= max - 1 ? address : address.plus(1);
    }

    /** The SPF mechanism authorising this range: {@code ip4:...} or {@code ip6:...}. */
    public String spfMechanism() {
        return (address.isIpv4() ? "ip4:" : "ip6:") + this;
    }

    @Override
    public String toString() {
        return address + "/" + prefixLength;
    }
}
