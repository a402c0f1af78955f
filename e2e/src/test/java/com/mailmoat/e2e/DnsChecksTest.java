package com.mailmoat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The demo tenant's DNS, served by the simulator, is realistic: Microsoft's SPF record plus a second
 * one an on-premises relay left behind, and no DMARC. An administrator proves ownership, sees the
 * real problems with the records to publish, publishes them at "their DNS host" (the simulator) and
 * sees the checks pass. The stack runs as deployed by default, without outbound delivery: the SPF
 * check wants one sound record and never Mailmoat's include.
 */
class DnsChecksTest {

    @Test
    void theDemoZonesProblemsAreShownWithFixesAndPassOncePublished() throws Exception {
        Browser console = SignupJourneyTest.signedInAdmin(SignupJourneyTest.newEmail());
        String upn = LocalStack.get().startupValue("Demo Microsoft 365 admin");
        String domain = upn.substring(upn.indexOf('@') + 1);
        String tenantId = demoTenantId();

        Browser.Response added = console.postJson("/api/domains", Map.of("domain", domain.toUpperCase()));
        assertThat(added.status()).as(added.toString()).isEqualTo(201);
        assertThat(added.json().path("domain").asText()).isEqualTo(domain);
        assertThat(added.json().path("state").asText()).isEqualTo("PENDING");
        String token = added.json().path("txtValue").asText();
        assertThat(token).startsWith("mailmoat-verification=");
        assertThat(console.postJson("/api/domains", Map.of("domain", "not a domain")).status()).isEqualTo(400);

        Browser.Response notYet = console.postJson("/api/domains/" + domain + "/verify", Map.of());
        assertThat(notYet.status()).isEqualTo(200);
        assertThat(notYet.json().path("outcome").asText()).isEqualTo("ABSENT");
        assertThat(notYet.json().path("state").asText()).isEqualTo("PENDING");
        assertThat(console.get("/api/checks").json().path("checks")).isEmpty();

        // Publish the token beside what the zone already has.
        List<String> apexTxt = dig(domain);
        assertThat(apexTxt).anyMatch(t -> t.startsWith("v=spf1"));
        String mx = "0 " + domain.replace('.', '-') + ".mail.protection.outlook.com";
        List<String> withToken = new ArrayList<>(apexTxt);
        withToken.add(token);
        publish(tenantId, domain, Map.of("TXT", withToken, "MX", List.of(mx)));

        Browser.Response verified = console.postJson("/api/domains/" + domain + "/verify", Map.of());
        assertThat(verified.json().path("outcome").asText()).as(verified.toString()).isEqualTo("VERIFIED");
        assertThat(console.get("/api/domains").json().path("domains").toString()).contains("\"state\":\"VERIFIED\"");

        JsonNode checks = console.get("/api/checks").json().path("checks");
        JsonNode spf = byId(checks, "spf:" + domain);
        JsonNode dmarc = byId(checks, "dmarc:" + domain);
        JsonNode mxCheck = byId(checks, "mx:" + domain);
        assertThat(spf.path("status").asText()).isEqualTo("FAIL");
        assertThat(spf.path("message").asText()).contains("2 SPF records").doesNotContain("Mailmoat sends")
                .doesNotContain("mailmoat.example");
        assertThat(spf.path("evidence").toString()).as(spf.toString()).contains("include:spf.protection.outlook.com")
                .contains("ip4:203.0.113.200");
        // The fix folds the two records into one, keeping both senders; nothing of Mailmoat's is added.
        assertThat(spf.path("fix").asText()).as(spf.toString())
                .isEqualTo("v=spf1 include:spf.protection.outlook.com ip4:203.0.113.200 -all");
        assertThat(spf.path("fixName").asText()).isEqualTo(domain);
        assertThat(dmarc.path("status").asText()).isEqualTo("FAIL");
        assertThat(dmarc.path("fix").asText()).startsWith("v=DMARC1");
        assertThat(mxCheck.path("status").asText()).isEqualTo("PASS");
        JsonNode dkim = byId(checks, "dkim:" + domain);
        assertThat(dkim.path("status").asText()).as(dkim.toString()).isEqualTo("WARN");
        assertThat(dkim.path("message").asText()).contains("Defender portal");
        assertThat(stepState(console, "domains-validated")).isEqualTo("DONE");
        assertThat(stepState(console, "spf-include")).isEqualTo("TODO");
        assertThat(stepTitle(console, "spf-include")).isEqualTo("Publish a sound SPF record");

        List<String> fixedTxt = new ArrayList<>(apexTxt.stream().filter(t -> !t.startsWith("v=spf1")).toList());
        fixedTxt.add(spf.path("fix").asText());
        fixedTxt.add(token);
        publish(tenantId, domain, Map.of("TXT", fixedTxt, "MX", List.of(mx)));
        publish(tenantId, dmarc.path("fixName").asText(), Map.of("TXT", List.of(dmarc.path("fix").asText())));

        // The two CNAMEs the Defender portal shows for the domain (the newer form of their target).
        for (String selector : List.of("selector1", "selector2")) {
            publish(tenantId, selector + "._domainkey." + domain, Map.of("CNAME", List.of(selector + "-"
                    + domain.replace('.', '-') + "._domainkey.journeytenant.n-v1.dkim.mail.microsoft")));
        }

        JsonNode after = console.get("/api/checks").json().path("checks");
        assertThat(byId(after, "dkim:" + domain).path("status").asText()).as(after.toString()).isEqualTo("PASS");
        assertThat(byId(after, "spf:" + domain).path("status").asText()).as(after.toString()).isEqualTo("PASS");
        assertThat(byId(after, "spf:" + domain).path("fix").isNull()).isTrue();
        assertThat(byId(after, "spf:" + domain).path("message").asText()).contains("sends no mail as " + domain);
        assertThat(byId(after, "dmarc:" + domain).path("status").asText()).as(after.toString()).isIn("PASS", "WARN");
        // The monitoring record is in place: enforcing is offered only for when the reports show it is safe.
        assertThat(byId(after, "dmarc:" + domain).path("fixWhen").asText())
                .isEqualTo("your DMARC reports show that every service sending as " + domain + " passes");
        assertThat(stepState(console, "spf-include")).isEqualTo("DONE");
        assertThat(stepState(console, "dmarc")).isEqualTo("DONE");

        // Another tenant's administrator sees none of it, and cannot verify what they never added.
        Browser stranger = SignupJourneyTest.signedInAdmin(SignupJourneyTest.newEmail());
        assertThat(stranger.get("/api/domains").json().path("domains")).isEmpty();
        assertThat(stranger.get("/api/checks").json().path("checks")).isEmpty();
        assertThat(stranger.postJson("/api/domains/" + domain + "/verify", Map.of()).status()).isEqualTo(404);
        assertThat(stepState(stranger, "domains-validated")).isEqualTo("TODO");
    }

