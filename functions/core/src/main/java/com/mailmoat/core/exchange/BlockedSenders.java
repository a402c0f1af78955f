package com.mailmoat.core.exchange;

import java.util.List;

/**
 * The senders Mailmoat's transport rules quarantine: addresses and domains, sorted, lower case.
 */
public record BlockedSenders(List<String> addresses, List<String> domains) {
    public static final BlockedSenders NONE = new BlockedSenders(List.of(), List.of());

    public BlockedSenders {
        addresses = List.copyOf(addresses);
        domains = List.copyOf(domains);
    }
}
