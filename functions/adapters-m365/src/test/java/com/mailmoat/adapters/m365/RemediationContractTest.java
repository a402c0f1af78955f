package com.mailmoat.adapters.m365;

import static com.mailmoat.adapters.m365.TestTenant.ADMIN;
import static com.mailmoat.adapters.m365.TestTenant.ROBOT;
import static com.mailmoat.adapters.m365.TestTenant.TENANT_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mailmoat.core.microsoft.MailFolder;
import com.mailmoat.core.microsoft.MailboxGateway;
import com.mailmoat.core.microsoft.MicrosoftAccessDeniedException;
import com.mailmoat.core.microsoft.MicrosoftNotFoundException;
import com.mailmoat.core.microsoft.MicrosoftThrottledException;
import com.mailmoat.core.microsoft.MicrosoftUnavailableException;
import com.mailmoat.simulator.Faults;
import com.mailmoat.simulator.SimMessage;
import com.mailmoat.simulator.Simulator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What remediation relies on, with the real Graph SDK against the simulator and the remediation
 * function's configuration ({@link RetryPolicy#NONE}): a move is sent exactly once, a move that
 * Microsoft committed but answered 5xx/504 is reported (not replayed) and can be located, and
 * Microsoft's error codes arrive intact.
 */
@ExtendWith(SharedSimulator.class)
class RemediationContractTest {
    private final RequestLog log = new RequestLog();
    private Simulator simulator;
    private Faults faults;
    private MailboxGateway mailboxes;
    private String admin;
    private boolean permissionsChanged;

    @BeforeEach
    void setUp() {
        simulator = SharedSimulator.simulator();
        faults = simulator.faults().reset();
        mailboxes = new MicrosoftAdapters(SharedSimulator.config().withRetryPolicy(RetryPolicy.NONE), List.of(log))
                .mailboxes();
        admin = mailboxes.listMailboxes(TENANT_ID).stream().filter(m -> m.mail().equals(ADMIN)).findFirst().orElseThrow().id();
        log.clear();
    }

    @AfterEach
    void tearDown() {
        faults.reset();
        if (!permissionsChanged) {
            return;
        }
        simulator.grantConsent(TENANT_ID);
        faults.expireAllTokens(); // the other tests' next token carries every role again
    }

    private SimMessage deliver(String subject) {
        String mime = "From: ceo@evil.example\r\nTo: " + ADMIN + "\r\nSubject: " + subject
                + "\r\nMessage-ID: <" + System.nanoTime() + "@evil.example>\r\n\r\nWire the money today.\r\n";
        return simulator.deliverMessage(TENANT_ID, ADMIN, mime.getBytes(StandardCharsets.US_ASCII), Instant.now(), "inbox");
    }

    private long posts(String pathEnd) {
        return log.entries().stream().filter(e -> e.method().equals("POST") && e.path().endsWith(pathEnd)).count();
    }

    @Test
    void aMoveMicrosoftCommittedButAnsweredWithAnErrorIsSentOnceAndTheMessageIsWhereItWasMoved() {
        MailFolder quarantine = mailboxes.ensureFolder(TENANT_ID, admin, "Mailmoat Quarantine");
        SimMessage message = deliver("commit then fail");
        faults.commitThenFailFraction(1.0);
        log.clear();

        assertThatThrownBy(() -> mailboxes.moveMessage(TENANT_ID, admin, message.immutableId(), quarantine.id()))
                .isInstanceOfSatisfying(MicrosoftUnavailableException.class,
                        e -> assertThat(e.statusCode()).isIn(503, 504));
        assertThat(posts("/move")).as("one POST on the wire: never replayed").isEqualTo(1);
        faults.reset();
        assertThat(mailboxes.locateMessage(TENANT_ID, admin, message.immutableId())).contains(quarantine.id());
    }

