package com.mailmoat.core.team;

import java.util.List;
import java.util.Optional;

/**
 * The members of accounts. A member's address is unique across every account and every owner: the
 * store claims it atomically with the same claim sign-up uses, so an address signs in to one place.
 */
public interface TeamRepository {

    /** Adds the member unless its address already belongs to an account or a member anywhere; false if it does. */
    boolean add(TeamMember member);

    Optional<TeamMember> find(String accountId, String memberId);

    /** The member with this normalised address, with a strongly consistent key lookup (as an owner's login). */
    Optional<TeamMember> findByEmail(String normalisedEmail);

    /** The account's members, oldest invitation first. */
    List<TeamMember> list(String accountId);

    /**
     * Saves changes to a member read at {@code member.version()}.
     *
     * @throws com.mailmoat.core.account.ConcurrentUpdateException when someone else saved it first
     */
    TeamMember update(TeamMember member);

    /** Removes the member and frees its address; repeatable. */
    void remove(TeamMember member);
}
