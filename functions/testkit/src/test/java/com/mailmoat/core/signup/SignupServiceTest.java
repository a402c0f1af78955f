package com.mailmoat.core.signup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mailmoat.core.account.Account;
import com.mailmoat.testkit.InMemoryAccounts;
import com.mailmoat.testkit.InMemoryTokens;
import com.mailmoat.testkit.MutableClock;
import com.mailmoat.testkit.RecordingNotificationQueue;
import com.mailmoat.core.notify.NotificationKind;
import com.mailmoat.core.validation.InvalidInputException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SignupServiceTest {
    private static final String STRONG = "Harbour-Lantern-42";
    private final InMemoryAccounts accounts = new InMemoryAccounts();
    private final InMemoryTokens tokens = new InMemoryTokens();
    private final RecordingNotificationQueue queue = new RecordingNotificationQueue();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    private final SignupService service = new SignupService(accounts, tokens, queue, new PasswordPolicy(),
            new PasswordHasher(1_000), clock, "https://console.mailmoat.example");

    private String tokenFromLastLink() {
        String link = queue.last().params().get("link");
        assertThat(link).startsWith("https://console.mailmoat.example/set-password?token=");
        return link.substring(link.indexOf("token=") + 6);
    }

    @Test
    void signUpCreatesAnAccountAndQueuesASetPasswordLink() {
        service.signUp("  Admin@Contoso.Example ", "Contoso", "us");

        Account account = accounts.findByEmail("admin@contoso.example").orElseThrow();
        assertThat(account.company()).isEqualTo("Contoso");
        assertThat(account.hasPassword()).isFalse();
        assertThat(account.trialEndsAt()).isEqualTo(clock.instant().plus(Duration.ofDays(30)));
        assertThat(queue.last().kind()).isEqualTo(NotificationKind.SET_PASSWORD_LINK);
        assertThat(queue.last().recipient()).isEqualTo("admin@contoso.example");
        // Only the hash is stored: the token in the link is not a key in the store.
        assertThat(tokens.find(tokenFromLastLink())).isEmpty();
    }

    @Test
    void aSecondSignUpForTheSameAddressCreatesNoSecondAccountAndChangesNothing() {
        service.signUp("admin@contoso.example", "Contoso", "US");
        service.setPassword(tokenFromLastLink(), STRONG);
        int queued = queue.sent.size();

        service.signUp("admin@contoso.example", "Evil Corp", "DE");

        assertThat(accounts.size()).isEqualTo(1);
        assertThat(accounts.findByEmail("admin@contoso.example").orElseThrow().company()).isEqualTo("Contoso");
        assertThat(queue.sent).hasSize(queued);
    }

    @Test
    void aSignUpForAnAddressWithoutPasswordSendsAFreshLink() {
        service.signUp("admin@contoso.example", "Contoso", "US");
        service.signUp("admin@contoso.example", "Contoso", "US");
        assertThat(queue.sent).hasSize(2).allMatch(r -> r.kind() == NotificationKind.SET_PASSWORD_LINK);
    }

    @Test
    void invalidInputListsEveryProblem() {
        assertThatThrownBy(() -> service.signUp("nope", "", "FR"))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.errors())
                        .extracting(f -> f.field()).containsExactly("email", "company", "region"));
    }

    @Test
    void theLinkSetsThePasswordOnceAndQueuesTheAccountDetails() {
        service.signUp("admin@contoso.example", "Contoso", "US");
        String token = tokenFromLastLink();

        assertThat(service.setPassword(token, STRONG)).isInstanceOf(SetPasswordResult.PasswordSet.class);
        assertThat(queue.last().kind()).isEqualTo(NotificationKind.ACCOUNT_DETAILS);
        assertThat(new PasswordHasher(1_000).verify(STRONG,
                accounts.findByEmail("admin@contoso.example").orElseThrow().passwordHash())).isTrue();

        assertThat(service.setPassword(token, "Another-Strong-7")).isInstanceOf(SetPasswordResult.InvalidToken.class);
    }

    @Test
    void aWeakPasswordDoesNotSpendTheLink() {
        service.signUp("admin@contoso.example", "Contoso", "US");
        String token = tokenFromLastLink();

        SetPasswordResult weak = service.setPassword(token, "short");
        assertThat(weak).isInstanceOfSatisfying(SetPasswordResult.WeakPassword.class,
                w -> assertThat(w.violations()).extracting(PasswordViolation::rule).contains("length", "character-classes"));
        assertThat(service.setPassword(token, STRONG)).isInstanceOf(SetPasswordResult.PasswordSet.class);
    }

    @Test
    void theLinkExpiresAfter24Hours() {
        service.signUp("admin@contoso.example", "Contoso", "US");
        String token = tokenFromLastLink();
        clock.advance(Duration.ofHours(24));
        assertThat(service.setPassword(token, STRONG)).isInstanceOf(SetPasswordResult.InvalidToken.class);
    }
}
