package com.mailmoat.testkit;

import com.mailmoat.core.notify.LogoImage;
import com.mailmoat.core.notify.LogoStore;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Accounts' logo copies in memory. */
public final class InMemoryLogos implements LogoStore {
    private final Map<String, LogoImage> byAccount = new ConcurrentHashMap<>();

    @Override
    public Optional<LogoImage> find(String accountId) {
        return Optional.ofNullable(byAccount.get(accountId));
    }

    @Override
    public void save(String accountId, LogoImage logo) {
        byAccount.put(accountId, logo);
    }

    @Override
    public void delete(String accountId) {
        byAccount.remove(accountId);
    }
}