    @Test
    void gatewayTimeoutsAndThrottlingAreReportedAtOnceWithoutARetry() {
        SimMessage message = deliver("timeouts");
        faults.gatewayTimeoutFraction(1.0);
        assertThatThrownBy(() -> mailboxes.moveMessage(TENANT_ID, admin, message.immutableId(), "junkemail"))
                .isInstanceOfSatisfying(MicrosoftUnavailableException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(504);
                    assertThat(e.errorCode()).isEqualTo("GatewayTimeout");
                });
        faults.reset().retryAfterSeconds(2.5).throttleFraction(1.0);
        assertThatThrownBy(() -> mailboxes.moveMessage(TENANT_ID, admin, message.immutableId(), "junkemail"))
                .isInstanceOfSatisfying(MicrosoftThrottledException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo("ApplicationThrottled");
                    assertThat(e.retryAfter()).isEqualTo(Duration.ofMillis(2500));
                });
        assertThat(posts("/move")).isEqualTo(2);
        faults.reset();
        assertThat(simulator.messages(TENANT_ID, ADMIN).stream().filter(m -> m.immutableId().equals(message.immutableId()))
                .findFirst().orElseThrow().folder()).isEqualTo("Inbox");
    }

    @Test
    void aFolderCreatedButAnsweredWithAnErrorIsFoundNotCreatedTwice() {
        faults.commitThenFailFraction(1.0);
        MailFolder folder = mailboxes.ensureFolder(TENANT_ID, admin, "Mailmoat Quarantine Test");
        faults.reset();
        assertThat(mailboxes.ensureFolder(TENANT_ID, admin, "Mailmoat Quarantine Test")).isEqualTo(folder);
        assertThat(posts("/mailFolders")).isEqualTo(1);
    }

    @Test
    void aDeletedMessageIsNotFoundWithItsErrorCodeAndLocatesAsGone() {
        SimMessage message = deliver("deleted by the user");
        simulator.deleteMessage(TENANT_ID, ADMIN, message.immutableId());
        assertThat(mailboxes.locateMessage(TENANT_ID, admin, message.immutableId())).isEmpty();
        assertThatThrownBy(() -> mailboxes.moveMessage(TENANT_ID, admin, message.immutableId(), "junkemail"))
                .isInstanceOfSatisfying(MicrosoftNotFoundException.class,
                        e -> assertThat(e.errorCode()).isEqualTo("ErrorItemNotFound"));
    }

    @Test
    void microsoftsErrorCodesTellAMissingMailboxADeletedUserAndMissingPermissionApart() {
        assertThatThrownBy(() -> mailboxes.locateMessage(TENANT_ID,
                mailboxes.listMailboxes(TENANT_ID).stream().findFirst().orElseThrow().id().replaceAll(".", "0"), "x"))
                .isInstanceOfSatisfying(MicrosoftNotFoundException.class,
                        e -> assertThat(e.errorCode()).isEqualTo("ErrorInvalidUser"));
        assertThatThrownBy(() -> mailboxes.locateMessage(TENANT_ID, ROBOT, "x"))
                .isInstanceOfSatisfying(MicrosoftNotFoundException.class,
                        e -> assertThat(e.errorCode()).isEqualTo("MailboxNotEnabledForRESTAPI"));

        SimMessage message = deliver("no write permission");
        permissionsChanged = true;
        simulator.grantConsent(TENANT_ID, Set.of("User.Read.All", "Mail.Read"));
        faults.expireAllTokens(); // tokens issued before keep their roles, as Entra's do: make ours fetch a new one
        MailboxGateway readOnly = new MicrosoftAdapters(SharedSimulator.config().withRetryPolicy(RetryPolicy.NONE))
                .mailboxes();
        assertThatThrownBy(() -> readOnly.moveMessage(TENANT_ID, admin, message.immutableId(), "junkemail"))
                .isInstanceOfSatisfying(MicrosoftAccessDeniedException.class,
                        e -> assertThat(e.errorCode()).isEqualTo("ErrorAccessDenied"));
    }
}
