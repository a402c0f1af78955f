package com.mailmoat.core.policy;

import java.time.Instant;

/**
 * One entry of a sender list: an address, a domain, or (for spoofing exceptions) an IP address or
 * CIDR range, with a note and who added it when.
 */
public record SenderListEntry(String value, String note, String addedBy, Instant addedAt) {
    public SenderListEntry {
        note = note == null ? "" : note;
        addedBy = addedBy == null ? "" : addedBy;
    }
}
