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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LoginServiceTest {
    private static final String PASSWORD = "Harbour-Lantern-42";
    private final InMemoryAccounts accounts = new InMemoryAccounts();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    private final PasswordHasher hasher = new PasswordHasher(1_000);
    private final Sessions sessions = new Sessions(new InMemoryTokens(), clock);
    private final LoginService logins = new LoginService(accounts, sessions, new InMemoryAttemptCounter(), hasher,
            new LoginLimits(3, 5, Duration.ofMinutes(15)), clock);

    @BeforeEach
    void anAccountWithAPassword() {
        Account account = Account.signedUp("acct-1", "admin@contoso.example", "Contoso", Region.US, clock.instant());
        accounts.create(account);
        Account stored = accounts.findById("acct-1").orElseThrow();
        accounts.update(stored.withPassword(hasher.hash(PASSWORD), clock.instant()));
    }

    @Test
    void theRightPasswordOpensASessionThatExpires() {
        LoginResult result = logins.login("ADMIN@contoso.example", PASSWORD, "198.51.100.1");
        assertThat(result).isInstanceOf(LoginResult.SignedIn.class);
        String token = ((LoginResult.SignedIn) result).sessionToken();
        assertThat(sessions.authenticate(token)).hasValueSatisfying(s -> assertThat(s.accountId()).isEqualTo("acct-1"));

        clock.advance(Sessions.LIFETIME);
        assertThat(sessions.authenticate(token)).isEmpty();
    }

    @Test
    void logoutEndsTheSession() {
        String token = ((LoginResult.SignedIn) logins.login("admin@contoso.example", PASSWORD, "ip")).sessionToken();
        sessions.end(token);
        assertThat(sessions.authenticate(token)).isEmpty();
    }

    @Test
    void wrongPasswordsAndUnknownAccountsLookTheSame() {
        assertThat(logins.login("admin@contoso.example", "nope", "ip")).isEqualTo(new LoginResult.InvalidCredentials());
        assertThat(logins.login("ghost@contoso.example", "nope", "ip")).isEqualTo(new LoginResult.InvalidCredentials());
    }

    @Test
    void repeatedFailuresForOneAccountAreThrottledUntilTheWindowEnds() {
        for (int i = 0; i < 3; i++) {
            logins.login("admin@contoso.example", "wrong", "198.51.100." + i);
        }
        LoginResult throttled = logins.login("admin@contoso.example", PASSWORD, "203.0.113.9");
        assertThat(throttled).isInstanceOfSatisfying(LoginResult.Throttled.class,
                t -> assertThat(t.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(15)));

        clock.advance(Duration.ofMinutes(15));
        assertThat(logins.login("admin@contoso.example", PASSWORD, "203.0.113.9")).isInstanceOf(LoginResult.SignedIn.class);
    }

    @Test
    void oneSourceGuessingManyAccountsIsThrottled() {
        for (int i = 0; i < 5; i++) {
            logins.login("user" + i + "@contoso.example", "wrong", "198.51.100.66");
        }
        assertThat(logins.login("admin@contoso.example", PASSWORD, "198.51.100.66")).isInstanceOf(LoginResult.Throttled.class);
        assertThat(logins.login("admin@contoso.example", PASSWORD, "198.51.100.67")).isInstanceOf(LoginResult.SignedIn.class);
    }
}
