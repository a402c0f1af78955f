package com.mailmoat.simulator;

import static com.mailmoat.simulator.SimHttp.FABRIKAM;
import static com.mailmoat.simulator.SimHttp.FABRIKAM_ID;
import static com.mailmoat.simulator.SimHttp.PAT;
import static com.mailmoat.simulator.SimHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

class SummaryAndDnsTest {

    private Simulator simulator;
    private SimHttp http;

    @BeforeEach
    void start() {
        simulator = Simulator.start(SimulatorOptions.builder().dnsPort(0).build());
        simulator.loadTenant(FABRIKAM);
        simulator.grantConsent(FABRIKAM_ID);
        http = new SimHttp(simulator);
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void summaryCountsMailboxesMessagesPlantedThreatsAndQuarantinedMail() {
        JsonNode summary = json(http.get(simulator.baseUrl() + "/_sim/tenants/" + FABRIKAM_ID + "/summary", null).body());
        assertThat(summary.get("mailboxes").asInt()).isEqualTo(2);
        assertThat(summary.get("messages").asInt()).isEqualTo(4);
        assertThat(summary.get("plantedThreats").asInt()).isEqualTo(1);
        assertThat(summary.get("quarantined").asInt()).isZero();

        String token = http.appToken(FABRIKAM_ID);
        String folder = json(http.postJson(http.graph("/users/" + PAT + "/mailFolders"), token,
                "{\"displayName\":\"Mailmoat Quarantine\"}").body()).get("id").asText();
        String other = json(http.postJson(http.graph("/users/" + PAT + "/mailFolders"), token,
                "{\"displayName\":\"Receipts\"}").body()).get("id").asText();
        JsonNode messages = json(http.get(http.graph("/users/" + PAT + "/messages?$select=id"), token).body()).get("value");
        http.postJson(http.graph("/users/" + PAT + "/messages/" + messages.get(0).get("id").asText() + "/move"), token,
                "{\"destinationId\":\"" + folder + "\"}");
        http.postJson(http.graph("/users/" + PAT + "/messages/" + messages.get(1).get("id").asText() + "/move"), token,
                "{\"destinationId\":\"" + other + "\"}");

        TenantSummary after = simulator.summary(FABRIKAM_ID);
        assertThat(after.quarantined()).isEqualTo(1);
        assertThat(after.messages()).isEqualTo(4);
        assertThat(after.plantedThreats()).isEqualTo(1);
    }

    @Test
    void messagesLast30DaysCountsOnlyRecentMail() {
        int before = simulator.summary(FABRIKAM_ID).messagesLast30Days();
        simulator.deliver(FABRIKAM_ID, PAT, ("From: a@b.example\r\nTo: " + PAT + "\r\nSubject: fresh\r\n\r\nhi\r\n")
                .getBytes(StandardCharsets.US_ASCII), Instant.now().minus(Duration.ofDays(2)), "inbox");
        simulator.deliver(FABRIKAM_ID, PAT, ("From: a@b.example\r\nTo: " + PAT + "\r\nSubject: old\r\n\r\nhi\r\n")
                .getBytes(StandardCharsets.US_ASCII), Instant.now().minus(Duration.ofDays(45)), "inbox");
        TenantSummary after = simulator.summary(FABRIKAM_ID);
        assertThat(after.messagesLast30Days()).isEqualTo(before + 1);
        assertThat(after.messages()).isEqualTo(6);
    }

    @Test
    void theTenantsDnsMapIsServedAndReplacedThroughTheControlEndpoint() throws Exception {
        assertThat(simulator.dnsPort()).isPositive();
        assertThat(txt("fabrikam-test.example")).containsExactly("v=spf1 include:spf.protection.outlook.com -all");
        assertThat(answers("fabrikam-test.example", Type.MX)).hasSize(1);
        assertThat(rcode("_dmarc.fabrikam-test.example", Type.TXT)).isEqualTo(Rcode.NXDOMAIN);

        HttpResponse<String> put = http.send("PUT", simulator.baseUrl() + "/_sim/tenants/" + FABRIKAM_ID
                + "/dns/_dmarc.fabrikam-test.example", "{\"TXT\": [\"v=DMARC1; p=quarantine\"]}");
        assertThat(put.statusCode()).isEqualTo(204);
        assertThat(txt("_dmarc.fabrikam-test.example")).containsExactly("v=DMARC1; p=quarantine");

        simulator.putDnsRecords(FABRIKAM_ID, "fabrikam-test.example",
                Map.of("TXT", List.of("v=spf1 include:spf.protection.outlook.com include:spf.mailmoat.example -all")));
        assertThat(txt("fabrikam-test.example")).containsExactly(
                "v=spf1 include:spf.protection.outlook.com include:spf.mailmoat.example -all");
        assertThat(answers("fabrikam-test.example", Type.MX)).as("the PUT replaced every type").isEmpty();
    }

    private List<String> txt(String name) throws Exception {
        List<String> values = new ArrayList<>();
        for (Record record : answers(name, Type.TXT)) {
            values.add(String.join("", ((TXTRecord) record).getStrings()));
        }
        return values;
    }

    private List<Record> answers(String name, int type) throws Exception {
        return query(name, type).getSection(Section.ANSWER);
    }

    private int rcode(String name, int type) throws Exception {
        return query(name, type).getRcode();
    }

    private Message query(String name, int type) throws Exception {
        SimpleResolver resolver = new SimpleResolver(new InetSocketAddress("127.0.0.1", simulator.dnsPort()));
        resolver.setTCP(true);
        resolver.setTimeout(Duration.ofSeconds(5));
        return resolver.send(Message.newQuery(Record.newRecord(Name.fromString(name + "."), type, DClass.IN)));
    }
}
