package com.mailmoat.testkit;

import com.mailmoat.core.account.ConcurrentUpdateException;
import com.mailmoat.core.team.TeamMember;
import com.mailmoat.core.team.TeamRepository;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** An in-memory team store: addresses unique across members and the accounts' owners, versions as the real one. */
public final class InMemoryTeam implements TeamRepository {
    private final InMemoryAccounts accounts;
    private final Map<String, TeamMember> byId = new ConcurrentHashMap<>();

    /** @param accounts whose owners' addresses a member may not take */
    public InMemoryTeam(InMemoryAccounts accounts) {
        this.accounts = accounts;
    }

    @Override
    public synchronized boolean add(TeamMember member) {
        if (accounts.findByEmail(member.email()).isPresent() || findByEmail(member.email()).isPresent()) {
            return false;
        }
        byId.put(member.memberId(), member.withVersion(1));
        return true;
    }

    @Override
    public Optional<TeamMember> find(String accountId, String memberId) {
        return Optional.ofNullable(byId.get(memberId)).filter(m -> m.accountId().equals(accountId));
    }

    @Override
    public Optional<TeamMember> findByEmail(String normalisedEmail) {
        return byId.values().stream().filter(m -> m.email().equals(normalisedEmail)).findFirst();
    }

    @Override
    public List<TeamMember> list(String accountId) {
        return byId.values().stream().filter(m -> m.accountId().equals(accountId))
                .sorted(Comparator.comparing(TeamMember::invitedAt)).toList();
    }

    @Override
    public synchronized TeamMember update(TeamMember member) {
        TeamMember current = byId.get(member.memberId());
        if (current == null || current.version() != member.version()) {
            throw new ConcurrentUpdateException(member.memberId());
        }
        TeamMember next = member.withVersion(member.version() + 1);
        byId.put(next.memberId(), next);
        return next;
    }

    @Override
    public synchronized void remove(TeamMember member) {
        byId.remove(member.memberId());
    }
}
