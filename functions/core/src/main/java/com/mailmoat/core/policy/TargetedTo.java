package com.mailmoat.core.policy;

import com.mailmoat.core.validation.FieldError;
import com.mailmoat.core.validation.InvalidInputException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Whom a protection mode applies to: everyone, or the listed users (addresses) and groups (ids).
 * The people outside it keep the Threat Scan only.
 */
public record TargetedTo(boolean everyone, List<String> users, List<String> groups) {
    public static final TargetedTo EVERYONE = new TargetedTo(true, List.of(), List.of());

    public TargetedTo {
        users = users == null ? List.of() : users.stream().map(u -> u.strip().toLowerCase(Locale.ROOT)).distinct().toList();
        groups = groups == null ? List.of() : groups.stream().map(String::strip).distinct().toList();
        if (everyone && (!users.isEmpty() || !groups.isEmpty())) {
            throw new InvalidInputException(List.of(new FieldError("targetedTo",
                    "is either everyone or a list of users and groups, not both")));
        }
        if (!everyone && users.isEmpty() && groups.isEmpty()) {
            throw new InvalidInputException(List.of(new FieldError("targetedTo",
                    "names nobody: choose everyone, or at least one user or group")));
        }
    }

    /** Whether the recipient (address, and the ids of the groups it belongs to) is targeted. */
    public boolean includes(String recipient, Set<String> recipientGroups) {
        return everyone || users.contains(recipient.toLowerCase(Locale.ROOT))
                || groups.stream().anyMatch(recipientGroups::contains);
    }
}
