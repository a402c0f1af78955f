package com.mailmoat.testkit;

import com.mailmoat.core.domains.DomainRecord;
import com.mailmoat.core.domains.DomainRepository;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link DomainRepository} in memory, for tests; the DynamoDB one lives in adapters-aws. */
public final class InMemoryDomains implements DomainRepository {
    private final Map<String, DomainRecord> records = new ConcurrentHashMap<>();

    private static String key(String accountId, String domain) {
        return accountId + "\n" + domain;
    }

    @Override
    public void save(DomainRecord record) {
        records.put(key(record.accountId(), record.domain()), record);
    }

    @Override
    public Optional<DomainRecord> find(String accountId, String domain) {
        return Optional.ofNullable(records.get(key(accountId, domain)));
    }

    @Override
    public boolean delete(String accountId, String domain) {
        return records.remove(key(accountId, domain)) != null;
    }

    @Override
    public List<DomainRecord> list(String accountId) {
        List<DomainRecord> result = new ArrayList<>();
        records.values().stream().filter(r -> r.accountId().equals(accountId)).forEach(result::add);
        return result;
    }
}
