package com.mailmoat.core.consent;

import static org.assertj.core.api.Assertions.assertThat;

import com.mailmoat.core.account.Account;
import com.mailmoat.core.account.Region;
import com.mailmoat.testkit.FakeMicrosoft;
import com.mailmoat.testkit.InMemoryAccounts;
import com.mailmoat.testkit.InMemoryTokens;
import com.mailmoat.testkit.MutableClock;
import com.mailmoat.testkit.RecordingNotificationQueue;
import com.mailmoat.testkit.RecordingScanRequests;
import com.mailmoat.core.microsoft.DirectoryGateway;
import com.mailmoat.core.notify.NotificationKind;
import com.mailmoat.core.session.Session;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The consent round trip's rules, with Microsoft faked at the port. */
class ConsentFlowTest {
    private static final String TENANT = FakeMicrosoft.TENANT;
    private final InMemoryAccounts accounts = new InMemoryAccounts();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    private final RecordingNotificationQueue notifications = new RecordingNotificationQueue();
    private final RecordingScanRequests scanRequests = new RecordingScanRequests();
    private final List<String> scans = scanRequests.requested;
    private final FakeMicrosoft microsoft = new FakeMicrosoft();
    private final InMemoryTokens tokens = new InMemoryTokens();
    private final com.mailmoat.testkit.InMemoryActivityLog activityLog = new com.mailmoat.testkit.InMemoryActivityLog();
    private final ConsentFlow flow = new ConsentFlow(accounts, tokens, microsoft, microsoft,
            notifications, scanRequests, clock).withActivity(new com.mailmoat.core.activity.Activity(activityLog, accounts, clock));
    private final Session session = new Session("acct-1", "session-hash-1", clock.instant().plusSeconds(3600));

    @BeforeEach
    void anAccount() {
        accounts.create(Account.signedUp("acct-1", "admin@contoso.example", "Contoso", Region.US, clock.instant()));
        accounts.create(Account.signedUp("acct-2", "admin@fabrikam.example", "Fabrikam", Region.US, clock.instant()));
    }

    private String stateOf(URI url) {
        return url.getQuery().replaceAll(".*state=([^&]+).*", "$1");
    }

    /** Microsoft's form_post of the sign-in, then the same-origin GET it is redirected to. */
    private ConsentOutcome signIn(Session who, String state, Map<String, String> posted) {
        ConsentOutcome recorded = flow.recordSignIn(posted);
        if (!(recorded instanceof ConsentOutcome.SignInRecorded r)) {
            return recorded;
        }
        assertThat(r.state()).isEqualTo(state);
        return flow.callback(Optional.of(who), Map.of("state", state));
    }

    private ConsentOutcome signIn(Session who, String state) {
        return signIn(who, state, Map.of("code", "code-1", "state", state, "session_state", "s"));
    }

    /** Runs both Microsoft hops for the session and returns the final outcome. */
    private ConsentOutcome connect(Session who) {
        String signInState = stateOf(flow.begin(who, ConsentPurpose.CONNECT_TENANT));
        ConsentOutcome afterSignIn = signIn(who, signInState);
        if (!(afterSignIn instanceof ConsentOutcome.ContinueAt next)) {
            return afterSignIn;
        }
        return flow.callback(Optional.of(who), Map.of("admin_consent", "True", "tenant", TENANT, "state", stateOf(next.url())));
    }

    @Test
    void aGlobalAdministratorLinksTheTenantOnceWithItsVerifiedDomains() {
        assertThat(connect(session)).isEqualTo(new ConsentOutcome.Connected(TENANT, ConsentPurpose.CONNECT_TENANT));
        Account linked = accounts.findById("acct-1").orElseThrow();
        assertThat(linked.tenantId()).isEqualTo(TENANT);
        assertThat(linked.tenantDomains()).containsExactly("contoso.example");
        assertThat(linked.tenantName()).isEqualTo("Contoso");
        assertThat(notifications.last().kind()).isEqualTo(NotificationKind.SSO_CONSENT_GRANTED);
        assertThat(scans).containsExactly("acct-1/" + TENANT);
        assertThat(activityLog.entries("acct-1")).singleElement().satisfies(e -> {
            assertThat(e.actor()).isEqualTo("admin@contoso.example");
            assertThat(e.kind()).isEqualTo(com.mailmoat.core.activity.ActivityKind.MICROSOFT_365_CONNECTED);
            assertThat(e.summary()).startsWith("Connected the Microsoft 365 tenant Contoso (" + TENANT + ")");
        });
    }

    @Test
    void aTenantWhoseNameCannotBeReadIsLinkedAllTheSame() {
        microsoft.organizationFails = true;
        assertThat(connect(session)).isEqualTo(new ConsentOutcome.Connected(TENANT, ConsentPurpose.CONNECT_TENANT));
        Account linked = accounts.findById("acct-1").orElseThrow();
        assertThat(linked.tenantId()).isEqualTo(TENANT);
        assertThat(linked.tenantName()).isNull();
    }

