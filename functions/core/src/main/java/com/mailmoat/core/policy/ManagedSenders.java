package com.mailmoat.core.policy;

import java.util.List;
import java.util.Locale;

/** One user's permitted and blocked senders (addresses or domains), which apply to mail to that user only. */
public record ManagedSenders(String user, List<SenderListEntry> permitted, List<SenderListEntry> blocked) {
    public ManagedSenders {
        user = user.strip().toLowerCase(Locale.ROOT);
        permitted = permitted == null ? List.of() : List.copyOf(permitted);
        blocked = blocked == null ? List.of() : List.copyOf(blocked);
    }

    public static ManagedSenders none(String user) {
        return new ManagedSenders(user, List.of(), List.of());
    }
}
