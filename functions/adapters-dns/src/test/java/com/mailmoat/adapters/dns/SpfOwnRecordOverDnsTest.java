package com.mailmoat.adapters.dns;

import static org.assertj.core.api.Assertions.assertThat;

import com.mailmoat.core.account.Region;
import com.mailmoat.core.checks.Check;
import com.mailmoat.core.checks.CheckStatus;
import com.mailmoat.core.checks.OutboundRegions;
import com.mailmoat.core.checks.SetupChecks;
import com.mailmoat.core.config.Settings;
import com.mailmoat.dnsserver.LoopbackDnsServer;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The SPF check of the default deployment (no outbound delivery: Mailmoat sends nothing as the
 * domain) over the real resolver and a loopback DNS server: the domain's own record must be sound,
 * and Mailmoat's include is never asked for.
 */
class SpfOwnRecordOverDnsTest {
    private static final String DOMAIN = "contoso.example";
    private static final String EOP_MX = "0 contoso-example.mail.protection.outlook.com";
    private LoopbackDnsServer server;
    private SetupChecks checks;

    @BeforeEach
    void start() throws IOException {
        server = LoopbackDnsServer.start(0);
        // Microsoft's include as the internet serves it (abridged), so records naming it evaluate.
        txt("spf.protection.outlook.com", "v=spf1 ip4:40.92.0.0/15 ip4:40.107.0.0/16 ip4:52.100.0.0/15 "
                + "include:spfd.protection.outlook.com -all");
        txt("spfd.protection.outlook.com", "v=spf1 ip4:51.4.72.0/24 -all");
        OutboundRegions regions = OutboundRegions.from(Settings.of(Map.of()));
        assertThat(regions.outboundDelivery()).as("off unless the deployment says so").isFalse();
        assertThat(regions.includeZoneRecords()).isEmpty();
        checks = new SetupChecks(DnsJavaResolver.forServer(server.address(), Duration.ofMillis(800), 1), regions);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private void txt(String name, String... values) {
        server.putRecords(name, Map.of("TXT", List.of(values)));
    }

    private void zone(List<String> txt, List<String> mx) {
        server.putRecords(DOMAIN, mx.isEmpty() ? Map.of("TXT", txt) : Map.of("TXT", txt, "MX", mx));
    }

    /** Publishes a check's fix in place of the domain's SPF records, keeping its MX. */
    private void publish(Check check, List<String> mx) {
        assertThat(check.fix()).as("fix of %s", check.id()).isNotNull();
        assertThat(check.fixName()).isEqualTo(DOMAIN);
        zone(List.of(check.fix()), mx);
    }

    private static void neverAsksForMailmoat(Check check) {
        assertThat(check.message()).doesNotContain("mailmoat.example").doesNotContain("Mailmoat sends")
                .doesNotContain("Mailmoat's include");
        if (check.fix() != null) {
            assertThat(check.fix()).doesNotContainIgnoringCase("mailmoat");
        }
    }

    @Test
    void theSettingTurnsTheIncludeRequirementOn() {
        assertThat(OutboundRegions.from(Settings.of(Map.of("MAILMOAT_OUTBOUND_DELIVERY", "TRUE"))).outboundDelivery())
                .isTrue();
        assertThat(OutboundRegions.from(Settings.of(Map.of("MAILMOAT_OUTBOUND_DELIVERY", "false"))).outboundDelivery())
                .isFalse();
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                        OutboundRegions.from(Settings.of(Map.of("MAILMOAT_OUTBOUND_DELIVERY", "yes"))))
                .hasMessageContaining("MAILMOAT_OUTBOUND_DELIVERY");
    }

    @Test
    void aHealthyRecordPassesWithoutMailmoatsInclude() {
        zone(List.of("v=spf1 include:spf.protection.outlook.com ip4:203.0.113.200 -all"), List.of(EOP_MX));

        Check spf = checks.spf(DOMAIN, Region.US);

        assertThat(spf.status()).as(spf.message()).isEqualTo(CheckStatus.PASS);
        assertThat(spf.message()).contains("-all").contains("2 of the 10 DNS lookups")
                .contains("sends no mail as contoso.example");
        assertThat(spf.fix()).isNull();
        neverAsksForMailmoat(spf);
        // The region plays no part: every region's answer is the same.
        assertThat(checks.spf(DOMAIN, Region.ZA).status()).isEqualTo(CheckStatus.PASS);
    }

    @Test
    void softFailPassesAndNamesTheStricterEnding() {
        zone(List.of("v=spf1 ip4:203.0.113.200 ~all"), List.of("10 mx.contoso.example"));

        Check spf = checks.spf(DOMAIN, Region.UK);

        assertThat(spf.status()).isEqualTo(CheckStatus.PASS);
        assertThat(spf.message()).contains("~all").contains("-all");
        neverAsksForMailmoat(spf);
    }

