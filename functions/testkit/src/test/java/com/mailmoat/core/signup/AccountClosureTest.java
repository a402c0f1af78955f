package com.mailmoat.core.signup;

import static org.assertj.core.api.Assertions.assertThat;

import com.mailmoat.core.account.Account;
import com.mailmoat.core.account.AccountRepository;
import com.mailmoat.core.account.ErasureRequest;
import com.mailmoat.core.account.Region;
import com.mailmoat.core.notify.NotificationKind;
import com.mailmoat.core.session.KnownBrowsers;
import com.mailmoat.core.session.LoginLimits;
import com.mailmoat.core.session.LoginResult;
import com.mailmoat.core.session.LoginService;
import com.mailmoat.core.session.Sessions;
import com.mailmoat.core.session.SignInSource;
import com.mailmoat.testkit.ForwardingAccounts;
import com.mailmoat.testkit.InMemoryAccounts;
import com.mailmoat.testkit.InMemoryAttemptCounter;
import com.mailmoat.testkit.InMemoryTokens;
import com.mailmoat.testkit.MutableClock;
import com.mailmoat.testkit.RecordingNotificationQueue;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AccountClosureTest {
    private static final String PASSWORD = "Harbour-Lantern-42";
    private static final String EMAIL = "admin@contoso.example";

    private final InMemoryAccounts accounts = new InMemoryAccounts();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));
    private final PasswordHasher hasher = new PasswordHasher(1_000);
    private final InMemoryTokens tokens = new InMemoryTokens();
    private final Sessions sessions = new Sessions(tokens, clock);
    private final LoginService logins = new LoginService(accounts, sessions, new KnownBrowsers(tokens, clock),
            new InMemoryAttemptCounter(), hasher,
            new LoginLimits(3, 50, Duration.ofMinutes(15)),
            new com.mailmoat.core.twostep.TwoStepCodes(new com.mailmoat.testkit.InMemoryTwoStep(),
                    new KnownBrowsers(tokens, clock), new InMemoryAttemptCounter(), LoginLimits.DEFAULT, clock),
            tokens, clock);
    private final RecordingNotificationQueue notifications = new RecordingNotificationQueue();
    private final List<ErasureRequest> erasures = new ArrayList<>();
    private final AccountClosure closure = new AccountClosure(accounts, logins, tokens, erasures::add, notifications,
            clock);

    @BeforeEach
    void anAccountWithAPassword() {
        accounts.create(Account.signedUp("acct-1", EMAIL, "Contoso", Region.US, clock.instant()));
        accounts.update(accounts.findById("acct-1").orElseThrow().withPassword(hasher.hash(PASSWORD), clock.instant()));
    }

    /** An attempt from a browser without a known-browser cookie. */
    private static SignInSource at(String address) {
        return SignInSource.address(address);
    }

    @Test
    void closingEndsEverySessionQueuesTheErasureAndEmailsTheOwnerOnce() {
        String mine = sessions.issue("acct-1").token();
        String other = sessions.issue("acct-1").token();

        AccountClosure.Result result = closure.close("acct-1", PASSWORD, " Admin@Contoso.example ", at("198.51.100.1"));

        assertThat(result).isEqualTo(new AccountClosure.Result.Closed(EMAIL, clock.instant()));
        assertThat(accounts.findById("acct-1").orElseThrow().closedAt()).isEqualTo(clock.instant());
        assertThat(sessions.authenticate(mine)).isEmpty();
        assertThat(sessions.authenticate(other)).isEmpty();
        assertThat(erasures).containsExactly(ErasureRequest.wholeAccount("acct-1"));
        assertThat(notifications.ofKind(NotificationKind.ACCOUNT_CLOSED)).singleElement()
                .satisfies(n -> assertThat(n.recipient()).isEqualTo(EMAIL));
        assertThat(logins.login(EMAIL, PASSWORD, at("198.51.100.1"))).isEqualTo(new LoginResult.InvalidCredentials());
    }

    @Test
    void askingAgainAfterAFailureHalfWayGoesOnWithTheSameEmail() {
        closure.close("acct-1", PASSWORD, EMAIL, at("ip"));
        clock.advance(Duration.ofMinutes(1));

        AccountClosure.Result again = closure.close("acct-1", PASSWORD, EMAIL, at("ip"));

        // Closed when it was first closed; the email request is the same one, which delivery sends once.
        assertThat(again).isEqualTo(new AccountClosure.Result.Closed(EMAIL, clock.instant().minus(Duration.ofMinutes(1))));
        assertThat(erasures).containsExactly(ErasureRequest.wholeAccount("acct-1"), ErasureRequest.wholeAccount("acct-1"));
        assertThat(notifications.ofKind(NotificationKind.ACCOUNT_CLOSED)).extracting(n -> n.notificationId())
                .containsOnly("account-closed-acct-1");
    }

    @Test
    void aMistypedAddressChangesNothingAndCostsNoPasswordAttempt() {
        for (int i = 0; i < 5; i++) {
            assertThat(closure.close("acct-1", "wrong", "admin@contoso.exampel", at("ip")))
                    .isEqualTo(new AccountClosure.Result.NotConfirmed());
        }
        assertThat(accounts.findById("acct-1").orElseThrow().isClosed()).isFalse();
        assertThat(erasures).isEmpty();
        assertThat(notifications.sent).isEmpty();
        assertThat(closure.close("acct-1", PASSWORD, EMAIL, at("ip"))).isInstanceOf(AccountClosure.Result.Closed.class);
    }

    @Test
    void wrongPasswordsAreRefusedThenThrottledLikeSignIns() {
        String session = sessions.issue("acct-1").token();
        for (int i = 0; i < 3; i++) {
            assertThat(closure.close("acct-1", "Not-The-Password-1", EMAIL, at("ip")))
                    .isEqualTo(new AccountClosure.Result.PasswordRefused(new LoginResult.InvalidCredentials()));
        }
        AccountClosure.Result throttled = closure.close("acct-1", PASSWORD, EMAIL, at("ip"));

        assertThat(throttled).isInstanceOfSatisfying(AccountClosure.Result.PasswordRefused.class,
                refused -> assertThat(refused.why()).isInstanceOf(LoginResult.Throttled.class));
        assertThat(accounts.findById("acct-1").orElseThrow().isClosed()).isFalse();
        assertThat(sessions.authenticate(session)).isPresent();
        assertThat(erasures).isEmpty();
    }

    @Test
    void aConnectedTenantMustBeOffboardedFirst() {
        Account account = accounts.findById("acct-1").orElseThrow();
        accounts.linkTenant(account.withTenant("tenant-1", List.of("contoso.example"), "Contoso Ltd"));

        assertThat(closure.close("acct-1", PASSWORD, EMAIL, at("ip")))
                .isEqualTo(new AccountClosure.Result.StillConnected("Contoso Ltd"));
        assertThat(accounts.findById("acct-1").orElseThrow().isClosed()).isFalse();
        assertThat(erasures).isEmpty();
        assertThat(notifications.sent).isEmpty();
    }

    @Test
    void aTenantConnectedWhileClosingKeepsTheAccountOpen() {
        // Consent lands in another tab between the closure's read of the account and its save.
        AccountRepository connectingMeanwhile = new ForwardingAccounts(accounts) {
            private boolean connected;

            @Override
            public Account update(Account account) {
                if (!connected) {
                    connected = true;
                    accounts.linkTenant(accounts.findById(account.accountId()).orElseThrow()
                            .withTenant("tenant-1", List.of("contoso.example"), "Contoso Ltd"));
                }
                return accounts.update(account);
            }
        };
        AccountClosure racing = new AccountClosure(connectingMeanwhile, logins, tokens, erasures::add, notifications, clock);

        assertThat(racing.close("acct-1", PASSWORD, EMAIL, at("ip")))
                .isEqualTo(new AccountClosure.Result.StillConnected("Contoso Ltd"));
        assertThat(accounts.findById("acct-1").orElseThrow().isClosed()).isFalse();
        assertThat(erasures).isEmpty();
        assertThat(notifications.sent).isEmpty();
    }
}
