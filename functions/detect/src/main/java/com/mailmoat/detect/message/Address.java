package com.mailmoat.detect.message;

import java.util.Locale;

/**
 * A mailbox from a header: the display name as decoded, the address, and its domain.
 *
 * @param displayName decoded display name, empty when absent
 * @param address     lower-case address, possibly empty when the header had none
 * @param domain      lower-case domain part, empty when the address has none
 */
public record Address(String displayName, String address, String domain) {

    /** Builds an address, splitting off the domain at the last {@code @}. */
    public static Address of(String displayName, String address) {
        String addr = address == null ? "" : address.strip().toLowerCase(Locale.ROOT);
        if (addr.startsWith("<") && addr.endsWith(">") && addr.length() > 1) {
            addr = addr.substring(1, addr.length() - 1);
        }
        int at = addr.lastIndexOf('@');
        String domain = at >= 0 ? Hosts.normalise(addr.substring(at + 1)) : "";
        return new Address(displayName == null ? "" : displayName.strip(), addr, domain);
    }
}
