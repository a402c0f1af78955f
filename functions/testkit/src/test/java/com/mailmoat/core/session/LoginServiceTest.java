package com.mailmoat.core.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.mailmoat.core.account.Account;
import com.mailmoat.core.account.Region;
import com.mailmoat.testkit.InMemoryAccounts;
import com.mailmoat.testkit.InMemoryAttemptCounter;
import com.mailmoat.testkit.InMemoryTokens;
import com.mailmoat.testkit.MutableClock;
import com.mailmoat.core.signup.PasswordHasher;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LoginServiceTest {
    private static final String PASSWORD = "Harbour-Lantern-42";
    private final InMemoryAccounts accounts = new InMemoryAccounts();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    private final PasswordHasher hasher = new PasswordHasher(1_000);
    private final InMemoryTokens tokens = new InMemoryTokens();
    private final Sessions sessions = new Sessions(tokens, clock);
    private final KnownBrowsers browsers = new KnownBrowsers(tokens, clock);
    private final InMemoryAttemptCounter attempts = new InMemoryAttemptCounter();
    private final LoginService logins = new LoginService(accounts, sessions, browsers, attempts, hasher,
            new LoginLimits(3, 5, Duration.ofMinutes(15)), twoStepOff(), tokens, clock);

    /** Two-step sign-in never set up for any account. */
    private com.mailmoat.core.twostep.TwoStepCodes twoStepOff() {
        return new com.mailmoat.core.twostep.TwoStepCodes(new com.mailmoat.testkit.InMemoryTwoStep(), browsers,
                new InMemoryAttemptCounter(), LoginLimits.DEFAULT, clock);
    }

    /** An attempt from a browser without a known-browser cookie. */
    private static SignInSource at(String address) {
        return SignInSource.address(address);
    }

    @BeforeEach
    void anAccountWithAPassword() {
        Account account = Account.signedUp("acct-1", "admin@contoso.example", "Contoso", Region.US, clock.instant());
        accounts.create(account);
        Account stored = accounts.findById("acct-1").orElseThrow();
        accounts.update(stored.withPassword(hasher.hash(PASSWORD), clock.instant()));
    }

    @Test
    void theRightPasswordOpensASessionThatExpires() {
        LoginResult result = logins.login("ADMIN@contoso.example", PASSWORD, at("198.51.100.1"));
        assertThat(result).isInstanceOf(LoginResult.SignedIn.class);
        String token = ((LoginResult.SignedIn) result).sessionToken();
        assertThat(sessions.authenticate(token)).hasValueSatisfying(s -> assertThat(s.accountId()).isEqualTo("acct-1"));

        clock.advance(Sessions.LIFETIME);
        assertThat(sessions.authenticate(token)).isEmpty();
    }

    @Test
    void logoutEndsTheSession() {
        String token = ((LoginResult.SignedIn) logins.login("admin@contoso.example", PASSWORD, at("ip"))).sessionToken();
        sessions.end(token);
        assertThat(sessions.authenticate(token)).isEmpty();
    }

    @Test
    void wrongPasswordsAndUnknownAccountsLookTheSame() {
        assertThat(logins.login("admin@contoso.example", "nope", at("ip"))).isEqualTo(new LoginResult.InvalidCredentials());
        assertThat(logins.login("ghost@contoso.example", "nope", at("ip"))).isEqualTo(new LoginResult.InvalidCredentials());
    }

    @Test
    void repeatedFailuresForOneAccountAreThrottledUntilTheWindowEnds() {
        for (int i = 0; i < 3; i++) {
            logins.login("admin@contoso.example", "wrong", at("198.51.100." + i));
        }
        LoginResult throttled = logins.login("admin@contoso.example", PASSWORD, at("203.0.113.9"));
        assertThat(throttled).isInstanceOfSatisfying(LoginResult.Throttled.class,
                t -> assertThat(t.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(15)));

        clock.advance(Duration.ofMinutes(15));
        assertThat(logins.login("admin@contoso.example", PASSWORD, at("203.0.113.9"))).isInstanceOf(LoginResult.SignedIn.class);
    }

    /** Security finding: five wrong guesses by anyone locked the administrator out for 15 minutes. */
    @Test
    void aBrowserTheAdministratorSignedInFromBeforeSignsInWhileStrangersHaveSpentTheAccountsLimit() {
        LoginResult first = logins.login("admin@contoso.example", PASSWORD, at("203.0.113.9"));
        String browser = ((LoginResult.SignedIn) first).browser().orElseThrow().token();
        for (int i = 0; i < 3; i++) {
            logins.login("admin@contoso.example", "wrong", at("198.51.100." + i));
        }
        assertThat(logins.login("admin@contoso.example", PASSWORD, at("198.51.100.9")))
                .isInstanceOfSatisfying(LoginResult.Throttled.class, t -> assertThat(t.fromKnownBrowser()).isFalse());

        LoginResult known = logins.login("admin@contoso.example", PASSWORD, new SignInSource("203.0.113.9", browser));
        assertThat(known).isInstanceOfSatisfying(LoginResult.SignedIn.class,
                signedIn -> assertThat(signedIn.browser()).as("the browser is known already").isEmpty());
    }

    @Test
    void aKnownBrowsersOwnWrongPasswordsAreLimitedWithoutLockingOthersOut() {
        String browser = ((LoginResult.SignedIn) logins.login("admin@contoso.example", PASSWORD,
                at("ip"))).browser().orElseThrow().token();
        for (int i = 0; i < 3; i++) {
            assertThat(logins.login("admin@contoso.example", "wrong", new SignInSource("ip", browser)))
                    .isEqualTo(new LoginResult.InvalidCredentials());
        }
        assertThat(logins.login("admin@contoso.example", PASSWORD, new SignInSource("ip", browser)))
                .isInstanceOfSatisfying(LoginResult.Throttled.class, t -> assertThat(t.fromKnownBrowser()).isTrue());
        assertThat(logins.login("admin@contoso.example", PASSWORD, at("ip")))
                .as("the account's own limit was not spent").isInstanceOf(LoginResult.SignedIn.class);
    }

    @Test
    void aBrowserKnownToAnotherAccountOrForgottenIsAStranger() {
        Account other = Account.signedUp("acct-2", "owner@fabrikam.example", "Fabrikam", Region.US, clock.instant());
        accounts.create(other);
        accounts.update(accounts.findById("acct-2").orElseThrow().withPassword(hasher.hash(PASSWORD), clock.instant()));
        String otherBrowser = ((LoginResult.SignedIn) logins.login("owner@fabrikam.example", PASSWORD,
                at("ip"))).browser().orElseThrow().token();
        for (int i = 0; i < 3; i++) {
            logins.login("admin@contoso.example", "wrong", new SignInSource("ip", otherBrowser));
        }
        assertThat(logins.login("admin@contoso.example", PASSWORD, new SignInSource("ip", otherBrowser)))
                .isInstanceOf(LoginResult.Throttled.class);
        assertThat(logins.login("admin@contoso.example", PASSWORD, new SignInSource("ip", "made-up-token")))
                .isInstanceOf(LoginResult.Throttled.class);

        clock.advance(KnownBrowsers.LIFETIME);
        assertThat(browsers.isKnown(otherBrowser, "acct-2")).as("remembered for 180 days").isFalse();
    }

    @Test
    void oneSourceGuessingManyAccountsIsThrottled() {
        for (int i = 0; i < 5; i++) {
            logins.login("user" + i + "@contoso.example", "wrong", at("198.51.100.66"));
        }
        assertThat(logins.login("admin@contoso.example", PASSWORD, at("198.51.100.66"))).isInstanceOf(LoginResult.Throttled.class);
        assertThat(logins.login("admin@contoso.example", PASSWORD, at("198.51.100.67"))).isInstanceOf(LoginResult.SignedIn.class);
    }

    /** Finding 2: 16 concurrent wrong passwords from different sources all got 401 (limit read, then incremented). */
    @Test
    void concurrentGuessesCannotGetPastTheLimit() throws Exception {
        LoginService strict = new LoginService(accounts, sessions, browsers, attempts, hasher,
                new LoginLimits(5, 50, Duration.ofMinutes(15)), twoStepOff(), tokens, clock);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<LoginResult>> results = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                String source = "198.51.100." + i;
                results.add(pool.submit(() -> {
                    start.await();
                    return strict.login("admin@contoso.example", "Wrong-Password-99", at(source));
                }));
            }
            start.countDown();
            List<LoginResult> outcomes = new ArrayList<>();
            for (Future<LoginResult> result : results) {
                outcomes.add(result.get());
            }
            assertThat(outcomes).filteredOn(LoginResult.InvalidCredentials.class::isInstance).hasSize(5);
            assertThat(outcomes).filteredOn(LoginResult.Throttled.class::isInstance).hasSize(11);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void rightPasswordsDoNotCountAgainstTheSource() {
        for (int i = 0; i < 10; i++) {
            assertThat(logins.login("admin@contoso.example", PASSWORD, at("198.51.100.5"))).isInstanceOf(LoginResult.SignedIn.class);
        }
    }

    /** Finding 4: a 2,040-character email made the counter key too long for DynamoDB (500). */
    @Test
    void hugeOrOddEmailsAreJustWrongCredentialsWithShortCounterKeys() {
        List<String> keys = new ArrayList<>();
        AttemptCounter recording = new AttemptCounter() {
            @Override
            public int count(String key) {
                return attempts.count(key);
            }

            @Override
            public int increment(String key, Instant expiresAt) {
                keys.add(key);
                return attempts.increment(key, expiresAt);
            }

            @Override
            public void decrement(String key) {
                attempts.decrement(key);
            }

            @Override
            public void clear(String key) {
                attempts.clear(key);
            }
        };
        LoginService service = new LoginService(accounts, sessions, browsers, recording, hasher, LoginLimits.DEFAULT,
                twoStepOff(), tokens, clock);
        for (String email : List.of("a".repeat(2030) + "@x.example", "a\u0000b@x.example", "", "\r\n")) {
            assertThat(service.login(email, "x".repeat(5000), at("ip"))).isEqualTo(new LoginResult.InvalidCredentials());
        }
        assertThat(keys).allSatisfy(key -> assertThat(key.length()).isLessThan(120));
    }

    /** A login checked against the old password must not outlive a password change that revoked every session. */
    @Test
    void aSessionIssuedWhileThePasswordChangesIsEnded() {
        AccountRepositoryChangingOnIssue changing = new AccountRepositoryChangingOnIssue(accounts, hasher);
        InMemoryTokens stored = new InMemoryTokens();
        // The password changes (in "another request") right as the session is being stored.
        com.mailmoat.core.security.TokenStore racing = new com.mailmoat.core.security.TokenStore() {
            @Override
            public void put(com.mailmoat.core.security.StoredToken token) {
                stored.put(token);
                changing.changePassword(token.accountId(), clock.instant());
            }

            @Override
            public java.util.Optional<com.mailmoat.core.security.StoredToken> find(String tokenHash) {
                return stored.find(tokenHash);
            }

            @Override
            public java.util.Optional<com.mailmoat.core.security.StoredToken> take(String tokenHash) {
                return stored.take(tokenHash);
            }

            @Override
            public void delete(String tokenHash) {
                stored.delete(tokenHash);
            }

            @Override
            public boolean annotateOnce(String tokenHash, String marker, java.util.Map<String, String> attributes) {
                return stored.annotateOnce(tokenHash, marker, attributes);
            }

            @Override
            public int revokeAll(String accountId, java.util.Set<com.mailmoat.core.security.TokenKind> kinds,
                                 String keepTokenHash) {
                return stored.revokeAll(accountId, kinds, keepTokenHash);
            }
        };
        LoginService service = new LoginService(changing, new Sessions(racing, clock), browsers, attempts, hasher,
                LoginLimits.DEFAULT, twoStepOff(), racing, clock);
        assertThat(service.login("admin@contoso.example", PASSWORD, at("ip"))).isEqualTo(new LoginResult.InvalidCredentials());
        assertThat(stored.all()).isEmpty();
    }

    /** Changes the password "concurrently", as a reset in another request would. */
    private static final class AccountRepositoryChangingOnIssue extends com.mailmoat.testkit.ForwardingAccounts {
        private final PasswordHasher hasher;

        AccountRepositoryChangingOnIssue(InMemoryAccounts delegate, PasswordHasher hasher) {
            super(delegate);
            this.hasher = hasher;
        }

        void changePassword(String accountId, Instant at) {
            Account account = delegate.findById(accountId).orElseThrow();
            delegate.update(account.withPassword(hasher.hash("Changed-Elsewhere-77"), at));
        }
    }
}
