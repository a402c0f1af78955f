package com.mailmoat.core.detection;

import static org.assertj.core.api.Assertions.assertThat;

import com.mailmoat.testkit.InMemoryDetections;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The Detections export: every match of the filter, bounded, and harmless in a spreadsheet. */
class DetectionCsvTest {
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final List<Evidence> REASONS = List.of(
            new Evidence("url", "URL_IP", "Links to a bare IP address", "http://192.0.2.7/login", 4.5),
            new Evidence("authentication", "DMARC_PASS", "The From domain passed DMARC", "", 0),
            new Evidence("impersonation", "LOOKALIKE", "Looks like contoso.example", "c0ntoso.example", 7));
    private final InMemoryDetections detections = new InMemoryDetections();

    private Detection detection(int i, String sender, String senderName, String subject, ThreatLevel level) {
        return new Detection("acct-1", Detection.idFor("mbx-1", "m" + i), "scan-1", DetectionSource.SCAN, "mbx-1",
                "adele@contoso.example", "m" + i, "<" + i + "@x>", sender, senderName, subject, NOW.minusSeconds(i),
                "inbox", level, 12.5, Set.of("PHISHING", "BEC"), REASONS, DetectionStatus.DETECTED, NOW);
    }

    private static DetectionQuery filter(ThreatLevel level) {
        return new DetectionQuery(1, null, level, null, null, null, null, null, null, null, null);
    }

    /**
     * The console's words, not the API's codes, and why each message was flagged (the reasons that added
     * points, strongest first; checks it passed are left out).
     */
    @Test
    void cellsASpreadsheetWouldRunAsFormulasAreWrittenAsText() {
        detections.putIfAbsent(detection(1, "-2+3@evil.example", "=cmd|' /C calc'!A0", "+1 pay now, \"urgent\"", ThreatLevel.MALICIOUS));
        DetectionCsv.Export export = DetectionCsv.export(detections, "acct-1", filter(null));
        List<String> lines = export.csv().lines().toList();
        assertThat(lines.get(0)).isEqualTo(DetectionCsv.HEADER);
        assertThat(lines.get(1)).isEqualTo(NOW.minusSeconds(1) + ",'-2+3@evil.example,'=cmd|' /C calc'!A0,"
                + "\"'+1 pay now, \"\"urgent\"\"\",adele@contoso.example,Malicious,12.5,Business email compromise; Phishing,"
                + "Looks like contoso.example; Links to a bare IP address,Detected,Threat Scan,scan-1,<1@x>,"
                + Detection.idFor("mbx-1", "m1"));
        assertThat(export.truncated()).isFalse();
    }

    @Test
    void everyMatchingDetectionIsWrittenNewestFirstAcrossPagesAndTheBoundIsSaid() {
        for (int i = 1; i <= 450; i++) {
            detections.putIfAbsent(detection(i, "s" + i + "@evil.example", "", "Subject " + i,
                    i % 3 == 0 ? ThreatLevel.SUSPICIOUS : ThreatLevel.MALICIOUS));
        }
        DetectionCsv.Export malicious = DetectionCsv.export(detections, "acct-1", filter(ThreatLevel.MALICIOUS));
        assertThat(malicious.rows()).as("more than one page of the search, the filter kept").isEqualTo(300);
        assertThat(malicious.csv().lines().skip(1)).hasSize(300).allMatch(line -> line.contains(",Malicious,"));
        assertThat(malicious.csv().lines().skip(1).findFirst().orElseThrow()).contains("s1@evil.example");
        assertThat(malicious.csv()).doesNotContain("#");

        DetectionCsv.Export bounded = DetectionCsv.export(detections, "acct-1", filter(null), 400, DetectionCsv.MAX_BYTES);
        assertThat(bounded.rows()).isEqualTo(400);
        assertThat(bounded.truncated()).isTrue();
        assertThat(bounded.csv().lines().reduce((a, b) -> b).orElseThrow())
                .startsWith("# Only the newest 400 matching detections fit in one file");

        DetectionCsv.Export exact = DetectionCsv.export(detections, "acct-1", filter(null), 450, DetectionCsv.MAX_BYTES);
        assertThat(exact.truncated()).as("all fit exactly: nothing left out").isFalse();

        // Senders choose subjects and names: the file stays within what one answer can carry.
        int budget = 20_000;
        DetectionCsv.Export bytesBound = DetectionCsv.export(detections, "acct-1", filter(null), 450, budget);
        assertThat(bytesBound.truncated()).isTrue();
        assertThat(bytesBound.rows()).isBetween(1, 449);
        assertThat(bytesBound.csv().getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                .isLessThanOrEqualTo(budget + 200);
        assertThat(bytesBound.csv().lines().reduce((a, b) -> b).orElseThrow())
                .startsWith("# Only the newest " + bytesBound.rows() + " matching detections fit in one file");
    }

    @Test
    void theInMemorySearchOffersNoEmptyLastPage() {
        for (int i = 1; i <= 10; i++) {
            detections.putIfAbsent(detection(i, "s@evil.example", "", "S", ThreatLevel.MALICIOUS));
        }
        DetectionPage first = detections.search("acct-1", new DetectionQuery(5, null, null, null, null, null, null, null, null, null, null));
        DetectionPage second = detections.search("acct-1", new DetectionQuery(5, first.nextCursor().orElseThrow(), null, null, null, null, null, null, null, null, null));
        assertThat(second.items()).hasSize(5);
        assertThat(second.nextCursor()).isEmpty();
    }
}
