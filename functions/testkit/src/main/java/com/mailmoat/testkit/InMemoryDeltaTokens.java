package com.mailmoat.testkit;

import com.mailmoat.core.realtime.DeltaTokenStore;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;

/** Coverage and delta links in memory, keyed {@code <account>#<mailbox>#<folder>}. */
public final class InMemoryDeltaTokens implements DeltaTokenStore {
    public final ConcurrentMap<String, Cursor> links = new ConcurrentHashMap<>();

    @Override
    public Optional<Cursor> find(String accountId, String mailboxId, String folder) {
        return Optional.ofNullable(links.get(key(accountId, mailboxId, folder)));
    }

    @Override
    public boolean begin(String accountId, String mailboxId, String folder, Instant coveredSince) {
        return links.putIfAbsent(key(accountId, mailboxId, folder), Cursor.begun(coveredSince)) == null;
    }

    @Override
    public boolean advance(String accountId, String mailboxId, String folder, Instant coveredSince, String deltaLink) {
        AtomicBoolean stored = new AtomicBoolean();
        links.computeIfPresent(key(accountId, mailboxId, folder), (key, current) -> {
            if (!current.coveredSince().equals(coveredSince)) {
                return current;
            }
            stored.set(true);
            return new Cursor(deltaLink, coveredSince);
        });
        return stored.get();
    }

    @Override
    public void delete(String accountId, String mailboxId, String folder) {
        links.remove(key(accountId, mailboxId, folder));
    }

    @Override
    public Set<String> mailboxes(String accountId) {
        Set<String> mailboxes = new TreeSet<>();
        for (String key : links.keySet()) {
            if (key.startsWith(accountId + "#")) {
                mailboxes.add(key.substring(accountId.length() + 1, key.lastIndexOf('#')));
            }
        }
        return mailboxes;
    }

    @Override
    public void deleteAll(String accountId) {
        links.keySet().removeIf(key -> key.startsWith(accountId + "#"));
    }

    private static String key(String accountId, String mailboxId, String folder) {
        return accountId + "#" + mailboxId + "#" + folder;
    }
}
