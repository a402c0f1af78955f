package com.mailmoat.detect.policy;

import com.mailmoat.detect.message.Address;
import com.mailmoat.detect.message.Hosts;
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
        for (String entry : list) {
            if (entry.indexOf('@') < 0 && Hosts.isSameOrSubdomain(sender.domain(), entry)) {
                return true;
            }
        }
        return false;
    }
}
