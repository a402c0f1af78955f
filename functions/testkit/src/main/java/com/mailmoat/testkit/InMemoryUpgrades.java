package com.mailmoat.testkit;

import com.mailmoat.core.account.ConcurrentUpdateException;
import com.mailmoat.core.upgrade.Upgrade;
import com.mailmoat.core.upgrade.UpgradeRepository;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** {@link UpgradeRepository} in memory, with the same version checks as the Jobs table. */
public final class InMemoryUpgrades implements UpgradeRepository {
    private final Map<String, Upgrade> upgrades = new ConcurrentHashMap<>();

    @Override
    public Optional<Upgrade> find(String accountId) {
        return Optional.ofNullable(upgrades.get(accountId));
    }

    @Override
    public synchronized Upgrade save(Upgrade upgrade) {
        Upgrade current = upgrades.get(upgrade.accountId());
        long stored = current == null ? 0 : current.version();
        if (stored != upgrade.version()) {
            throw new ConcurrentUpdateException("upgrade changed");
        }
        Upgrade next = upgrade.withVersion(upgrade.version() + 1);
        upgrades.put(upgrade.accountId(), next);
        return next;
    }

    @Override
    public synchronized boolean deleteIfUnchanged(Upgrade upgrade) {
        Upgrade current = upgrades.get(upgrade.accountId());
        if (current == null || current.version() != upgrade.version()) {
            return false;
        }
        upgrades.remove(upgrade.accountId());
        return true;
    }

    @Override
    public void delete(String accountId) {
        upgrades.remove(accountId);
    }
}
