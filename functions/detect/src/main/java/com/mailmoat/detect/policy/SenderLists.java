package com.mailmoat.detect.policy;

import com.mailmoat.detect.message.Address;
import java.util.Set;

/** Matching a sender against a policy list of addresses ({@code a@b.com}) and domains ({@code b.com}). */
public final class SenderLists {

    private SenderLists() {
    }

    /** True when the address, or its domain or a parent domain, is on the list. */
    public static boolean matches(Set<String> list, Address sender) {
        if (list.isEmpty() || sender == null) {
            return false;
        }
        if (!sender.address().isEmpty() && list.contains(sender.address())) {
            return true;
        }
        // the domain and each parent domain looked up, not each entry compared: a tenant's sender
        // history holds thousands of domains
        String domain = sender.domain();
        while (!domain.isEmpty()) {
            if (list.contains(domain)) {
                return true;
            }
            int dot = domain.indexOf('.');
            if (dot < 0) {
                break;
            }
            domain = domain.substring(dot + 1);
        }
        return false;
    }
}
