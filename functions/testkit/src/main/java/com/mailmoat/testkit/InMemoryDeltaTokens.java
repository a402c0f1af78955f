package com.mailmoat.testkit;

import com.mailmoat.core.realtime.DeltaTokenStore;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Delta links in memory. */
public final class InMemoryDeltaTokens implements DeltaTokenStore {
    public final Map<String, Cursor> links = new ConcurrentHashMap<>();

    @Override
    public Optional<Cursor> find(String accountId, String mailboxId, String folder) {
        return Optional.ofNullable(links.get(accountId + "#" + mailboxId + "#" + folder));
    }

    @Override
    public void put(String accountId, String mailboxId, String folder, Cursor cursor) {
        links.put(accountId + "#" + mailboxId + "#" + folder, cursor);
    }

    @Override
    public void delete(String accountId, String mailboxId, String folder) {
        links.remove(accountId + "#" + mailboxId + "#" + folder);
    }
}
