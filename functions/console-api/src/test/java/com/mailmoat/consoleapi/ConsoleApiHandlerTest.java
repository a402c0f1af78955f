package com.mailmoat.consoleapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.mailmoat.core.account.Account;
import com.mailmoat.core.account.AccountService;
import com.mailmoat.core.account.Region;
import com.mailmoat.core.checks.OutboundRegions;
import com.mailmoat.core.checks.SetupChecks;
import com.mailmoat.core.domains.DomainVerification;
import com.mailmoat.core.session.Sessions;
import com.mailmoat.core.setup.LiveDomainEvidence;
import com.mailmoat.core.setup.SetupChecklist;
import com.mailmoat.lambda.Json;
import com.mailmoat.lambda.http.SessionRoutes;
import com.mailmoat.testkit.InMemoryAccounts;
import com.mailmoat.testkit.InMemoryDns;
import com.mailmoat.testkit.InMemoryDomains;
import com.mailmoat.testkit.InMemoryInAppNotifications;
import com.mailmoat.testkit.InMemoryTokens;
import com.mailmoat.testkit.MutableClock;
import com.mailmoat.testkit.SampleEvents;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The console-api function's sample events through its handler, signed in as a test account. */
class ConsoleApiHandlerTest {
    private static final String CONSOLE = "https://console.mailmoat.example/";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T17:30:00Z"));
    private final InMemoryAccounts accounts = new InMemoryAccounts();
    private final Sessions sessions = new Sessions(new InMemoryTokens(), clock);
    private final ConsoleApiHandler handler;
    private String sessionCookie;

    ConsoleApiHandlerTest() {
        InMemoryDns dns = new InMemoryDns();
        DomainVerification domains = new DomainVerification(new InMemoryDomains(), dns);
        SetupChecks checks = new SetupChecks(dns, OutboundRegions.defaults());
        AccountService accountService = new AccountService(accounts,
                new SetupChecklist(new LiveDomainEvidence(domains, checks)), clock);
        handler = new ConsoleApiHandler(sessions, SessionRoutes.of(
                new AccountRoutes(accountService, new InMemoryInAppNotifications()),
                new DomainRoutes(accounts, domains, checks)), CONSOLE);
    }

    @BeforeEach
    void signedIn() {
        accounts.create(Account.signedUp("acct-1", "admin@contoso.example", "Contoso", Region.US, clock.instant()));
        sessionCookie = "mm_session=" + sessions.issue("acct-1").token();
    }

    static List<SampleEvents.Sample<APIGatewayV2HTTPEvent>> samples() {
        return SampleEvents.http("ConsoleApiFunction");
    }

    private APIGatewayV2HTTPResponse send(APIGatewayV2HTTPEvent event, String cookie) {
        event.setCookies(cookie == null ? null : List.of(cookie));
        return handler.handleRequest(event, null);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void everySampleSucceedsWithASessionAndIs401WithoutOne(SampleEvents.Sample<APIGatewayV2HTTPEvent> sample) throws Exception {
        APIGatewayV2HTTPResponse response = send(sample.event(), sessionCookie);
        assertThat(response.getStatusCode()).as(sample.name() + ": " + response.getBody()).isBetween(200, 299);
        assertThat(Json.MAPPER.readTree(response.getBody()).isObject()).isTrue();

        APIGatewayV2HTTPResponse anonymous = send(sample.event(), null);
        assertThat(anonymous.getStatusCode()).isEqualTo(401);
        assertThat(anonymous.getBody()).contains("\"error\":\"unauthorized\"");
    }

    @Test
    void theAccountIsTheSessionsOwn() throws Exception {
        JsonNode body = Json.MAPPER.readTree(send(SampleEvents.httpSample("ConsoleApiFunction.json"), sessionCookie).getBody());
        assertThat(body.path("email").asText()).isEqualTo("admin@contoso.example");
        assertThat(body.path("mode").asText()).isEqualTo("THREAT_SCAN_ONLY");
        assertThat(body.path("setup").isArray()).isTrue();
    }

    @Test
    void addingADomainAnswers201WithTheTxtRecordToPublish() throws Exception {
        APIGatewayV2HTTPResponse response = send(SampleEvents.httpSample("ConsoleApiFunction-add-domain.json"), sessionCookie);
        assertThat(response.getStatusCode()).isEqualTo(201);
        JsonNode body = Json.MAPPER.readTree(response.getBody());
        assertThat(body.path("domain").asText()).isEqualTo("contoso.example");
        assertThat(body.path("txtValue").asText()).startsWith("mailmoat-verification=");
    }

    @Test
    void anInvalidDomainIs400NamingTheField() {
        APIGatewayV2HTTPEvent event = SampleEvents.httpSample("ConsoleApiFunction-add-domain.json");
        event.setBody("{\"domain\":\"not a domain\"}");
        APIGatewayV2HTTPResponse response = send(event, sessionCookie);
        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(response.getBody()).contains("\"field\":\"domain\"");
    }

    /** Finding 4: verifying "..", "localhost", CR LF or "-a.example" was a 500. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"..", "localhost", "\r\n", "-a.example", "a..b",
            "a/b", "", " ", "\u0000", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.example", "<script>", "xn--", "a.b-", "%0D%0A", "é.example"})
    void verifyingSomethingThatIsNoDomainIs400Or404(String domain) {
        APIGatewayV2HTTPEvent event = SampleEvents.httpSample("ConsoleApiFunction-add-domain.json");
        event.setRouteKey("POST /api/domains/{domain}/verify");
        event.setRawPath("/api/domains/x/verify");
        event.setBody("{}");
        event.setPathParameters(java.util.Map.of("domain", domain));
        APIGatewayV2HTTPResponse response = send(event, sessionCookie);
        assertThat(response.getStatusCode()).as(domain).isIn(400, 404);
        assertThat(response.getBody()).contains("\"error\"").doesNotContain("<script>");
    }
}
