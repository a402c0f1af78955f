package com.mailmoat.core.signup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mailmoat.core.account.Account;
import com.mailmoat.core.notify.NotificationKind;
import com.mailmoat.core.notify.NotificationRequest;
import com.mailmoat.core.security.TokenKind;
import com.mailmoat.core.session.Session;
import com.mailmoat.core.session.Sessions;
import com.mailmoat.core.validation.InvalidInputException;
import com.mailmoat.testkit.InMemoryAccounts;
import com.mailmoat.testkit.InMemoryAttemptCounter;
import com.mailmoat.testkit.InMemoryTokens;
import com.mailmoat.testkit.MutableClock;
import com.mailmoat.testkit.RecordingNotificationQueue;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class SignupServiceTest {
    private static final String STRONG = "Harbour-Lantern-42";
    private static final String OTHER_STRONG = "Quiet-Meadow-Falcon-8";
    private static final String SOURCE = "198.51.100.7";
    private final InMemoryAccounts accounts = new InMemoryAccounts();
    private final InMemoryTokens tokens = new InMemoryTokens();
    private final RecordingNotificationQueue queue = new RecordingNotificationQueue();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    private final Sessions sessions = new Sessions(tokens, clock);
    private final PasswordHasher hasher = new PasswordHasher(1_000);
    private final SignupService service = new SignupService(accounts, tokens, queue, new InMemoryAttemptCounter(),
            new SignupLimits(60, Duration.ofMinutes(1), Duration.ofMinutes(10)), new PasswordPolicy(), hasher,
            clock, "https://console.mailmoat.example");

    private String tokenFromLastLink() {
        String link = queue.last().params().get("link");
        assertThat(link).startsWith("https://console.mailmoat.example/set-password?token=");
        return link.substring(link.indexOf("token=") + 6).replaceFirst("&reset=1$", "");
    }

    private void signUp(String email) {
        assertThat(service.signUp(email, "Contoso", "US", SOURCE)).isInstanceOf(SignupResult.Accepted.class);
    }

    private List<NotificationRequest> sent(NotificationKind kind) {
        return queue.sent.stream().filter(r -> r.kind() == kind).toList();
    }

    /** An account whose password is set, with one open session; returns the session. */
    private Session accountWithPasswordAndSession(String email) {
        signUp(email);
        assertThat(service.setPassword(tokenFromLastLink(), STRONG)).isInstanceOf(SetPasswordResult.PasswordSet.class);
        Account account = accounts.findByEmail(email).orElseThrow();
        return sessions.authenticate(sessions.issue(account.accountId()).token()).orElseThrow();
    }

    @Test
    void signUpCreatesAnAccountAndQueuesASetPasswordLink() {
        service.signUp("  Admin@Contoso.Example ", "  Contoso   Ltd ", "us", SOURCE);

        Account account = accounts.findByEmail("admin@contoso.example").orElseThrow();
        assertThat(account.company()).isEqualTo("Contoso Ltd");
        assertThat(account.hasPassword()).isFalse();
        assertThat(account.trialEndsAt()).isEqualTo(clock.instant().plus(Duration.ofDays(30)));
        assertThat(queue.last().kind()).isEqualTo(NotificationKind.SET_PASSWORD_LINK);
        assertThat(queue.last().recipient()).isEqualTo("admin@contoso.example");
        // The email to a not-yet-proven address carries no text the signer-up chose.
        assertThat(queue.last().params()).doesNotContainKey("company");
        // Only the hash is stored: the token in the link is not a key in the store.
        assertThat(tokens.find(tokenFromLastLink())).isEmpty();
    }

    @Test
    void aSecondSignUpForAnAddressWithAPasswordChangesNothingAndTellsTheOwnerHowToSignInOncePerWindow() {
        signUp("admin@contoso.example");
        service.setPassword(tokenFromLastLink(), STRONG);
        int setPasswordLinks = sent(NotificationKind.SET_PASSWORD_LINK).size();

        assertThat(service.signUp("admin@contoso.example", "Evil Corp", "DE", SOURCE))
                .as("the same answer as for a new address").isInstanceOf(SignupResult.Accepted.class);

        assertThat(accounts.size()).isEqualTo(1);
        assertThat(accounts.findByEmail("admin@contoso.example").orElseThrow().company()).isEqualTo("Contoso");
        assertThat(sent(NotificationKind.SET_PASSWORD_LINK)).hasSize(setPasswordLinks);
        NotificationRequest hint = queue.last();
        assertThat(hint.kind()).isEqualTo(NotificationKind.ACCOUNT_EXISTS);
        assertThat(hint.recipient()).isEqualTo("admin@contoso.example");
        assertThat(hint.params()).containsEntry("loginUrl", "https://console.mailmoat.example/")
                .containsEntry("resetUrl", "https://console.mailmoat.example/#reset")
                .as("nothing the second sign-up typed").doesNotContainValue("Evil Corp");
        com.mailmoat.core.notify.Email email = com.mailmoat.core.notify.EmailTemplates.render(hint);
        assertThat(email.subject()).isEqualTo("You already have a Mailmoat account");
        assertThat(email.text()).contains("https://console.mailmoat.example/#reset").contains("Reset your password")
                .contains("Sign in").doesNotContain("Evil Corp");

        signUp("admin@contoso.example");
        assertThat(sent(NotificationKind.ACCOUNT_EXISTS)).as("one per address per window").hasSize(1);
        clock.advance(Duration.ofMinutes(10));
        signUp("admin@contoso.example");
        assertThat(sent(NotificationKind.ACCOUNT_EXISTS)).hasSize(2);
    }

    @Test
    void aSignUpForAnAddressWithoutPasswordSendsAFreshLinkOncePerWindow() {
        signUp("admin@contoso.example");
        signUp("admin@contoso.example");
        assertThat(sent(NotificationKind.SET_PASSWORD_LINK)).hasSize(1);

        clock.advance(Duration.ofMinutes(10));
        signUp("admin@contoso.example");
        assertThat(sent(NotificationKind.SET_PASSWORD_LINK)).hasSize(2);
    }

    /** Finding 3: 40 sign-ups for one address in under a second sent 40 emails. */
    @Test
    void manySignUpsForOneAddressSendOneEmail() {
        for (int i = 0; i < 40; i++) {
            service.signUp("victim@contoso.example", "Contoso", "US", "203.0.113." + i);
        }
        assertThat(sent(NotificationKind.SET_PASSWORD_LINK)).hasSize(1);
    }

    /** Finding 3: the per-source limit still lets at least 30 sign-ups a minute through. */
    @Test
    void oneSourceIsLimitedPerMinuteButNotBelowThirty() {
        List<SignupResult> results = new ArrayList<>();
        for (int i = 0; i < 70; i++) {
            results.add(service.signUp("user" + i + "@contoso.example", "Contoso", "US", SOURCE));
        }
        assertThat(results.stream().filter(SignupResult.Accepted.class::isInstance).count()).isEqualTo(60);
        assertThat(results.get(69)).isInstanceOfSatisfying(SignupResult.Throttled.class,
                t -> assertThat(t.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(1)));
        assertThat(service.signUp("other@contoso.example", "Contoso", "US", "203.0.113.1"))
                .isInstanceOf(SignupResult.Accepted.class);
        clock.advance(Duration.ofMinutes(1));
        assertThat(service.signUp("later@contoso.example", "Contoso", "US", SOURCE)).isInstanceOf(SignupResult.Accepted.class);
    }

    /** Findings 3 and 5: no control characters or links in the company, no loose addresses. */
    @Test
    void invalidInputListsEveryProblem() {
        assertThatThrownBy(() -> service.signUp("nope", "", "FR", SOURCE))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.errors())
                        .extracting(f -> f.field()).containsExactly("email", "company", "region"));
        assertThatThrownBy(() -> service.signUp("evil<v@x.example>", "Acme.\r\n\r\nURGENT: Verify at "
                + "https://evil.example/login", "US", SOURCE))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.errors())
                        .extracting(f -> f.field()).containsExactly("email", "company"));
        for (String loose : List.of("a,b@x.example", "v@x.example;x", "a\u0000b@x.example")) {
            assertThatThrownBy(() -> service.signUp(loose, "Contoso", "US", SOURCE)).isInstanceOf(InvalidInputException.class);
        }
        assertThat(accounts.size()).isZero();
        assertThat(queue.sent).isEmpty();
    }

    @Test
    void theLinkSetsThePasswordOnceAndQueuesTheAccountDetails() {
        signUp("admin@contoso.example");
        String token = tokenFromLastLink();

        assertThat(service.setPassword(token, STRONG)).isInstanceOf(SetPasswordResult.PasswordSet.class);
        assertThat(queue.last().kind()).isEqualTo(NotificationKind.ACCOUNT_DETAILS);
        assertThat(hasher.verify(STRONG, accounts.findByEmail("admin@contoso.example").orElseThrow().passwordHash())).isTrue();

        assertThat(service.setPassword(token, "Another-Strong-7")).isInstanceOf(SetPasswordResult.InvalidToken.class);
    }

    /**
     * Finding 1: sign up twice (links T1, T2), set the password with T1; T2 then reset the
     * password, and a session opened before the change stayed valid.
     */
    @Test
    void anOlderSetPasswordLinkDoesNothingOnceThePasswordIsSet() {
        signUp("admin@contoso.example");
        String t1 = tokenFromLastLink();
        clock.advance(Duration.ofMinutes(10));
        signUp("admin@contoso.example");
        String t2 = tokenFromLastLink();
        assertThat(t2).isNotEqualTo(t1);

        assertThat(service.setPassword(t1, STRONG)).isInstanceOf(SetPasswordResult.PasswordSet.class);
        Account account = accounts.findByEmail("admin@contoso.example").orElseThrow();
        String session = sessions.issue(account.accountId()).token();

        assertThat(service.setPassword(t2, OTHER_STRONG)).isInstanceOf(SetPasswordResult.InvalidToken.class);
        assertThat(hasher.verify(STRONG, accounts.findById(account.accountId()).orElseThrow().passwordHash())).isTrue();
        assertThat(sessions.authenticate(session)).isPresent();
        // Setting the password spent every other outstanding link.
        assertThat(tokens.all().values()).noneMatch(t -> t.kind() == TokenKind.SET_PASSWORD);
    }

    /** Finding 4: six concurrent set-password requests with different links gave 1×200 and 5×500. */
    @Test
    void concurrentLinksForOneAccountSetThePasswordOnceAndTheRestAreInvalid() throws Exception {
        List<String> links = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            signUp("admin@contoso.example");
            links.add(tokenFromLastLink());
            clock.advance(Duration.ofMinutes(10));
        }
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<SetPasswordResult>> results = new ArrayList<>();
            for (String link : links) {
                results.add(pool.submit(() -> {
                    start.await();
                    return service.setPassword(link, STRONG);
                }));
            }
            start.countDown();
            List<SetPasswordResult> outcomes = new ArrayList<>();
            for (Future<SetPasswordResult> result : results) {
                outcomes.add(result.get());
            }
            assertThat(outcomes).filteredOn(SetPasswordResult.PasswordSet.class::isInstance).hasSize(1);
            assertThat(outcomes).filteredOn(SetPasswordResult.InvalidToken.class::isInstance).hasSize(5);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aWeakPasswordDoesNotSpendTheLink() {
        signUp("admin@contoso.example");
        String token = tokenFromLastLink();

        SetPasswordResult weak = service.setPassword(token, "short");
        assertThat(weak).isInstanceOfSatisfying(SetPasswordResult.WeakPassword.class,
                w -> assertThat(w.violations()).extracting(PasswordViolation::rule).contains("length", "character-classes"));
        assertThat(service.setPassword(token, STRONG)).isInstanceOf(SetPasswordResult.PasswordSet.class);
    }

    @Test
    void theLinkExpiresAfter24Hours() {
        signUp("admin@contoso.example");
        String token = tokenFromLastLink();
        clock.advance(Duration.ofHours(24));
        assertThat(service.setPassword(token, STRONG)).isInstanceOf(SetPasswordResult.InvalidToken.class);
    }

    // --- password reset ------------------------------------------------------------------------

    @Test
    void aResetLinkSetsANewPasswordOnceAndEndsEverySessionButTheCurrentOne() {
        Session other = accountWithPasswordAndSession("admin@contoso.example");
        Account account = accounts.findByEmail("admin@contoso.example").orElseThrow();
        Session current = sessions.authenticate(sessions.issue(account.accountId()).token()).orElseThrow();
        String otherToken = findSessionToken(other);
        assertThat(otherToken).isNotNull();

        assertThat(service.requestPasswordReset("Admin@Contoso.example", SOURCE)).isInstanceOf(SignupResult.Accepted.class);
        assertThat(queue.last().kind()).isEqualTo(NotificationKind.PASSWORD_RESET_LINK);
        assertThat(queue.last().params().get("link")).endsWith("&reset=1");
        String reset = tokenFromLastLink();

        assertThat(service.setPassword(reset, OTHER_STRONG, Optional.of(current)))
                .isInstanceOf(SetPasswordResult.PasswordSet.class);
        assertThat(hasher.verify(OTHER_STRONG, accounts.findById(account.accountId()).orElseThrow().passwordHash())).isTrue();
        assertThat(queue.last().kind()).isEqualTo(NotificationKind.PASSWORD_CHANGED);
        assertThat(tokens.find(other.sessionHash())).isEmpty();
        assertThat(tokens.find(current.sessionHash())).isPresent();
        // Single use.
        assertThat(service.setPassword(reset, "Third-Strong-Pass-5")).isInstanceOf(SetPasswordResult.InvalidToken.class);
    }

    @Test
    void resetIsAnsweredTheSameForUnknownAddressesAndSendsNothing() {
        assertThat(service.requestPasswordReset("ghost@contoso.example", SOURCE)).isInstanceOf(SignupResult.Accepted.class);
        assertThat(queue.sent).isEmpty();
        assertThatThrownBy(() -> service.requestPasswordReset("not an address", SOURCE))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void resetForAnAccountWithoutPasswordSendsASetPasswordLinkWithinTheSameBudget() {
        signUp("admin@contoso.example");
        service.requestPasswordReset("admin@contoso.example", SOURCE);
        assertThat(sent(NotificationKind.SET_PASSWORD_LINK)).hasSize(1);
        assertThat(sent(NotificationKind.PASSWORD_RESET_LINK)).isEmpty();
    }

    @Test
    void resetLinksAreLimitedToOnePerWindowAndExpireAfter24Hours() {
        accountWithPasswordAndSession("admin@contoso.example");
        for (int i = 0; i < 5; i++) {
            service.requestPasswordReset("admin@contoso.example", "203.0.113." + i);
        }
        assertThat(sent(NotificationKind.PASSWORD_RESET_LINK)).hasSize(1);
        String reset = tokenFromLastLink();
        clock.advance(SignupService.RESET_LINK_LIFETIME);
        assertThat(service.setPassword(reset, OTHER_STRONG)).isInstanceOf(SetPasswordResult.InvalidToken.class);
    }

    @Test
    void aResetLinkDoesNothingOnceThePasswordChangedAnotherWay() {
        accountWithPasswordAndSession("admin@contoso.example");
        service.requestPasswordReset("admin@contoso.example", SOURCE);
        String first = tokenFromLastLink();
        clock.advance(Duration.ofMinutes(10));
        service.requestPasswordReset("admin@contoso.example", SOURCE);
        String second = tokenFromLastLink();

        assertThat(service.setPassword(second, OTHER_STRONG)).isInstanceOf(SetPasswordResult.PasswordSet.class);
        assertThat(service.setPassword(first, "Third-Strong-Pass-5")).isInstanceOf(SetPasswordResult.InvalidToken.class);
        assertThat(hasher.verify(OTHER_STRONG,
                accounts.findByEmail("admin@contoso.example").orElseThrow().passwordHash())).isTrue();
    }

    @Test
    void aSetPasswordLinkCannotBeUsedAsAResetLinkNorTheOtherWayRound() {
        signUp("admin@contoso.example");
        String setLink = tokenFromLastLink();
        service.setPassword(setLink, STRONG);
        // A fresh set-password link cannot be had for an account with a password; a reset link
        // for an account without one is never issued. The kinds are checked on use all the same:
        Account account = accounts.findByEmail("admin@contoso.example").orElseThrow();
        String session = sessions.issue(account.accountId()).token();
        assertThat(service.setPassword(session, OTHER_STRONG)).isInstanceOf(SetPasswordResult.InvalidToken.class);
    }

    private String findSessionToken(Session session) {
        return tokens.find(session.sessionHash()).map(t -> t.tokenHash()).orElse(null);
    }
}
