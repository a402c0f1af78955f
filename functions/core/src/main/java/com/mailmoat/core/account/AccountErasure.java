package com.mailmoat.core.account;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Erases a closed account ({@code AccountClosure}): its data in every store, then the accounts
 * store's own items, the profile last, in passes that fit a function's time; a pass that runs out
 * of time asks for another. Repeatable: a pass redelivered after a crash goes on where it stopped.
 */
public final class AccountErasure {
    /** Items deleted per call to {@link AccountData#eraseSome} between two looks at the clock. */
    static final int PAGE = 500;

    private final AccountRepository accounts;
    private final AccountData data;
    private final AccountErasureRequests erasures;
    private final Clock clock;

    public AccountErasure(AccountRepository accounts, AccountData data, AccountErasureRequests erasures, Clock clock) {
        this.accounts = accounts;
        this.data = data;
        this.erasures = erasures;
        this.clock = clock;
    }

    /** What one pass did. */
    public enum Outcome {
        /** Everything is gone, the account itself last. */
        ERASED,
        /** Out of time: another pass is queued. */
        CONTINUES,
        /** The account is not closed: nothing was deleted. */
        NOT_CLOSED,
        /** There is no such account (erased already). */
        GONE
    }

    /** One pass of about {@code budget} at most (one page may run over). */
    public Outcome erase(String accountId, Duration budget) {
        Optional<Account> account = accounts.findById(accountId);
        if (account.isEmpty()) {
            return Outcome.GONE;
        }
        if (!account.get().isClosed()) {
            return Outcome.NOT_CLOSED;
        }
        Instant stopAt = clock.instant().plus(budget);
        while (data.eraseSome(accountId, PAGE) > 0) {
            if (!clock.instant().isBefore(stopAt)) {
                erasures.request(accountId);
                return Outcome.CONTINUES;
            }
        }
        accounts.erase(account.get());
        return Outcome.ERASED;
    }
}
