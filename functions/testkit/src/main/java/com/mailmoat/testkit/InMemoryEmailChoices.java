package com.mailmoat.testkit;

import com.mailmoat.core.notify.EmailChoices;
import com.mailmoat.core.notify.EmailChoicesRepository;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Accounts' email choices in memory. */
public final class InMemoryEmailChoices implements EmailChoicesRepository {
    private final Map<String, EmailChoices> byAccount = new ConcurrentHashMap<>();

    @Override
    public EmailChoices find(String accountId) {
        return byAccount.getOrDefault(accountId, EmailChoices.ALL);
    }

    @Override
    public void save(String accountId, EmailChoices choices) {
        byAccount.put(accountId, choices);
    }
}
