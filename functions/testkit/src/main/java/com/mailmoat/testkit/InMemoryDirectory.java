package com.mailmoat.testkit;

import com.mailmoat.core.directory.DirectoryRepository;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The imported directory in memory. */
public final class InMemoryDirectory implements DirectoryRepository {
    private final Map<String, List<UserEntry>> users = new ConcurrentHashMap<>();
    private final Map<String, List<GroupEntry>> groups = new ConcurrentHashMap<>();
    private final Map<String, Instant> imported = new ConcurrentHashMap<>();

    @Override
    public void replace(String accountId, List<UserEntry> u, List<GroupEntry> g, Instant importedAt) {
        users.put(accountId, List.copyOf(u));
        groups.put(accountId, List.copyOf(g));
        imported.put(accountId, importedAt);
    }

    @Override
    public List<UserEntry> users(String accountId, String query, int limit) {
        String q = query == null ? "" : query.toLowerCase(Locale.ROOT);
        return users.getOrDefault(accountId, List.of()).stream()
                .filter(u -> (u.address() + u.displayName().toLowerCase(Locale.ROOT)).contains(q))
                .sorted(Comparator.comparing(UserEntry::displayName)).limit(limit).toList();
    }

    @Override
    public List<GroupEntry> groups(String accountId, String query, int limit) {
        String q = query == null ? "" : query.toLowerCase(Locale.ROOT);
        return groups.getOrDefault(accountId, List.of()).stream()
                .filter(g -> g.displayName().toLowerCase(Locale.ROOT).contains(q))
                .sorted(Comparator.comparing(GroupEntry::displayName)).limit(limit).toList();
    }

    @Override
    public Optional<UserEntry> user(String accountId, String address) {
        return users.getOrDefault(accountId, List.of()).stream().filter(u -> u.address().equalsIgnoreCase(address)).findFirst();
    }

    @Override
    public Optional<GroupEntry> group(String accountId, String groupId) {
        return groups.getOrDefault(accountId, List.of()).stream().filter(g -> g.id().equals(groupId)).findFirst();
    }

    @Override
    public Optional<Instant> importedAt(String accountId) {
        return Optional.ofNullable(imported.get(accountId));
    }
}