    @Test
    void aTenantLinkedToAnotherAccountIsRefusedRightAfterSignInBeforeTheConsentPage() {
        connect(session);
        Session other = new Session("acct-2", "session-hash-2", clock.instant().plusSeconds(3600));

        ConsentOutcome afterSignIn = signIn(other, stateOf(flow.begin(other, ConsentPurpose.CONNECT_TENANT)));

        assertThat(afterSignIn).as("not sent on to Microsoft's admin-consent page")
                .isInstanceOfSatisfying(ConsentOutcome.Refused.class,
                        r -> assertThat(r.reason()).isEqualTo(ConsentOutcome.Reason.TENANT_LINKED_ELSEWHERE));
        assertThat(accounts.findById("acct-2").orElseThrow().tenantId()).isNull();
        assertThat(scans).hasSize(1);
    }

    @Test
    void theTenantsOwnerIsToldOfAnAttemptOnceAnHourWithNothingOfTheAccountThatAsked() {
        connect(session);
        Session other = new Session("acct-2", "session-hash-2", clock.instant().plusSeconds(3600));

        connect(other);
        connect(other);

        List<com.mailmoat.core.notify.NotificationRequest> told = notifications.sent.stream()
                .filter(n -> n.kind() == NotificationKind.TENANT_LINK_ATTEMPTED).toList();
        assertThat(told).hasSize(2);
        assertThat(told).extracting(com.mailmoat.core.notify.NotificationRequest::notificationId)
                .as("one id within the hour: the notification service delivers it once").containsOnly(told.get(0).notificationId());
        com.mailmoat.core.notify.NotificationRequest notice = told.get(0);
        assertThat(notice.accountId()).isEqualTo("acct-1");
        assertThat(notice.recipient()).isEqualTo("admin@contoso.example");
        assertThat(notice.params()).containsEntry("signedInAs", "admin@contoso.example").containsEntry("tenantId", TENANT);
        String email = com.mailmoat.core.notify.EmailTemplates.render(notice).text();
        assertThat(email).contains("another Mailmoat account").contains("refused")
                .doesNotContain("fabrikam").doesNotContain("Fabrikam").doesNotContain("acct-2");

        clock.advance(Duration.ofHours(1));
        connect(other);
        assertThat(notifications.sent.stream().filter(n -> n.kind() == NotificationKind.TENANT_LINK_ATTEMPTED)
                .map(com.mailmoat.core.notify.NotificationRequest::notificationId).distinct()).as("a new hour, a new notice").hasSize(2);
    }

    @Test
    void reconnectingTheAccountsOwnTenantTellsNobodyOfAnAttempt() {
        connect(session);
        String state = stateOf(flow.begin(session, ConsentPurpose.RECONSENT));
        assertThat(signIn(session, state)).isInstanceOf(ConsentOutcome.ContinueAt.class);
        assertThat(notifications.sent).noneMatch(n -> n.kind() == NotificationKind.TENANT_LINK_ATTEMPTED);
    }

    @Test
    void aStateExpiresAfterFifteenMinutes() {
        String state = stateOf(flow.begin(session, ConsentPurpose.CONNECT_TENANT));
        clock.advance(Duration.ofMinutes(15));
        assertThat(signIn(session, state))
                .isInstanceOfSatisfying(ConsentOutcome.Refused.class,
                        r -> assertThat(r.reason()).isEqualTo(ConsentOutcome.Reason.INVALID_STATE));
    }

    @Test
    void aSignInStateCannotBeUsedAsAConsentState() {
        String state = stateOf(flow.begin(session, ConsentPurpose.CONNECT_TENANT));
        ConsentOutcome outcome = flow.callback(Optional.of(session),
                Map.of("admin_consent", "True", "tenant", TENANT, "state", state));
        assertThat(outcome).isInstanceOf(ConsentOutcome.Refused.class);
        assertThat(accounts.findById("acct-1").orElseThrow().tenantId()).isNull();
    }

    @Test
    void nonAdministratorsAndTrialTenantsAreRefusedAndNothingIsLinked() {
        microsoft.roles = Set.of();
        assertThat(connect(session)).isInstanceOfSatisfying(ConsentOutcome.Refused.class,
                r -> assertThat(r.reason()).isEqualTo(ConsentOutcome.Reason.NOT_GLOBAL_ADMIN));
        microsoft.roles = Set.of(DirectoryGateway.GLOBAL_ADMINISTRATOR_ROLE_TEMPLATE_ID);
        microsoft.trial = true;
        assertThat(connect(session)).isInstanceOfSatisfying(ConsentOutcome.Refused.class,
                r -> assertThat(r.message()).isEqualTo("Microsoft trial tenants are not supported. Connect a tenant "
                        + "with a paid Microsoft 365 subscription."));
        assertThat(accounts.findById("acct-1").orElseThrow().tenantId()).isNull();
        assertThat(scans).isEmpty();
        assertThat(notifications.sent).isEmpty();
    }

