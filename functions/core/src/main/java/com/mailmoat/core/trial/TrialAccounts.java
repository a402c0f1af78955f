package com.mailmoat.core.trial;

import com.mailmoat.core.account.Account;
import java.time.Instant;
import java.util.List;

/** The accounts whose trial ends soon, and which trial-ending notices each was sent. */
public interface TrialAccounts {

    /** Accounts whose trial ends in {@code (from, to]}. */
    List<Account> trialsEndingBetween(Instant from, Instant to);

    /** Whether the notice for {@code daysBefore} was sent for the trial ending at {@code trialEndsAt}. */
    boolean noticeSent(String accountId, int daysBefore, Instant trialEndsAt);

    /** Records that it was sent. */
    void markNoticeSent(String accountId, int daysBefore, Instant trialEndsAt, Instant at);
}
