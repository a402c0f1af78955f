package com.mailmoat.core.detection;

import com.mailmoat.core.account.Account;
import com.mailmoat.core.microsoft.DirectoryGateway;
import com.mailmoat.core.microsoft.DirectoryUser;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@link TenantProfile} of an account, built from its domains and its directory (whose user
 * names impersonators imitate) and kept for a while per worker instance: a scan judges thousands
 * of messages of one tenant, and the directory rarely changes within minutes.
 */
public final class TenantProfiles {
    private static final int MAX_TENANTS = 200;

    private record Cached(TenantProfile profile, Instant fetchedAt) {
    }

    private final DirectoryGateway directory;
    private final Clock clock;
    private final Duration ttl;
    private final Map<String, Cached> cache = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
            return size() > MAX_TENANTS;
        }
    };

    public TenantProfiles(DirectoryGateway directory, Clock clock, Duration ttl) {
        this.directory = directory;
        this.clock = clock;
        this.ttl = ttl;
    }

    public TenantProfile of(Account account) {
        String key = account.accountId();
        Instant now = clock.instant();
        synchronized (cache) {
            Cached cached = cache.get(key);
            if (cached != null && cached.fetchedAt().plus(ttl).isAfter(now)) {
                return cached.profile();
            }
        }
        TenantProfile profile = build(account);
        synchronized (cache) {
            cache.put(key, new Cached(profile, now));
        }
        return profile;
    }

    private TenantProfile build(Account account) {
        Set<String> domains = new LinkedHashSet<>(account.tenantDomains());
        List<TenantProfile.Person> people = new ArrayList<>();
        for (DirectoryUser user : directory.listUsers(account.tenantId())) {
            String address = user.mail() != null ? user.mail() : user.userPrincipalName();
            if (user.displayName() != null && !user.displayName().isBlank() && address != null) {
                people.add(new TenantProfile.Person(user.displayName(), address));
                int at = address.indexOf('@');
                if (at > 0 && domains.isEmpty()) {
                    domains.add(address.substring(at + 1));
                }
            }
        }
        return TenantProfile.of(domains, people).withAccount(account.accountId());
    }
}