    @Test
    void reconsentForTheLinkedTenantStartsNoSecondScan() {
        connect(session);
        String state = stateOf(flow.begin(session, ConsentPurpose.RECONSENT));
        ConsentOutcome.ContinueAt next = (ConsentOutcome.ContinueAt) signIn(session, state);
        assertThat(flow.callback(Optional.of(session), Map.of("admin_consent", "True", "tenant", TENANT,
                "state", stateOf(next.url())))).isEqualTo(new ConsentOutcome.Connected(TENANT, ConsentPurpose.RECONSENT));
        assertThat(scans).hasSize(1);
        assertThat(activityLog.entries("acct-1")).as("connected once; re-consent is not a second connection").hasSize(1);
    }

    private static void assertRefused(ConsentOutcome outcome, ConsentOutcome.Reason reason) {
        assertThat(outcome).isInstanceOfSatisfying(ConsentOutcome.Refused.class, r -> assertThat(r.reason()).isEqualTo(reason));
    }

    /** Finding 7: the state was spent before the session check, so anyone holding the URL could cancel the flow. */
    @Test
    void presentingSomeoneElsesStateNeitherUsesNorSpendsIt() {
        String state = stateOf(flow.begin(session, ConsentPurpose.CONNECT_TENANT));
        assertThat(flow.recordSignIn(Map.of("code", "code-1", "state", state))).isInstanceOf(ConsentOutcome.SignInRecorded.class);
        Session attacker = new Session("acct-2", "session-hash-2", clock.instant().plusSeconds(3600));

        assertRefused(flow.callback(Optional.of(attacker), Map.of("state", state)), ConsentOutcome.Reason.INVALID_STATE);
        assertRefused(flow.callback(Optional.empty(), Map.of("state", state)), ConsentOutcome.Reason.NO_SESSION);
        Session sameAccountOtherSession = new Session("acct-1", "session-hash-other", clock.instant().plusSeconds(3600));
        assertRefused(flow.callback(Optional.of(sameAccountOtherSession), Map.of("state", state)),
                ConsentOutcome.Reason.INVALID_STATE);

        // The administrator's own browser still completes the step...
        assertThat(flow.callback(Optional.of(session), Map.of("state", state))).isInstanceOf(ConsentOutcome.ContinueAt.class);
        // ...once: states are single use.
        assertRefused(flow.callback(Optional.of(session), Map.of("state", state)), ConsentOutcome.Reason.INVALID_STATE);
    }

    /** Finding 6: the code travels in the posted form, never in a URL; a code in the query is not used. */
    @Test
    void aSignInCodeInTheQueryStringIsNotUsed() {
        String state = stateOf(flow.begin(session, ConsentPurpose.CONNECT_TENANT));
        assertRefused(flow.callback(Optional.of(session), Map.of("code", "code-1", "state", state)),
                ConsentOutcome.Reason.SIGN_IN_FAILED);
        assertThat(accounts.findById("acct-1").orElseThrow().tenantId()).isNull();
    }

    @Test
    void theSignInAnswerIsRecordedOnceAndNothingIsLinkedWithoutTheSession() {
        String state = stateOf(flow.begin(session, ConsentPurpose.CONNECT_TENANT));
        assertThat(flow.recordSignIn(Map.of("code", "code-1", "state", state))).isInstanceOf(ConsentOutcome.SignInRecorded.class);
        // A second post for the same state (someone who learnt it) cannot replace the answer.
        assertRefused(flow.recordSignIn(Map.of("code", "attacker-code", "state", state)), ConsentOutcome.Reason.INVALID_STATE);
        assertThat(tokens.all().values()).anySatisfy(t -> assertThat(t.attributes()).containsEntry("result.code", "code-1"));
        // Posts for unknown, expired or admin-consent states, or without a code, record nothing.
        assertRefused(flow.recordSignIn(Map.of("code", "c", "state", "forged")), ConsentOutcome.Reason.INVALID_STATE);
        assertRefused(flow.recordSignIn(Map.of("code", "c")), ConsentOutcome.Reason.INVALID_STATE);
        assertRefused(flow.recordSignIn(Map.of("state", "x".repeat(500))), ConsentOutcome.Reason.INVALID_STATE);
        String other = stateOf(flow.begin(session, ConsentPurpose.CONNECT_TENANT));
        assertRefused(flow.recordSignIn(Map.of("state", other)), ConsentOutcome.Reason.SIGN_IN_FAILED);
        assertThat(accounts.findById("acct-1").orElseThrow().tenantId()).isNull();
    }

    @Test
    void aSignInErrorPostedByMicrosoftEndsTheFlowAsDenied() {
        String state = stateOf(flow.begin(session, ConsentPurpose.CONNECT_TENANT));
        assertRefused(signIn(session, state, Map.of("error", "access_denied", "error_description", "AADSTS65004\r\nx",
                "state", state)), ConsentOutcome.Reason.DENIED_BY_MICROSOFT);
    }
}
