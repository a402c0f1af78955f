package com.mailmoat.adapters.m365;

import com.mailmoat.core.microsoft.MailFolder;
import com.mailmoat.core.microsoft.Mailbox;
import com.mailmoat.core.microsoft.MailboxGateway;
import com.mailmoat.core.microsoft.MessagePage;
import com.mailmoat.core.microsoft.MessageSummary;
import com.mailmoat.core.microsoft.MicrosoftNotFoundException;
import com.mailmoat.core.microsoft.MovedMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static com.mailmoat.adapters.m365.TestTenant.ALICE;
import static com.mailmoat.adapters.m365.TestTenant.BOB;
import static com.mailmoat.adapters.m365.TestTenant.TENANT_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The mailbox gateway, with the real Graph SDK and MSAL4J over HTTPS, against the simulator. */
@ExtendWith(SharedSimulator.class)
class MailboxContractTest {
    private final RequestLog log = new RequestLog();
    private MicrosoftAdapters adapters;
    private MailboxGateway mailboxes;

    @BeforeEach
    void setUp() {
        SharedSimulator.simulator().faults().reset();
        adapters = SharedSimulator.adapters(log);
        mailboxes = adapters.mailboxes();
    }

    @Test
    void listsTheUsersThatHaveAMailbox() {
        List<Mailbox> found = mailboxes.listMailboxes(TENANT_ID);

        assertThat(found).extracting(Mailbox::mail)
                .containsExactlyInAnyOrder(TestTenant.ADMIN, ALICE, BOB); // the robot has no mail address
        assertThat(found).allSatisfy(mailbox -> assertThat(mailbox.id()).isNotBlank());
    }

    @Test
    void pagingThroughTwoThousandFiveHundredMessagesReturnsEachExactlyOnce() {
        String alice = mailboxId(ALICE);
        List<MessageSummary> seen = new ArrayList<>();
        int pages = 0;
        MessagePage page = mailboxes.firstMessages(TENANT_ID, alice, TestTenant.SCAN_START, 250);
        while (true) {
            pages++;
            seen.addAll(page.messages());
            if (page.isLast()) {
                break;
            }
            page = mailboxes.nextMessages(TENANT_ID, page.nextCursor().orElseThrow());
        }

        Set<String> expected = IntStream.range(0, TestTenant.RECENT_MESSAGES)
                .mapToObj(TestTenant::internetMessageId).collect(Collectors.toSet());
        assertThat(seen).hasSize(TestTenant.RECENT_MESSAGES);
        assertThat(seen).extracting(MessageSummary::internetMessageId).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(expected); // the 3 older messages are filtered out
        assertThat(seen).extracting(MessageSummary::id).doesNotHaveDuplicates();
        assertThat(seen).allSatisfy(message -> {
            assertThat(message.receivedDateTime()).isAfterOrEqualTo(TestTenant.SCAN_START);
            assertThat(message.fromAddress()).endsWith("@fabrikam-test.example");
            assertThat(message.subject()).startsWith("Contract message ");
        });
        assertThat(pages).isBetween(10, 11);
        // The app token was fetched at most once for all these requests: MSAL's cache is used.
        assertThat(adapters.tokensFromMicrosoft()).isLessThanOrEqualTo(1);
    }

    @Test
    void mimeBytesRoundTripUnchanged() {
        String bob = mailboxId(BOB);
        MessageSummary message = onlyMessage(bob);

        assertThat(mailboxes.fetchMime(TENANT_ID, bob, message.id())).isEqualTo(TestTenant.exactBytesMessage());
    }

    @Test
    void aMovedMessageKeepsItsImmutableIdWhileItsOldRestIdIsGone() {
        String bob = mailboxId(BOB);
        int quarantinedBefore = SharedSimulator.simulator().summary(TENANT_ID).quarantined();
        MailFolder quarantine = mailboxes.ensureFolder(TENANT_ID, bob, "Mailmoat Quarantine");
        assertThat(mailboxes.ensureFolder(TENANT_ID, bob, "mailmoat quarantine")).isEqualTo(quarantine);

        MessageSummary listed = onlyMessage(bob); // a plain listing: the REST id
        String immutableId = mailboxes.listReceived(TENANT_ID, bob, TestTenant.SCAN_START, java.time.Instant.now(), 10, false)
                .messages().get(0).id();
        String inbox = mailboxes.locateMessage(TENANT_ID, bob, immutableId).orElseThrow();
        MovedMessage moved = mailboxes.moveMessage(TENANT_ID, bob, immutableId, quarantine.id());

        assertThat(moved.id()).isEqualTo(immutableId);
        assertThat(moved.folderId()).isEqualTo(quarantine.id());
        assertThat(mailboxes.locateMessage(TENANT_ID, bob, immutableId)).contains(quarantine.id());
        assertThatThrownBy(() -> mailboxes.fetchMime(TENANT_ID, bob, listed.id())).isInstanceOf(MicrosoftNotFoundException.class);
        assertThat(mailboxes.locateMessage(TENANT_ID, bob, listed.id())).as("the stale REST id").isEmpty();
        assertThat(mailboxes.fetchMime(TENANT_ID, bob, immutableId)).isEqualTo(TestTenant.exactBytesMessage());
        assertThat(SharedSimulator.simulator().summary(TENANT_ID).quarantined()).isEqualTo(quarantinedBefore + 1);

        // Release: back to the inbox by its well-known name; the answer names the inbox's real id.
        MovedMessage released = mailboxes.moveMessage(TENANT_ID, bob, immutableId, "inbox");
        assertThat(released).isEqualTo(new MovedMessage(immutableId, inbox));
        assertThat(SharedSimulator.simulator().summary(TENANT_ID).quarantined()).isEqualTo(quarantinedBefore);
    }

    @Test
    void anUnknownMailboxIsReportedAsNotFound() {
        assertThatThrownBy(() -> mailboxes.firstMessages(TENANT_ID, "00000000-0000-0000-0000-000000000000",
                TestTenant.SCAN_START, 10)).isInstanceOf(MicrosoftNotFoundException.class);
    }

    @Test
    void aCursorThatIsNotAGraphLinkIsRefusedBeforeAnyRequest() {
        assertThatThrownBy(() -> mailboxes.nextMessages(TENANT_ID, "https://attacker.example/v1.0/users/x/messages"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(log.entries()).isEmpty();
    }

    private MessageSummary onlyMessage(String mailboxId) {
        MessagePage page = mailboxes.firstMessages(TENANT_ID, mailboxId, TestTenant.SCAN_START, 10);
        assertThat(page.messages()).hasSize(1);
        assertThat(page.isLast()).isTrue();
        return page.messages().get(0);
    }

    private String mailboxId(String mail) {
        return mailboxes.listMailboxes(TENANT_ID).stream().filter(m -> m.mail().equals(mail)).findFirst()
                .orElseThrow().id();
    }

}
