package com.mailmoat.testkit;

import com.mailmoat.core.notify.Branding;
import com.mailmoat.core.notify.BrandingRepository;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Account brandings in memory. */
public final class InMemoryBrandings implements BrandingRepository {
    private final Map<String, Branding> byAccount = new ConcurrentHashMap<>();

    @Override
    public Branding find(String accountId) {
        return byAccount.getOrDefault(accountId, Branding.NONE);
    }

    @Override
    public void save(String accountId, Branding branding) {
        byAccount.put(accountId, branding);
    }
}
