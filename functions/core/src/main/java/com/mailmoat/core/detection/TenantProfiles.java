package com.mailmoat.core.detection;

import com.mailmoat.core.account.Account;
import com.mailmoat.core.account.Emails;
import com.mailmoat.core.microsoft.DirectoryGateway;
import com.mailmoat.core.microsoft.DirectoryUser;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@link TenantProfile} of an account, built from its domains, its directory (whose user
 * names impersonators imitate) and its {@link SenderHistory}, and kept for a while per worker
 * instance: a scan judges thousands of messages of one tenant, and neither changes much within
 * minutes. {@link #rememberSenders} adds the senders of mail found clean to the history.
 */
public final class TenantProfiles {
    private static final int MAX_TENANTS = 200;
    /**
     * Sender domains remembered per account: enough for the mail of months of a small or medium
     * organisation; beyond it first contacts are judged against what is kept (the engine compares a
     * first contact's domain with every correspondent's for lookalikes, so the bound is also its cost).
     */
    public static final int MAX_KNOWN_SENDERS = 5_000;

    private record Cached(TenantProfile profile, Instant fetchedAt) {
    }

    private final DirectoryGateway directory;
    private final SenderHistory history;
    private final Clock clock;
    private final Duration ttl;
    private final Map<String, Cached> cache = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
            return size() > MAX_TENANTS;
        }
    };

    public TenantProfiles(DirectoryGateway directory, Clock clock, Duration ttl) {
        this(directory, SenderHistory.NONE, clock, ttl);
    }

    public TenantProfiles(DirectoryGateway directory, SenderHistory history, Clock clock, Duration ttl) {
        this.directory = directory;
        this.history = history;
        this.clock = clock;
        this.ttl = ttl;
    }

    public TenantProfile of(Account account) {
        return of(account, Instant.MIN);
    }

    /**
     * The profile, built again if the one kept was built before {@code notBefore}: a scan judges
     * against what the organisation was known to be when it started (verdicts given since, and
     * correspondents other workers remembered, included).
     */
    public TenantProfile of(Account account, Instant notBefore) {
        String key = account.accountId();
        Instant now = clock.instant();
        synchronized (cache) {
            Cached cached = cache.get(key);
            if (cached != null && cached.fetchedAt().plus(ttl).isAfter(now) && !cached.fetchedAt().isBefore(notBefore)) {
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
        Set<String> known = history.knownDomains(account.accountId());
        return TenantProfile.of(domains, people).withAccount(account.accountId()).withKnownSenders(known);
    }

    /**
     * Remembers the sender domains of messages judged clean with nothing said against their sender's
     * authentication, and the domains such a message was sent to when the mailbox's owner sent it,
     * the ones {@code profile} does not already know. Flagged mail never vouches for anyone.
     */
    public void rememberSenders(TenantProfile profile, Collection<Judged> judged) {
        if (!canRemember(profile)) {
            return;
        }
        Set<String> fresh = new TreeSet<>();
        for (Judged j : judged) {
            if (!vouchesForSender(j.assessment())) {
                continue;
            }
            Emails.domainOf(j.fromAddress()).filter(domain -> isNew(profile, domain)).ifPresent(fresh::add);
            for (String recipient : j.sentTo()) {
                Emails.domainOf(recipient).filter(domain -> isNew(profile, domain)).ifPresent(fresh::add);
            }
        }
        remember(profile.accountId(), fresh);
    }

    /**
     * Remembers the sender of a message the organisation's administrator called wanted (Release,
     * Not a threat): whatever the engine said, the organisation corresponds with it.
     */
    public void rememberCorrespondent(TenantProfile profile, String fromAddress) {
        if (!canRemember(profile)) {
            return;
        }
        Emails.domainOf(fromAddress).filter(domain -> isNew(profile, domain))
                .ifPresent(domain -> remember(profile.accountId(), Set.of(domain)));
    }

    private boolean canRemember(TenantProfile profile) {
        return profile != null && profile.accountId() != null && history != SenderHistory.NONE
                && profile.knownSenders().size() < MAX_KNOWN_SENDERS;
    }

    private void remember(String accountId, Set<String> fresh) {
        if (fresh.isEmpty()) {
            return;
        }
        history.remember(accountId, fresh);
        // This instance knows them at once (real time would otherwise meet them as first contacts
        // again until its profile expires); other instances learn them when theirs do.
        synchronized (cache) {
            Cached cached = cache.get(accountId);
            if (cached != null) {
                Set<String> known = new LinkedHashSet<>(cached.profile().knownSenders());
                known.addAll(fresh);
                cache.put(accountId, new Cached(cached.profile().withKnownSenders(known), cached.fetchedAt()));
            }
        }
    }

    /**
     * One message's From address and what the engine made of it; for mail a mailbox's owner sent,
     * also the addresses it was sent to (people the organisation writes to are its correspondents).
     */
    public record Judged(String fromAddress, Assessment assessment, List<String> sentTo) {
        public Judged {
            sentTo = sentTo == null ? List.of() : List.copyOf(sentTo);
        }

        public Judged(String fromAddress, Assessment assessment) {
            this(fromAddress, assessment, List.of());
        }
    }

    private static boolean isNew(TenantProfile profile, String domain) {
        return !profile.knownSenders().contains(domain) && !profile.domains().contains(domain);
    }

    private static boolean vouchesForSender(Assessment assessment) {
        if (assessment.level() != ThreatLevel.CLEAN) {
            return false;
        }
        for (Evidence e : assessment.reasons()) {
            if (e.weight() > 0 && "authentication".equals(e.analyzer())) {
                return false;
            }
        }
        return true;
    }
}