    @Test
    void plusAllFailsWithTheRecordEndingInSoftFail() {
        zone(List.of("v=spf1 include:spf.protection.outlook.com +all"), List.of(EOP_MX));

        Check spf = checks.spf(DOMAIN, Region.US);

        assertThat(spf.status()).isEqualTo(CheckStatus.FAIL);
        assertThat(spf.message()).contains("+all");
        assertThat(spf.fix()).isEqualTo("v=spf1 include:spf.protection.outlook.com ~all");
        neverAsksForMailmoat(spf);
        publish(spf, List.of(EOP_MX));
        assertThat(checks.spf(DOMAIN, Region.US).status()).isEqualTo(CheckStatus.PASS);
    }

    @Test
    void neutralAndMissingAllAreWarnings() {
        zone(List.of("v=spf1 include:spf.protection.outlook.com ?all"), List.of(EOP_MX));
        Check neutral = checks.spf(DOMAIN, Region.US);
        assertThat(neutral.status()).isEqualTo(CheckStatus.WARN);
        assertThat(neutral.message()).contains("?all");
        assertThat(neutral.fix()).isEqualTo("v=spf1 include:spf.protection.outlook.com ~all");
        neverAsksForMailmoat(neutral);

        zone(List.of("v=spf1 ip4:203.0.113.200"), List.of());
        Check noAll = checks.spf(DOMAIN, Region.US);
        assertThat(noAll.status()).isEqualTo(CheckStatus.WARN);
        assertThat(noAll.fix()).isEqualTo("v=spf1 ip4:203.0.113.200 ~all");
        publish(noAll, List.of());
        assertThat(checks.spf(DOMAIN, Region.US).status()).isEqualTo(CheckStatus.PASS);
    }

    @Test
    void elevenLookupsFailWithoutAFix() {
        // contoso → n1 → ... → n10, each one include: 10 lookups, plus a final "a" = 11.
        zone(List.of("v=spf1 include:n1.contoso.example -all"), List.of());
        for (int i = 1; i < 10; i++) {
            txt("n" + i + ".contoso.example", "v=spf1 include:n" + (i + 1) + ".contoso.example -all");
        }
        server.putRecords("n10.contoso.example", Map.of("TXT", List.of("v=spf1 a -all"), "A", List.of("203.0.113.9")));

        Check spf = checks.spf(DOMAIN, Region.US);

        assertThat(spf.status()).isEqualTo(CheckStatus.FAIL);
        assertThat(spf.message()).contains("more than 10 DNS lookups");
        assertThat(spf.fix()).isNull();
        neverAsksForMailmoat(spf);
    }

    @Test
    void twoRecordsFailWithOneMergedRecordThatPasses() {
        zone(List.of("v=spf1 include:spf.protection.outlook.com -all", "v=spf1 ip4:203.0.113.200 ~all",
                "MS=ms12345678"), List.of(EOP_MX));

        Check spf = checks.spf(DOMAIN, Region.AU);

        assertThat(spf.status()).isEqualTo(CheckStatus.FAIL);
        assertThat(spf.message()).contains("2 SPF records").doesNotContain("Microsoft's include");
        assertThat(spf.evidence()).hasSize(2);
        assertThat(spf.fix()).isEqualTo("v=spf1 include:spf.protection.outlook.com ip4:203.0.113.200 -all");
        neverAsksForMailmoat(spf);
        publish(spf, List.of(EOP_MX));
        assertThat(checks.spf(DOMAIN, Region.AU).status()).isEqualTo(CheckStatus.PASS);
    }

    @Test
    void twoRecordsOfAnExchangeOnlineDomainWithoutMicrosoftGetMicrosoftsIncludeMerged() {
        zone(List.of("v=spf1 ip4:203.0.113.200 -all", "v=spf1 a:relay.contoso.example ~all"), List.of(EOP_MX));
        server.putRecords("relay.contoso.example", Map.of("A", List.of("203.0.113.201")));

        Check spf = checks.spf(DOMAIN, Region.US);

        assertThat(spf.status()).isEqualTo(CheckStatus.FAIL);
        assertThat(spf.message()).contains("2 SPF records").contains("Microsoft's include");
        assertThat(spf.fix()).isEqualTo(
                "v=spf1 ip4:203.0.113.200 a:relay.contoso.example include:spf.protection.outlook.com -all");
        publish(spf, List.of(EOP_MX));
        assertThat(checks.spf(DOMAIN, Region.US).status()).isEqualTo(CheckStatus.PASS);
    }

