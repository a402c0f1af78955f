package com.mailmoat.core.account;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Erases in passes that fit a function's time; a pass that runs out of time asks for another, and
 * a pass redelivered after a crash goes on where it stopped. A closed account ({@code AccountClosure})
 * goes whole, the accounts store's own items last; an offboarded one loses what came from the tenant
 * it was disconnected from, unless it is connected to a tenant again by then (its new data is not
 * touched).
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
        /** Everything asked for is gone (a whole account: the account itself last). */
        ERASED,
        /** Out of time: another pass is queued. */
        CONTINUES,
        /** A whole erasure of an account that is not closed: nothing was deleted. */
        NOT_CLOSED,
        /** A tenant's data, but the account is connected to a tenant again: nothing was deleted. */
        CONNECTED_AGAIN,
        /** There is no such account (erased already). */
        GONE
    }

    /** One pass of about {@code budget} at most (one page may run over). */
    public Outcome erase(ErasureRequest request, Duration budget) {
        Optional<Account> account = accounts.findById(request.accountId());
        if (account.isEmpty()) {
            return Outcome.GONE;
        }
        if (request.isWholeAccount() && !account.get().isClosed()) {
            return Outcome.NOT_CLOSED;
        }
        if (!request.isWholeAccount() && account.get().isTenantLinked()) {
            return Outcome.CONNECTED_AGAIN;
        }
        AccountData.Scope scope = request.isWholeAccount() ? AccountData.Scope.EVERYTHING : AccountData.Scope.TENANT_DATA;
        Instant stopAt = clock.instant().plus(budget);
        while (data.eraseSome(request.accountId(), scope, PAGE) > 0) {
            if (!clock.instant().isBefore(stopAt)) {
                erasures.request(request);
                return Outcome.CONTINUES;
            }
        }
        if (request.isWholeAccount()) {
            accounts.erase(account.get());
        }
        return Outcome.ERASED;
    }
}
