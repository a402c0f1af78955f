package com.mailmoat.adapters.dns;

import static org.assertj.core.api.Assertions.assertThat;

import com.mailmoat.core.account.Region;
import com.mailmoat.core.checks.Check;
import com.mailmoat.core.checks.CheckStatus;
import com.mailmoat.core.checks.OutboundRegions;
import com.mailmoat.core.checks.SetupChecks;
import com.mailmoat.dnsserver.LoopbackDnsServer;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The setup checks end to end: the real dnsjava resolver against a loopback DNS server serving
 * the zones an administrator might publish, including Mailmoat's own include records. SPF here is
 * checked as a deployment with outbound delivery does (the region's include is required);
 * {@link SpfOwnRecordOverDnsTest} checks it as the default deployment does.
 */
class SetupChecksOverDnsTest {
    private static final String DOMAIN = "contoso.example";
    private final OutboundRegions regions = OutboundRegions.defaults().withOutboundDelivery(true);
    private LoopbackDnsServer server;
    private SetupChecks checks;

    @BeforeEach
    void start() throws IOException {
        server = LoopbackDnsServer.start(0);
        regions.includeZoneRecords().forEach(server::putRecords);
        checks = new SetupChecks(DnsJavaResolver.forServer(server.address(), Duration.ofMillis(800), 1), regions);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private void txt(String name, String... values) {
        server.putRecords(name, Map.of("TXT", List.of(values)));
    }

    /** Publishes a check's fix, as the administrator would at their DNS host. */
    private void publish(Check check) {
        assertThat(check.fix()).as("fix of %s", check.id()).isNotNull();
        txt(check.fixName(), check.fix());
    }

    @Test
    void spfPassesWhenTheRegionIncludeIsPublished() {
        txt(DOMAIN, "v=spf1 include:_spf.contoso.example include:spf-us.mailmoat.example -all");
        txt("_spf.contoso.example", "v=spf1 ip4:203.0.113.200 -all");

        Check spf = checks.spf(DOMAIN, Region.US);

        assertThat(spf.id()).isEqualTo("spf:contoso.example");
        assertThat(spf.status()).isEqualTo(CheckStatus.PASS);
        assertThat(spf.message()).contains("-all").contains("2 of the 10 DNS lookups");
        assertThat(spf.evidence()).containsExactly(
                "contoso.example TXT \"v=spf1 include:_spf.contoso.example include:spf-us.mailmoat.example -all\"");
        assertThat(spf.fix()).isNull();
    }

    @Test
    void softFailIsExplainedAsTheRelaxedStart() {
        txt(DOMAIN, "v=spf1 include:spf-uk.mailmoat.example ~all");

        Check spf = checks.spf(DOMAIN, Region.UK);

        assertThat(spf.status()).isEqualTo(CheckStatus.PASS);
        assertThat(spf.message()).contains("~all").contains("-all");
    }

    @Test
    void missingIncludeFailsWithTheMergedRecordWhichThenPasses() {
        txt(DOMAIN, "v=spf1 ip4:203.0.113.200 mx ~all", "google-site-verification=abc");

        Check spf = checks.spf(DOMAIN, Region.US);

        assertThat(spf.status()).isEqualTo(CheckStatus.FAIL);
        assertThat(spf.message()).contains("spf-us.mailmoat.example").contains("softfail");
        assertThat(spf.fix()).isEqualTo("v=spf1 ip4:203.0.113.200 mx include:spf-us.mailmoat.example ~all");
        assertThat(spf.fixName()).isEqualTo(DOMAIN);

        server.putRecords(DOMAIN, Map.of("TXT", List.of(spf.fix(), "google-site-verification=abc")));
        assertThat(checks.spf(DOMAIN, Region.US).status()).isEqualTo(CheckStatus.PASS);
    }

    @Test
    void anotherRegionsIncludeIsNamed() {
        txt(DOMAIN, "v=spf1 include:spf-de.mailmoat.example -all");

        Check spf = checks.spf(DOMAIN, Region.ZA);

        assertThat(spf.status()).isEqualTo(CheckStatus.FAIL);
        assertThat(spf.message()).contains("spf-de.mailmoat.example").contains("South Africa");
        assertThat(spf.fix()).isEqualTo(
                "v=spf1 include:spf-de.mailmoat.example include:spf-za.mailmoat.example -all");
    }

    @Test
    void noSpfRecordFailsWithARecordToPublish() {
        txt(DOMAIN, "some-other-verification=1");

        Check spf = checks.spf(DOMAIN, Region.CA);

        assertThat(spf.status()).isEqualTo(CheckStatus.FAIL);
        assertThat(spf.fix()).isEqualTo("v=spf1 include:spf-ca.mailmoat.example ~all");
        publish(spf);
        assertThat(checks.spf(DOMAIN, Region.CA).status()).isEqualTo(CheckStatus.PASS);
    }

    @Test
    void twoSpfRecordsAreMergedIntoOne() {
        txt(DOMAIN, "v=spf1 ip4:203.0.113.200 -all", "v=spf1 include:_spf.contoso.example ~all");
        txt("_spf.contoso.example", "v=spf1 ip4:203.0.113.201 -all");

        Check spf = checks.spf(DOMAIN, Region.AU);

        assertThat(spf.status()).isEqualTo(CheckStatus.FAIL);
        assertThat(spf.message()).contains("2 SPF records");
        assertThat(spf.evidence()).hasSize(2);
        assertThat(spf.fix()).isEqualTo(
                "v=spf1 ip4:203.0.113.200 include:_spf.contoso.example include:spf-au.mailmoat.example -all");
        publish(spf);
        assertThat(checks.spf(DOMAIN, Region.AU).status()).isEqualTo(CheckStatus.PASS);
    }

    @Test
    void elevenLookupsThroughNestedIncludesFail() {
        // contoso → n1 → n2 → ... → n9, each one include: 10 lookups, plus a final "a" = 11.
        txt(DOMAIN, "v=spf1 include:n1.contoso.example include:spf-us.mailmoat.example -all");
        for (int i = 1; i < 10; i++) {
            txt("n" + i + ".contoso.example", "v=spf1 include:n" + (i + 1) + ".contoso.example -all");
        }
        server.putRecords("n10.contoso.example", Map.of("TXT", List.of("v=spf1 a -all"), "A", List.of("203.0.113.9")));

        Check spf = checks.spf(DOMAIN, Region.US);

        assertThat(spf.status()).isEqualTo(CheckStatus.FAIL);
        assertThat(spf.message()).contains("more than 10 DNS lookups");
        assertThat(spf.fix()).isNull();
    }

    @Test
    void threeVoidLookupsFail() {
        txt(DOMAIN, "v=spf1 a:gone1.contoso.example a:gone2.contoso.example a:gone3.contoso.example "
                + "include:spf-us.mailmoat.example -all");

        Check spf = checks.spf(DOMAIN, Region.US);

        assertThat(spf.status()).isEqualTo(CheckStatus.FAIL);
        assertThat(spf.message()).contains("more than 2 DNS lookups found nothing");
    }

    @Test
    void includeLoopFails() {
        txt(DOMAIN, "v=spf1 include:_spf.contoso.example include:spf-us.mailmoat.example -all");
        txt("_spf.contoso.example", "v=spf1 include:contoso.example -all");

        Check spf = checks.spf(DOMAIN, Region.US);

        assertThat(spf.status()).isEqualTo(CheckStatus.FAIL);
        assertThat(spf.message()).contains("loop").contains("_spf.contoso.example");
    }

    @Test
    void plusAllIsFlaggedAndQuestionAllWarned() {
        txt(DOMAIN, "v=spf1 include:spf-us.mailmoat.example +all");
        Check plusAll = checks.spf(DOMAIN, Region.US);
        assertThat(plusAll.status()).isEqualTo(CheckStatus.FAIL);
        assertThat(plusAll.message()).contains("+all");
        assertThat(plusAll.fix()).isEqualTo("v=spf1 include:spf-us.mailmoat.example ~all");

        txt(DOMAIN, "v=spf1 include:spf-us.mailmoat.example ?all");
        Check neutral = checks.spf(DOMAIN, Region.US);
        assertThat(neutral.status()).isEqualTo(CheckStatus.WARN);
        assertThat(neutral.fix()).isEqualTo("v=spf1 include:spf-us.mailmoat.example ~all");
    }

    @Test
    void dmarcAtTheOrganizationalDomainCoversASubdomain() {
        txt("_dmarc.contoso.example", "v=DMARC1; p=reject; sp=quarantine; rua=mailto:reports@contoso.example");
        server.putRecords("mail.contoso.example", Map.of("A", List.of("203.0.113.5")));

        Check dmarc = checks.dmarc("mail.contoso.example");

        assertThat(dmarc.id()).isEqualTo("dmarc:mail.contoso.example");
        assertThat(dmarc.status()).isEqualTo(CheckStatus.PASS);
        assertThat(dmarc.message()).contains("organizational domain contoso.example").contains("sp=quarantine")
                .contains("reports@contoso.example");
        assertThat(dmarc.evidence()).containsExactly(
                "_dmarc.contoso.example TXT \"v=DMARC1; p=reject; sp=quarantine; rua=mailto:reports@contoso.example\"");
    }

    @Test
    void missingDmarcFailsWithAMonitoringRecordFirstThenTheEnforcingOneThatPasses() {
        txt(DOMAIN, "v=spf1 -all");

        Check dmarc = checks.dmarc(DOMAIN);

        assertThat(dmarc.status()).isEqualTo(CheckStatus.FAIL);
        assertThat(dmarc.fixName()).isEqualTo("_dmarc.contoso.example");
        assertThat(dmarc.fix()).as("monitor first: enforcing at once could send the domain's own mail to spam")
                .isEqualTo("v=DMARC1; p=none; rua=mailto:dmarc-reports@contoso.example");
        publish(dmarc);
        assertThat(dmarc.fixWhen()).as("the monitoring record is safe to publish at once").isNull();
        Check monitoring = checks.dmarc(DOMAIN);
        assertThat(monitoring.status()).isEqualTo(CheckStatus.WARN);
        assertThat(monitoring.fix()).isEqualTo("v=DMARC1; p=quarantine; rua=mailto:dmarc-reports@contoso.example");
        assertThat(monitoring.fixWhen()).as("enforcing waits for the reports, which Mailmoat does not read")
                .isEqualTo("your DMARC reports show that every service sending as contoso.example passes");
        assertThat(monitoring.message()).contains("This is the right first step").contains("usually after a few weeks");
        publish(monitoring);
        assertThat(checks.dmarc(DOMAIN).status()).isEqualTo(CheckStatus.PASS);
    }

    @Test
    void policyNoneIsExplainedWithAnEnforcingRecord() {
        txt("_dmarc.contoso.example", "v=DMARC1; p=none; rua=mailto:d@contoso.example; adkim=s");

        Check dmarc = checks.dmarc(DOMAIN);

        assertThat(dmarc.status()).isEqualTo(CheckStatus.WARN);
        assertThat(dmarc.message()).contains("p=none only monitors").contains("DKIM strict");
        assertThat(dmarc.fix()).isEqualTo("v=DMARC1; p=quarantine; rua=mailto:d@contoso.example; adkim=s");
        assertThat(dmarc.fixWhen()).isNotNull();
    }

    @Test
    void policyNoneWithoutReportsAsksForReportsBeforeAnyEnforcing() {
        txt("_dmarc.contoso.example", "v=DMARC1; p=none; adkim=s");

        Check dmarc = checks.dmarc(DOMAIN);

        assertThat(dmarc.status()).isEqualTo(CheckStatus.WARN);
        assertThat(dmarc.message()).contains("No reports are requested").contains("delivery does not change");
        assertThat(dmarc.fix()).as("the policy stays p=none; only reports are added")
                .isEqualTo("v=DMARC1; p=none; adkim=s; rua=mailto:dmarc-reports@contoso.example");
        assertThat(dmarc.fixWhen()).isNull();
        publish(dmarc);
        assertThat(checks.dmarc(DOMAIN).fix()).startsWith("v=DMARC1; p=quarantine;");
    }

    @Test
    void tagsRemovedByRfc9989AreWarnedAbout() {
        txt("_dmarc.contoso.example", "v=DMARC1; p=reject; pct=50; rf=afrf; ri=86400; rua=mailto:d@contoso.example");

        Check dmarc = checks.dmarc(DOMAIN);

        assertThat(dmarc.status()).isEqualTo(CheckStatus.WARN);
        assertThat(dmarc.message()).contains("pct, rf, ri").contains("RFC 9989");
        assertThat(dmarc.fix()).isEqualTo("v=DMARC1; p=reject; rua=mailto:d@contoso.example");
    }

    @Test
    void mxRecognisesExchangeOnlineProtection() {
        server.putRecords(DOMAIN, Map.of("MX", List.of("0 contoso-example.mail.protection.outlook.com")));
        assertThat(checks.mx(DOMAIN).status()).isEqualTo(CheckStatus.PASS);
        assertThat(checks.mx(DOMAIN).message()).contains("Exchange Online Protection");

        server.putRecords(DOMAIN, Map.of("MX", List.of("10 mx1.filter.example", "20 mx2.filter.example")));
        Check other = checks.mx(DOMAIN);
        assertThat(other.status()).isEqualTo(CheckStatus.WARN);
        assertThat(other.message()).contains("mx1.filter.example");
        assertThat(other.evidence()).containsExactly(
                "contoso.example MX 10 mx1.filter.example", "contoso.example MX 20 mx2.filter.example");
    }

    @Test
    void dnsTimeoutIsAnErrorNeverAFailure() {
        txt(DOMAIN, "v=spf1 include:spf-us.mailmoat.example -all");
        server.setTimeout(DOMAIN, true);
        server.setTimeout("_dmarc.contoso.example", true);
        server.setTimeout("selector1._domainkey.contoso.example", true);

        List<Check> results = checks.run(DOMAIN, Region.US);

        assertThat(results).extracting(Check::id).containsExactly("spf:contoso.example", "dmarc:contoso.example",
                "dkim:contoso.example", "mx:contoso.example");
        assertThat(results).allSatisfy(check -> {
            assertThat(check.status()).isEqualTo(CheckStatus.ERROR);
            assertThat(check.fix()).isNull();
        });
    }

    private void cname(String name, String target) {
        server.putRecords(name, Map.of("CNAME", List.of(target)));
    }

    /** Both forms Microsoft has documented for the selectors' targets pass. */
    @Test
    void dkimPassesWithBothMicrosoftSelectorsInEitherForm() {
        cname("selector1._domainkey." + DOMAIN, "selector1-contoso-example._domainkey.contoso.onmicrosoft.com");
        cname("selector2._domainkey." + DOMAIN, "selector2-contoso-example._domainkey.contoso.n-v1.dkim.mail.microsoft");

        Check dkim = checks.dkim(DOMAIN);

        assertThat(dkim.id()).isEqualTo("dkim:contoso.example");
        assertThat(dkim.status()).isEqualTo(CheckStatus.PASS);
        assertThat(dkim.evidence()).containsExactly(
                "selector1._domainkey.contoso.example CNAME selector1-contoso-example._domainkey.contoso.onmicrosoft.com",
                "selector2._domainkey.contoso.example CNAME selector2-contoso-example._domainkey.contoso.n-v1.dkim.mail.microsoft");
    }

    @Test
    void dkimWarnsWithoutTheRecordsSayingWhatBreaksAndWhereToGetThem() {
        Check none = checks.dkim(DOMAIN);
        assertThat(none.status()).isEqualTo(CheckStatus.WARN);
        assertThat(none.message()).contains("onmicrosoft.com").contains("DMARC").contains("Defender portal");
        assertThat(none.fix()).as("the records point into the tenant: nothing to compute").isNull();

        cname("selector1._domainkey." + DOMAIN, "selector1-contoso-example._domainkey.contoso.onmicrosoft.com");
        Check half = checks.dkim(DOMAIN);
        assertThat(half.status()).isEqualTo(CheckStatus.WARN);
        assertThat(half.message()).contains("Only selector1").contains("selector2._domainkey.contoso.example");

        cname("selector2._domainkey." + DOMAIN, "s2.dkim.othermailer.example");
        Check other = checks.dkim(DOMAIN);
        assertThat(other.status()).isEqualTo(CheckStatus.WARN);
        assertThat(other.message()).contains("selector2._domainkey.contoso.example points somewhere other");
    }

    @Test
    void timeoutInsideAnIncludeIsAnError() {
        txt(DOMAIN, "v=spf1 include:_spf.contoso.example include:spf-us.mailmoat.example -all");
        server.setTimeout("_spf.contoso.example", true);

        assertThat(checks.spf(DOMAIN, Region.US).status()).isEqualTo(CheckStatus.ERROR);
    }
}