    @Test
    void aMissingRecordOnAnExchangeOnlineDomainGetsMicrosoftsRecord() {
        zone(List.of("MS=ms12345678"), List.of(EOP_MX));

        Check spf = checks.spf(DOMAIN, Region.CA);

        assertThat(spf.status()).isEqualTo(CheckStatus.FAIL);
        assertThat(spf.message()).contains("no SPF record").contains("Microsoft 365");
        assertThat(spf.fix()).isEqualTo("v=spf1 include:spf.protection.outlook.com -all");
        neverAsksForMailmoat(spf);
        publish(spf, List.of(EOP_MX));
        Check after = checks.spf(DOMAIN, Region.CA);
        assertThat(after.status()).as(after.message()).isEqualTo(CheckStatus.PASS);
        assertThat(after.message()).contains("2 of the 10 DNS lookups");
    }

    @Test
    void aMissingRecordElsewhereIsExplainedWithoutGuessingSenders() {
        zone(List.of("google-site-verification=abc"), List.of("10 mx1.filter.example"));

        Check spf = checks.spf(DOMAIN, Region.US);

        assertThat(spf.status()).isEqualTo(CheckStatus.FAIL);
        assertThat(spf.message()).contains("no SPF record").contains("v=spf1 -all");
        assertThat(spf.fix()).as("we cannot know who sends its mail").isNull();
        neverAsksForMailmoat(spf);
    }

    @Test
    void anExchangeOnlineDomainWhoseRecordLeavesMicrosoftOutFailsWithItsRecordPlusMicrosoft() {
        zone(List.of("v=spf1 ip4:203.0.113.200 mx -all"), List.of(EOP_MX));

        Check spf = checks.spf(DOMAIN, Region.US);

        assertThat(spf.status()).isEqualTo(CheckStatus.FAIL);
        assertThat(spf.message()).contains("spf.protection.outlook.com").contains("SPF fail");
        assertThat(spf.fix()).isEqualTo("v=spf1 ip4:203.0.113.200 mx include:spf.protection.outlook.com -all");
        neverAsksForMailmoat(spf);
        publish(spf, List.of(EOP_MX));
        assertThat(checks.spf(DOMAIN, Region.US).status()).isEqualTo(CheckStatus.PASS);
    }

    @Test
    void microsoftAuthorisedThroughANestedIncludeIsEnough() {
        zone(List.of("v=spf1 include:_spf.contoso.example -all"), List.of(EOP_MX));
        txt("_spf.contoso.example", "v=spf1 ip4:203.0.113.200 include:spf.protection.outlook.com -all");

        Check spf = checks.spf(DOMAIN, Region.US);

        assertThat(spf.status()).as(spf.message()).isEqualTo(CheckStatus.PASS);
    }

    @Test
    void aRecordThatIsNotExchangeOnlinesKeepsItsOwnSenders() {
        zone(List.of("v=spf1 include:_spf.google.example ?all"), List.of("1 smtp.google.example"));
        txt("_spf.google.example", "v=spf1 ip4:198.51.100.7 -all");

        Check spf = checks.spf(DOMAIN, Region.US);

        assertThat(spf.status()).isEqualTo(CheckStatus.WARN);
        assertThat(spf.fix()).isEqualTo("v=spf1 include:_spf.google.example ~all");
    }

    @Test
    void anInvalidRecordIsRepairedFromItsValidParts() {
        zone(List.of("v=spf1 ip4:203.0.113.200 ip4:999.1.1.1 include:spf.protection.outlook.com -all"), List.of(EOP_MX));

        Check spf = checks.spf(DOMAIN, Region.US);

        assertThat(spf.status()).isEqualTo(CheckStatus.FAIL);
        assertThat(spf.message()).contains("invalid");
        assertThat(spf.fix()).isEqualTo("v=spf1 ip4:203.0.113.200 include:spf.protection.outlook.com -all");
        neverAsksForMailmoat(spf);
    }

    @Test
    void dnsTroubleIsAnErrorNeverAFailure() {
        zone(List.of("v=spf1 include:spf.protection.outlook.com -all"), List.of(EOP_MX));
        server.setTimeout(DOMAIN, true);
        Check spf = checks.spf(DOMAIN, Region.US);
        assertThat(spf.status()).isEqualTo(CheckStatus.ERROR);
        assertThat(spf.fix()).isNull();

        server.setTimeout(DOMAIN, false);
        server.setTimeout("spf.protection.outlook.com", true);
        assertThat(checks.spf(DOMAIN, Region.US).status()).isEqualTo(CheckStatus.ERROR);
    }
}
