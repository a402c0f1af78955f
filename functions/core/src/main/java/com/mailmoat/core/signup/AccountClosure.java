package com.mailmoat.core.signup;

import com.mailmoat.core.account.Account;
import com.mailmoat.core.account.AccountChange;
import com.mailmoat.core.account.AccountErasure;
import com.mailmoat.core.account.AccountErasureRequests;
import com.mailmoat.core.account.AccountRepository;
import com.mailmoat.core.account.Emails;
import com.mailmoat.core.account.ErasureRequest;
import com.mailmoat.core.notify.NotificationKind;
import com.mailmoat.core.notify.NotificationQueue;
import com.mailmoat.core.notify.NotificationRequest;
import com.mailmoat.core.security.TokenKind;
import com.mailmoat.core.security.TokenStore;
import com.mailmoat.core.session.LoginResult;
import com.mailmoat.core.session.LoginService;
import com.mailmoat.core.session.SignInSource;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Closing an account, asked by its signed-in administrator with the password and the account's
 * address typed again: the account is marked closed (nobody signs in to it any more), every session
 * and emailed link is revoked, the erasure of its data is queued and the owner gets one email
 * saying so. A Microsoft 365 tenant still connected must be disconnected first (offboarding), so no
 * Mailmoat rule or subscription is left behind in it. Asking again after a failure goes on where
 * the first request stopped. {@link AccountErasure} then deletes the data.
 */
public final class AccountClosure {
    private final AccountRepository accounts;
    private final LoginService logins;
    private final TokenStore tokens;
    private final AccountErasureRequests erasures;
    private final NotificationQueue notifications;
    private final Clock clock;

    public AccountClosure(AccountRepository accounts, LoginService logins, TokenStore tokens,
                          AccountErasureRequests erasures, NotificationQueue notifications, Clock clock) {
        this.accounts = accounts;
        this.logins = logins;
        this.tokens = tokens;
        this.erasures = erasures;
        this.notifications = notifications;
        this.clock = clock;
    }

    /** What became of a request to close the account. */
    public sealed interface Result {
        /** Closed (now or by an earlier request): the erasure is queued and the owner emailed. */
        record Closed(String email, Instant closedAt) implements Result {
        }

        /** The address typed to confirm is not the account's. */
        record NotConfirmed() implements Result {
        }

        /** The password was wrong, or too many were ({@link LoginResult.InvalidCredentials}, {@link LoginResult.Throttled}). */
        record PasswordRefused(LoginResult why) implements Result {
        }

        /** Microsoft 365 is still connected: offboard first. */
        record StillConnected(String tenant) implements Result {
        }
    }

    public Result close(String accountId, String password, String confirmEmail, SignInSource from) {
        Optional<Account> found = accounts.findById(accountId);
        if (found.isEmpty()) {
            // The session outlived an erasure that already finished: nothing left to close.
            return new Result.NotConfirmed();
        }
        Account account = found.get();
        if (!Emails.normalise(confirmEmail).map(account.email()::equals).orElse(false)) {
            return new Result.NotConfirmed();
        }
        LoginResult check = logins.reauthenticate(account, password, from);
        if (!(check instanceof LoginResult.Confirmed)) {
            return new Result.PasswordRefused(check);
        }
        if (account.isTenantLinked()) {
            return new Result.StillConnected(account.tenantLabel());
        }
        Instant now = clock.instant();
        // Read again if anything saved meanwhile; a tenant connected meanwhile (consent in another tab) keeps it open.
        Optional<AccountChange> change = accounts.update(accountId,
                current -> current.isClosed() || current.isTenantLinked() ? current : current.closed(now));
        if (change.isEmpty()) {
            return new Result.NotConfirmed();
        }
        account = change.get().after();
        if (!account.isClosed()) {
            return new Result.StillConnected(account.tenantLabel());
        }
        // Each step below is repeatable, so a request that failed half-way is simply asked again:
        // the erasure only starts on a closed account, and the email is sent once whatever happens.
        erasures.request(ErasureRequest.wholeAccount(accountId));
        notifications.enqueue(new NotificationRequest("account-closed-" + accountId, accountId,
                NotificationKind.ACCOUNT_CLOSED, account.email(),
                Map.of("company", Objects.requireNonNullElse(account.company(), "")), now));
        tokens.revokeAll(accountId, EnumSet.of(TokenKind.SET_PASSWORD, TokenKind.RESET_PASSWORD, TokenKind.SESSION,
                TokenKind.KNOWN_BROWSER, TokenKind.TWO_STEP_PENDING), null);
        return new Result.Closed(account.email(), account.closedAt());
    }
}
