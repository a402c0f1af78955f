package com.mailmoat.core.recipients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mailmoat.core.account.Account;
import com.mailmoat.core.account.Region;
import com.mailmoat.core.notify.NotificationKind;
import com.mailmoat.core.notify.NotificationRequest;
import com.mailmoat.core.validation.InvalidInputException;
import com.mailmoat.core.validation.RefusedException;
import com.mailmoat.testkit.InMemoryAccounts;
import com.mailmoat.testkit.InMemoryAlertRecipients;
import com.mailmoat.testkit.InMemoryAttemptCounter;
import com.mailmoat.testkit.InMemoryTokens;
import com.mailmoat.testkit.MutableClock;
import com.mailmoat.testkit.RecordingNotificationQueue;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The rules of extra alert recipients: who may be added, confirming, re-sending, unsubscribing. */
class AlertRecipientsTest {
    private static final String CONSOLE = "https://console.mailmoat.example/";
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));
    private final InMemoryAccounts accounts = new InMemoryAccounts();
    private final InMemoryAlertRecipients store = new InMemoryAlertRecipients();
    private final InMemoryTokens tokens = new InMemoryTokens();
    private final RecordingNotificationQueue queue = new RecordingNotificationQueue();
    private final AlertRecipients recipients = new AlertRecipients(store, accounts, tokens, queue,
            new InMemoryAttemptCounter(), clock, CONSOLE);

    @BeforeEach
    void owners() {
        accounts.create(Account.signedUp("acct-1", "owner@contoso.example", "Contoso", Region.US, clock.instant()));
        accounts.create(Account.signedUp("acct-2", "owner@fabrikam.example", "Fabrikam", Region.US, clock.instant()));
    }

    private AlertRecipient added(String accountId, String email) {
        return ((AlertRecipients.Outcome.Sent) recipients.add(accountId, email)).recipient();
    }

    private static String token(NotificationRequest confirmation, String param) {
        String query = URI.create(confirmation.params().get("link")).getQuery();
        return query.substring(query.indexOf(param + "=") + param.length() + 1);
    }

    @Test
    void anAddedAddressIsPendingAndGetsOnlyItsConfirmationLink() {
        AlertRecipient soc = added("acct-1", "  SOC@Contoso.example ");
        assertThat(soc.email()).isEqualTo("soc@contoso.example");
        assertThat(soc.state()).isEqualTo(RecipientState.PENDING);
        assertThat(soc.receives(clock.instant())).isFalse();
        NotificationRequest email = queue.last();
        assertThat(email.kind()).isEqualTo(NotificationKind.ALERT_RECIPIENT_CONFIRM);
        assertThat(email.recipient()).isEqualTo("soc@contoso.example");
        assertThat(email.accountId()).isEqualTo("acct-1");
        assertThat(email.params()).containsEntry("owner", "owner@contoso.example").containsEntry("organisation", "Contoso");
        assertThat(email.params().get("link")).startsWith(CONSOLE + "alert-recipient?confirm=");
        assertThat(tokens.all()).as("only the hash is stored").doesNotContainKey(token(email, "confirm"));
    }

    @Test
    void addressesMustBeValidNotTheOwnersUniqueWhateverTheCaseAndAtMostFive() {
        for (String bad : new String[] {"", "not an address", "a@b", "x@y.example, z@y.example", "\"q\"@y.example"}) {
            assertThatThrownBy(() -> recipients.add("acct-1", bad)).as(bad).isInstanceOf(InvalidInputException.class)
                    .satisfies(e -> assertThat(((InvalidInputException) e).errors()).extracting("field").containsExactly("email"));
        }
        assertThatThrownBy(() -> recipients.add("acct-1", "Owner@CONTOSO.example"))
                .hasMessageContaining("own address");
        added("acct-1", "soc@contoso.example");
        assertThatThrownBy(() -> recipients.add("acct-1", "SOC@contoso.EXAMPLE")).hasMessageContaining("listed already");
        assertThat(added("acct-2", "soc@contoso.example").accountId()).as("another account may list it too").isEqualTo("acct-2");
        for (int i = 2; i <= 5; i++) {
            added("acct-1", "r" + i + "@contoso.example");
        }
        assertThatThrownBy(() -> recipients.add("acct-1", "sixth@contoso.example")).hasMessageContaining("up to 5");
        assertThat(recipients.list("acct-1")).hasSize(5);
        assertThat(recipients.list("acct-2")).hasSize(1);
    }

    @Test
    void confirmingWithTheLinkActivatesOnceAndTellsTheOwner() {
        AlertRecipient soc = added("acct-1", "soc@contoso.example");
        String token = token(queue.last(), "confirm");
        clock.advance(Duration.ofMinutes(5));

        AlertRecipient confirmed = recipients.confirm(token).orElseThrow();
        assertThat(confirmed.recipientId()).isEqualTo(soc.recipientId());
        assertThat(confirmed.state()).isEqualTo(RecipientState.ACTIVE);
        assertThat(confirmed.receives(clock.instant())).isTrue();
        assertThat(confirmed.receives(clock.instant().minusSeconds(1))).as("nothing requested before it confirmed").isFalse();
        NotificationRequest told = queue.last();
        assertThat(told.kind()).isEqualTo(NotificationKind.ALERT_RECIPIENT_CONFIRMED);
        assertThat(told.recipient()).isEqualTo("owner@contoso.example");
        assertThat(told.params()).containsEntry("address", "soc@contoso.example");

        assertThat(recipients.confirm(token)).as("single use").isEmpty();
        assertThat(recipients.confirm("forged")).isEmpty();
        assertThat(recipients.list("acct-1")).singleElement().extracting(AlertRecipient::state).isEqualTo(RecipientState.ACTIVE);
    }

    @Test
    void aConfirmationLinkExpiresAfterSevenDaysAndLeadsNowhereOnceTheAddressIsRemoved() {
        AlertRecipient soc = added("acct-1", "soc@contoso.example");
        String first = token(queue.last(), "confirm");
        clock.advance(Duration.ofDays(7));
        assertThat(recipients.confirm(first)).isEmpty();

        assertThat(recipients.resend("acct-1", soc.recipientId())).isInstanceOf(AlertRecipients.Outcome.Sent.class);
        String second = token(queue.last(), "confirm");
        assertThat(recipients.remove("acct-1", soc.recipientId())).isTrue();
        assertThat(recipients.confirm(second)).isEmpty();
        assertThat(recipients.remove("acct-1", soc.recipientId())).isFalse();
    }

    @Test
    void resendingIsLimitedPerAddressAndPerAccountAndOnlyForPendingOnes() {
        AlertRecipient soc = added("acct-1", "soc@contoso.example");
        assertThat(recipients.resend("acct-1", soc.recipientId()))
                .as("right after the add").isInstanceOf(AlertRecipients.Outcome.Throttled.class);
        clock.advance(AlertRecipients.RESEND_WINDOW);
        assertThat(recipients.resend("acct-1", soc.recipientId())).isInstanceOf(AlertRecipients.Outcome.Sent.class);
        assertThat(recipients.resend("acct-2", soc.recipientId())).as("another account's").isInstanceOf(AlertRecipients.Outcome.NotFound.class);
        assertThat(queue.ofKind(NotificationKind.ALERT_RECIPIENT_CONFIRM)).hasSize(2);

        recipients.confirm(token(queue.last(), "confirm"));
        clock.advance(AlertRecipients.RESEND_WINDOW);
        assertThatThrownBy(() -> recipients.resend("acct-1", soc.recipientId())).isInstanceOf(RefusedException.class)
                .hasMessageContaining("confirmed already");

        // Add, remove, add again... cannot flood anyone: at most 10 confirmation emails a day per account.
        clock.advance(Duration.ofDays(1));
        int sent = 0;
        for (int i = 0; i < 15; i++) {
            AlertRecipients.Outcome outcome = recipients.add("acct-1", "victim@fabrikam.example");
            if (outcome instanceof AlertRecipients.Outcome.Sent s) {
                sent++;
                recipients.remove("acct-1", s.recipient().recipientId());
            }
        }
        assertThat(sent).isEqualTo(AlertRecipients.CONFIRMATIONS_PER_DAY);
    }

    @Test
    void theUnsubscribeLinkStopsTheRecipientOnceAndTellsTheOwnerInTheConsole() {
        added("acct-1", "soc@contoso.example");
        AlertRecipient active = recipients.confirm(token(queue.last(), "confirm")).orElseThrow();
        AlertRecipientLinks links = new AlertRecipientLinks(tokens, CONSOLE);
        AlertRecipientLinks.Unsubscribe first = links.unsubscribe(active, clock.instant());
        AlertRecipientLinks.Unsubscribe second = links.unsubscribe(active, clock.instant());
        assertThat(first.oneClickUrl()).startsWith(CONSOLE + "api/alert-recipients/unsubscribe?token=");
        assertThat(first.pageUrl()).startsWith(CONSOLE + "alert-recipient?unsubscribe=");
        String token = first.oneClickUrl().substring(first.oneClickUrl().indexOf("token=") + 6);

        assertThat(recipients.unsubscribe(token)).isEqualTo(AlertRecipients.Unsubscribed.STOPPED);
        AlertRecipient stopped = recipients.list("acct-1").get(0);
        assertThat(stopped.state()).isEqualTo(RecipientState.UNSUBSCRIBED);
        assertThat(stopped.receives(clock.instant())).isFalse();
        NotificationRequest told = queue.last();
        assertThat(told.kind()).isEqualTo(NotificationKind.ALERT_RECIPIENT_UNSUBSCRIBED);
        assertThat(told.kind().sendsEmail()).isFalse();
        assertThat(told.params()).containsEntry("address", "soc@contoso.example");

        assertThat(recipients.unsubscribe(token)).as("single use").isEqualTo(AlertRecipients.Unsubscribed.INVALID_LINK);
        String other = second.pageUrl().substring(second.pageUrl().indexOf("unsubscribe=") + 12);
        assertThat(recipients.unsubscribe(other)).as("an older email's link: stopped already").isEqualTo(AlertRecipients.Unsubscribed.STOPPED);
        assertThat(queue.ofKind(NotificationKind.ALERT_RECIPIENT_UNSUBSCRIBED)).as("the owner is told once").hasSize(1);
        assertThat(recipients.confirm(token)).as("an unsubscribe token confirms nothing").isEmpty();
        assertThatThrownBy(() -> recipients.add("acct-1", "soc@contoso.example")).hasMessageContaining("remove it first");
    }

    @Test
    void aClosedAccountAddsNobody() {
        accounts.update(accounts.findById("acct-1").orElseThrow().closed(clock.instant()));
        assertThatThrownBy(() -> recipients.add("acct-1", "soc@contoso.example")).isInstanceOf(RefusedException.class);
    }

    @Test
    void logsSeeOnlyAMaskedAddress() {
        assertThat(AlertRecipient.mask("security@contoso.example")).isEqualTo("s…@contoso.example");
        assertThat(AlertRecipient.mask(null)).isEqualTo("…");
    }
}
