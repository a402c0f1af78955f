package com.mailmoat.modechange;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.mailmoat.core.account.Account;
import com.mailmoat.core.account.Mode;
import com.mailmoat.core.account.Region;
import com.mailmoat.core.directory.DirectoryRepository;
import com.mailmoat.core.policy.ModeChanges;
import com.mailmoat.core.policy.TargetedTo;
import com.mailmoat.core.session.Sessions;
import com.mailmoat.lambda.Json;
import com.mailmoat.testkit.FakeMicrosoft;
import com.mailmoat.testkit.InMemoryAccounts;
import com.mailmoat.testkit.InMemoryDirectory;
import com.mailmoat.testkit.InMemoryTokens;
import com.mailmoat.testkit.MutableClock;
import com.mailmoat.testkit.SampleEvents;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The mode-change sample through its handler: pending until re-consent, upgrade first, validated targets. */
class ModeChangeHandlerTest {
    private static final String CONSOLE = "https://console.mailmoat.example/";
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T17:30:00Z"));
    private final InMemoryAccounts accounts = new InMemoryAccounts();
    private final InMemoryDirectory directory = new InMemoryDirectory();
    private final Sessions sessions = new Sessions(new InMemoryTokens(), clock);
    private final ModeChanges modes = new ModeChanges(accounts, directory, CONSOLE + "api/sso/consent?purpose=reconsent");
    private final ModeChangeHandler handler = new ModeChangeHandler(sessions, modes, CONSOLE);
    private String cookie;

    @BeforeEach
    void aConnectedAccount() {
        accounts.create(Account.signedUp("acct-1", "admin@contoso.example", "Contoso", Region.US, clock.instant()));
        accounts.linkTenant(accounts.findById("acct-1").orElseThrow().withTenant(FakeMicrosoft.TENANT, List.of("contoso.example")));
        cookie = "mm_session=" + sessions.issue("acct-1").token();
        directory.replace("acct-1", List.of(new DirectoryRepository.UserEntry("u1", "adele@contoso.example", "Adele", Set.of("g1"))),
                List.of(new DirectoryRepository.GroupEntry("g1", "Finance", "", 1)), clock.instant());
    }

    private APIGatewayV2HTTPResponse send(String body) {
        APIGatewayV2HTTPEvent event = SampleEvents.http("ModeChangeFunction").get(0).event();
        event.setCookies(List.of(cookie));
        if (body != null) {
            event.setBody(body);
        }
        return handler.handleRequest(event, null);
    }

    @Test
    void theSampleLeavesTheChangePendingWithTheConsentUrlAndReconsentAppliesIt() throws Exception {
        APIGatewayV2HTTPResponse response = send(null);
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(202);
        JsonNode body = Json.MAPPER.readTree(response.getBody());
        assertThat(body.path("pendingMode").asText()).isEqualTo("DISABLED");
        assertThat(body.path("consentUrl").asText()).isEqualTo(CONSOLE + "api/sso/consent?purpose=reconsent");
        assertThat(accounts.findById("acct-1").orElseThrow().mode()).isEqualTo(Mode.THREAT_SCAN_ONLY);

        modes.applyPending("acct-1");
        Account applied = accounts.findById("acct-1").orElseThrow();
        assertThat(applied.mode()).isEqualTo(Mode.DISABLED);
        assertThat(applied.hasPendingMode()).isFalse();
    }

    @Test
    void monitorOrProtectFromThreatScanOnlyIsTheUpgradesJob() {
        APIGatewayV2HTTPResponse response = send("{\"mode\":\"PROTECT\",\"targetedTo\":{\"everyone\":true}}");
        assertThat(response.getStatusCode()).isEqualTo(409);
        assertThat(response.getBody()).contains("\"error\":\"upgrade_required\"");
        assertThat(accounts.findById("acct-1").orElseThrow().hasPendingMode()).isFalse();
    }

    @Test
    void aTargetedGroupChangesWhomTheModeCoversOnceApplied() {
        Account inMonitor = accounts.findById("acct-1").orElseThrow().withMode(Mode.MONITOR, TargetedTo.EVERYONE);
        accounts.update(inMonitor);
        assertThat(send("{\"mode\":\"PROTECT\",\"targetedTo\":{\"groups\":[\"g1\"]}}").getStatusCode()).isEqualTo(202);
        modes.applyPending("acct-1");
        Account applied = accounts.findById("acct-1").orElseThrow();
        assertThat(applied.mode()).isEqualTo(Mode.PROTECT);
        assertThat(applied.targetedTo().includes("adele@contoso.example", Set.of("g1"))).isTrue();
        assertThat(applied.targetedTo().includes("bob@contoso.example", Set.of())).isFalse();
    }

    @Test
    void theModeInForceAsksForNoConsentAndWithdrawsAWaitingChange() throws Exception {
        accounts.update(accounts.findById("acct-1").orElseThrow().withMode(Mode.PROTECT, TargetedTo.EVERYONE));
        APIGatewayV2HTTPResponse same = send("{\"mode\":\"PROTECT\",\"targetedTo\":{\"everyone\":true}}");
        assertThat(same.getStatusCode()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(same.getBody()).path("pendingWithdrawn").asBoolean()).isFalse();
        assertThat(accounts.findById("acct-1").orElseThrow().hasPendingMode()).isFalse();

        assertThat(send("{\"mode\":\"DISABLED\"}").getStatusCode()).isEqualTo(202);
        APIGatewayV2HTTPResponse withdrawn = send("{\"mode\":\"PROTECT\"}");
        assertThat(withdrawn.getStatusCode()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(withdrawn.getBody()).path("pendingWithdrawn").asBoolean()).isTrue();
        Account after = accounts.findById("acct-1").orElseThrow();
        assertThat(after.hasPendingMode()).isFalse();
        assertThat(after.mode()).isEqualTo(Mode.PROTECT);
        modes.applyPending("acct-1");
        assertThat(accounts.findById("acct-1").orElseThrow().mode()).as("nothing left to apply").isEqualTo(Mode.PROTECT);
    }

    @Test
    void badInputIs400WithEveryProblemAndChangesNothing() {
        APIGatewayV2HTTPResponse unknownMode = send("{\"mode\":\"LOUD\",\"targetedTo\":{}}");
        assertThat(unknownMode.getStatusCode()).isEqualTo(400);
        assertThat(unknownMode.getBody()).contains("\"field\":\"mode\"").contains("\"field\":\"targetedTo\"");
        APIGatewayV2HTTPResponse unknownTargets = send("{\"mode\":\"DISABLED\",\"targetedTo\":{\"users\":[\"ghost@contoso.example\"],\"groups\":[\"nope\"]}}");
        assertThat(unknownTargets.getStatusCode()).isEqualTo(400);
        assertThat(unknownTargets.getBody()).contains("targetedTo.users").contains("targetedTo.groups");
        assertThat(accounts.findById("acct-1").orElseThrow().hasPendingMode()).isFalse();
    }

    @Test
    void withoutASessionIs401() {
        APIGatewayV2HTTPEvent event = SampleEvents.http("ModeChangeFunction").get(0).event();
        assertThat(handler.handleRequest(event, null).getStatusCode()).isEqualTo(401);
    }
}