    /** The TXT strings published at {@code name} in the simulated DNS. */
    private static List<String> dig(String name) throws Exception {
        String[] address = LocalStack.get().startupValue("Simulated DNS").split(":");
        org.xbill.DNS.SimpleResolver resolver = new org.xbill.DNS.SimpleResolver(address[0]);
        resolver.setPort(Integer.parseInt(address[1]));
        org.xbill.DNS.Message response = resolver.send(org.xbill.DNS.Message.newQuery(org.xbill.DNS.Record.newRecord(
                org.xbill.DNS.Name.fromString(name + "."), org.xbill.DNS.Type.TXT, org.xbill.DNS.DClass.IN)));
        List<String> txt = new ArrayList<>();
        for (org.xbill.DNS.Record record : response.getSection(org.xbill.DNS.Section.ANSWER)) {
            if (record instanceof org.xbill.DNS.TXTRecord t) {
                txt.add(String.join("", t.getStrings()));
            }
        }
        return txt;
    }

    private static JsonNode byId(JsonNode checks, String id) {
        for (JsonNode check : checks) {
            if (check.path("id").asText().equals(id)) {
                return check;
            }
        }
        throw new AssertionError("No check " + id + " in " + checks);
    }

    private static String stepState(Browser console, String step) {
        return step(console, step).path("state").asText();
    }

    private static String stepTitle(Browser console, String step) {
        return step(console, step).path("title").asText();
    }

    private static JsonNode step(Browser console, String step) {
        for (JsonNode s : console.get("/api/setup").json().path("steps")) {
            if (s.path("id").asText().equals(step)) {
                return s;
            }
        }
        throw new AssertionError("No step " + step);
    }

    private static String simulator() {
        String base = LocalStack.get().startupValue("Microsoft 365 simulator");
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    /** The unconnected demo tenant's id, as the runtime prints it ("Demo Microsoft 365 tenant: <id> <domain>"). */
    private static String demoTenantId() {
        String[] tenant = LocalStack.get().startupValue("Demo Microsoft 365 tenant").split(" ");
        String upn = LocalStack.get().startupValue("Demo Microsoft 365 admin");
        assertThat(tenant[1]).as("the printed domain is the printed admin's").isEqualTo(upn.substring(upn.indexOf('@') + 1));
        return tenant[0];
    }

    /** What an administrator does at their DNS host: replace a name's records. */
    static void publish(String tenantId, String name, Map<String, List<String>> records) throws Exception {
        HttpResponse<String> response = simulatorHttp().send(HttpRequest.newBuilder(
                        URI.create(simulator() + "/_sim/tenants/" + tenantId + "/dns/" + name))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(Browser.write(records))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 204);
    }

    private static HttpClient simulatorHttp() {
        return MicrosoftConsentTest.MICROSOFT;
    }
}
