package com.mailmoat.core.directory;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The tenant's users and groups as last imported from Microsoft 365, for Targeted To and policies. */
public interface DirectoryRepository {

    /** A user: primary address, name, and the ids of the groups it directly belongs to. */
    record UserEntry(String id, String address, String displayName, Set<String> groupIds) {
        public UserEntry {
            groupIds = Set.copyOf(groupIds);
        }
    }

    /** A group: id, name, address (may be empty) and how many users it has. */
    record GroupEntry(String id, String displayName, String mail, int members) {
    }

    /** Replaces the account's directory with this import (users and groups absent from it are removed). */
    void replace(String accountId, List<UserEntry> users, List<GroupEntry> groups, Instant importedAt);

    /** Users whose address or name contains {@code query} (case-insensitive; all when blank), sorted by name. */
    List<UserEntry> users(String accountId, String query, int limit);

    List<GroupEntry> groups(String accountId, String query, int limit);

    Optional<UserEntry> user(String accountId, String address);

    Optional<GroupEntry> group(String accountId, String groupId);

    /** When the directory was last imported. */
    Optional<Instant> importedAt(String accountId);
}
