package com.mailmoat.core.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every email renders as HTML and text, in the account's branding; hostile values (markup,
 * CR/LF, quotes, bidi overrides, unsafe URLs) are escaped, neutralised or refused. The HTML is
 * read back with a real HTML parser, as a mail client would.
 */
class EmailTemplatesTest {
    private static final String CONSOLE = "https://console.mailmoat.example/";
    /** Markup, an attribute break-out, a header-injection attempt and a bidi override in one value. */
    static final String HOSTILE = "<script>alert(1)</script>\"><img src=x onerror=alert(2)>\r\nBcc: victim@evil.example\u202Egnp.exe";
    private static final java.util.Set<NotificationKind> SHOWS_NO_TYPED_TEXT =
            java.util.EnumSet.of(NotificationKind.SET_PASSWORD_LINK, NotificationKind.PASSWORD_RESET_LINK,
                    NotificationKind.ACCOUNT_EXISTS);
    private static final Branding BRANDING = new Branding("https://contoso.example/logo.png", "#0F6CBD");
    /**
     * Sign-up and account-security emails: in Mailmoat's own look, never loading the customer's logo, so
     * whoever serves it cannot tell when they are opened (ACCOUNT_EXISTS can be set off by anyone).
     */
    private static final java.util.Set<NotificationKind> UNBRANDED = java.util.EnumSet.of(
            NotificationKind.SET_PASSWORD_LINK, NotificationKind.TEAM_INVITATION, NotificationKind.ACCOUNT_DETAILS,
            NotificationKind.ACCOUNT_EXISTS, NotificationKind.PASSWORD_RESET_LINK, NotificationKind.PASSWORD_CHANGED, NotificationKind.TWO_STEP_ENABLED,
            NotificationKind.TWO_STEP_DISABLED, NotificationKind.TWO_STEP_RECOVERY_CODE_USED,
            NotificationKind.TWO_STEP_RECOVERY_CODES_REPLACED, NotificationKind.ACCOUNT_CLOSED,
            NotificationKind.ALERT_RECIPIENT_CONFIRM, NotificationKind.ALERT_RECIPIENT_CONFIRMED);

    /** Realistic parameters for every kind that sends an email, each laced with hostile values. */
    static Stream<NotificationRequest> everyEmail() {
        return Arrays.stream(NotificationKind.values()).filter(NotificationKind::sendsEmail).map(kind -> request(kind, params(kind)));
    }

    static NotificationRequest request(NotificationKind kind, Map<String, String> params) {
        return new NotificationRequest("n-" + kind, "acct-1", kind, "admin@contoso.example", params,
                Instant.parse("2026-11-23T17:30:00Z"));
    }

    static Map<String, String> params(NotificationKind kind) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("company", HOSTILE);
        switch (kind) {
            case SET_PASSWORD_LINK -> p.put("link", CONSOLE + "set-password?token=abc&next=%2F");
            case TEAM_INVITATION -> {
                p.put("link", CONSOLE + "set-password?token=abc");
                p.put("role", "Analyst");
                p.put("invitedBy", "owner@contoso.example");
            }
            case ACCOUNT_DETAILS, PASSWORD_CHANGED, TWO_STEP_ENABLED, TWO_STEP_DISABLED, TWO_STEP_RECOVERY_CODE_USED,
                 TWO_STEP_RECOVERY_CODES_REPLACED ->
                    p.put("loginUrl", CONSOLE);
            case PASSWORD_RESET_LINK -> p.put("link", CONSOLE + "set-password?token=abc&reset=1");
            case ACCOUNT_EXISTS -> {
                p.put("loginUrl", CONSOLE);
                p.put("resetUrl", CONSOLE + "#reset");
            }
            case SSO_CONSENT_GRANTED -> p.put("tenantId", HOSTILE);
            case TENANT_LINK_ATTEMPTED -> {
                p.put("tenantId", "5a0c6d3e-1b2f-4c8d-9e7a-0f1e2d3c4b5a");
                p.put("tenantName", "Contoso");
                p.put("signedInAs", HOSTILE);
            }
            case THREAT_SCAN_REPORT -> {
                p.put("threatsFound", "3");
                p.put("messagesScanned", "120");
                p.put("status", "COMPLETED");
                p.put("windowStart", "2026-10-24T17:30:00Z");
                p.put("windowEnd", "2026-11-23T17:30:00Z");
                p.put("mailboxesTotal", "2");
                p.put("mailboxesDone", "2");
                p.put("byLevel", "MALICIOUS=2\nSUSPICIOUS=1");
                p.put("topSenders", "<b>ceo</b>@evil.example=2");
                p.put("link", CONSOLE + "#/detections?scanId=s-1");
            }
            case REMEDIATION_COMPLETE -> {
                p.put("action", "REMOVE");
                p.put("total", "5");
                p.put("done", "3");
                p.put("alreadyGone", "1");
                p.put("failed", "1");
                p.put("requestedBy", "admin@contoso.example");
                p.put("failures", "adele@contoso.example\t" + HOSTILE.replace("\r\n", " ") + "\tThe user no longer exists.");
                p.put("link", CONSOLE + "#/?remediation=j-1");
            }
            case UPGRADE_COMPLETE -> {
                p.put("mode", "PROTECT");
                p.put("rulesInstalled", "2");
                p.put("usersImported", "25");
                p.put("rulesPushedDown", "Disclaimer: 0 → 2\n" + HOSTILE.replace("\r\n", " ") + ": 1 → 3");
            }
            case UPGRADE_FAILED -> {
                p.put("mode", "MONITOR");
                p.put("reason", HOSTILE);
                p.put("link", CONSOLE);
            }
            case MODE_CHANGED -> {
                p.put("from", "MONITOR");
                p.put("to", "PROTECT");
                p.put("fromTargets", "everyone");
                p.put("targets", HOSTILE + " (group)");
                p.put("by", "admin@contoso.example");
                p.put("at", "2026-11-23T17:30:00Z");
            }
            case RULES_REMOVAL_FAILED -> {
                p.put("cause", "role");
                p.put("tenant", HOSTILE);
            }
            case REAL_TIME_AT_RISK -> {
                p.put("problem", HOSTILE);
                p.put("link", CONSOLE);
            }
            case MICROSOFT_ACCESS_DENIED -> {
                p.put("tenant", HOSTILE);
                p.put("stopped", "the daily scan did not run");
                p.put("errorCode", "InvalidAuthenticationToken");
                p.put("link", CONSOLE);
            }
            case OFFBOARDED -> {
                p.put("tenant", HOSTILE);
                p.put("removed", "Mailmoat - blocked senders (1)\n" + HOSTILE.replace("\r\n", " ") + " (2)");
                p.put("notRemoved", "Transport rules whose names start with \"Mailmoat\"");
                p.put("nextStep", "Delete Mailmoat's enterprise application.");
            }
            case REAL_TIME_THREAT -> {
                p.put("mailbox", "adele@contoso.example");
                p.put("sender", HOSTILE);
                p.put("subject", HOSTILE);
                p.put("action", "QUARANTINED");
                p.put("link", CONSOLE + "#/detections/d-1");
            }
            case ALERT_RECIPIENT_CONFIRM -> {
                p.put("owner", "admin@contoso.example");
                p.put("organisation", HOSTILE);
                p.put("link", CONSOLE + "alert-recipient?confirm=abc");
            }
            case ALERT_RECIPIENT_CONFIRMED -> {
                p.put("address", HOSTILE);
                p.put("link", CONSOLE + "#/account/recipients");
            }
            case TRIAL_ENDING -> {
                p.put("daysLeft", "7");
                p.put("trialEndsAt", "2026-11-30T17:30:00Z");
                p.put("link", CONSOLE + "#/upgrade");
            }
            default -> {
            }
        }
        return p;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyEmail")
    void rendersTextAndBrandedHtmlWithHostileValuesNeutralised(NotificationRequest request) {
        Email email = EmailTemplates.render(request, BRANDING, CONSOLE);

        assertThat(email.to()).containsExactly("admin@contoso.example");
        assertThat(email.subject()).isNotBlank().doesNotContain("\r").doesNotContain("\n").doesNotContain("Bcc:\n");
        assertThat(email.text()).isNotBlank().endsWith("— Mailmoat\n");
        // No value can start a line of its own in the text version (no forged "Bcc:" or link lines).
        assertThat(email.text().lines()).noneMatch(line -> line.startsWith("Bcc:"));
        assertThat(email.text()).doesNotContain("\r").doesNotContain("\u202E");

        Document html = Jsoup.parse(email.html());
        assertThat(html.select("script, iframe, object, embed, form")).isEmpty();
        assertThat(html.select("[onerror], [onload], [onclick]")).isEmpty();
        // Sign-up and account-security emails are in Mailmoat's own look: no image the owner chose is loaded;
        // threat reports and alerts wear the account's logo and colour.
        boolean branded = !UNBRANDED.contains(request.kind());
        String accent = branded ? "#0f6cbd" : Branding.DEFAULT_ACCENT;
        List<String> images = html.select("img").eachAttr("src");
        assertThat(images).isEqualTo(branded ? List.of("https://contoso.example/logo.png") : List.of());
        for (Element link : html.select("a[href]")) {
            assertThat(link.attr("href")).startsWith("https://console.mailmoat.example/");
            assertThat(link.attr("style")).contains(accent);
        }
        assertThat(html.select("a[href]")).as("a call to action").isNotEmpty();
        assertThat(email.html()).contains("border-top:4px solid " + accent);
        // What a reader sees is the hostile text itself, inert.
        if (SHOWS_NO_TYPED_TEXT.contains(request.kind())) {
            // Emails to addresses nobody confirmed carry nothing a stranger typed into the sign-up form.
            assertThat(email.text() + email.html()).doesNotContain("alert(").doesNotContain("victim@");
        } else if (request.kind() != NotificationKind.THREAT_SCAN_REPORT) {
            assertThat(html.body().text()).contains("<script>alert(1)</script>\"><img src=x onerror=alert(2)> Bcc:");
        }
    }

    @Test
    void threatEmailsWearTheLogoWhileAccountSecurityEmailsLoadNoRemoteImage() {
        for (NotificationKind kind : List.of(NotificationKind.ACCOUNT_EXISTS, NotificationKind.PASSWORD_RESET_LINK,
                NotificationKind.TWO_STEP_RECOVERY_CODE_USED)) {
            Email email = EmailTemplates.render(request(kind, params(kind)), BRANDING, CONSOLE);
            assertThat(Jsoup.parse(email.html()).select("img, [src], [background]")).as(kind.name()).isEmpty();
            assertThat(email.html()).as(kind.name()).doesNotContain("contoso.example/logo.png").doesNotContain("#0f6cbd");
        }
        for (NotificationKind kind : List.of(NotificationKind.THREAT_SCAN_REPORT, NotificationKind.REAL_TIME_THREAT,
                NotificationKind.REMEDIATION_COMPLETE)) {
            Email email = EmailTemplates.render(request(kind, params(kind)), BRANDING, CONSOLE);
            assertThat(Jsoup.parse(email.html()).select("img").eachAttr("src")).as(kind.name())
                    .containsExactly("https://contoso.example/logo.png");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyEmail")
    void withoutBrandingTheEmailHasMailmoatsLookAndNoImage(NotificationRequest request) {
        Email email = EmailTemplates.render(request, Branding.NONE, CONSOLE);
        Document html = Jsoup.parse(email.html());
        assertThat(html.select("img")).isEmpty();
        assertThat(email.html()).contains(Branding.DEFAULT_ACCENT);
    }

    @Test
    void theSetPasswordLinkSurvivesEscapingExactly() {
        Email email = EmailTemplates.render(request(NotificationKind.SET_PASSWORD_LINK, params(NotificationKind.SET_PASSWORD_LINK)),
                Branding.NONE, CONSOLE);
        String link = CONSOLE + "set-password?token=abc&next=%2F";
        assertThat(email.html()).contains("set-password?token=abc&amp;next=%2F");
        assertThat(Jsoup.parse(email.html()).select("a[href]").eachAttr("href")).containsExactly(link);
        assertThat(email.text()).contains("Set your password: " + link + "\n");
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"javascript:alert(1)", "data:text/html,<b>x</b>",
            "http://evil.example/login", "https://user:pw@console.mailmoat.example/", "https://console.mailmoat.example/\r\nBcc: x",
            "https://console.mailmoat.example/\" onmouseover=\"alert(1)", "//evil.example/", "vbscript:x"})
    void anUnsafeLinkIsRefusedNotRendered(String link) {
        Map<String, String> p = new LinkedHashMap<>(params(NotificationKind.TRIAL_ENDING));
        p.put("link", link);
        assertThatThrownBy(() -> EmailTemplates.render(request(NotificationKind.TRIAL_ENDING, p), Branding.NONE, CONSOLE))
                .isInstanceOf(UnsafeContentException.class);
    }

    @Test
    void loopbackHttpIsTheOneHttpLinkAllowed() {
        Map<String, String> p = new LinkedHashMap<>(params(NotificationKind.ACCOUNT_DETAILS));
        p.put("loginUrl", "http://127.0.0.1:8080/");
        Email email = EmailTemplates.render(request(NotificationKind.ACCOUNT_DETAILS, p), Branding.NONE, null);
        assertThat(Jsoup.parse(email.html()).select("a[href]").eachAttr("href")).containsExactly("http://127.0.0.1:8080/");
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"admin@contoso.example\r\nBcc: victim@evil.example",
            "a@b.example, c@d.example", "Admin <admin@contoso.example>", "not-an-address"})
    void aRecipientThatIsNotOneAddressIsRefused(String recipient) {
        NotificationRequest request = new NotificationRequest("n", "acct-1", NotificationKind.ACCOUNT_DETAILS, recipient,
                params(NotificationKind.ACCOUNT_DETAILS), Instant.now());
        assertThatThrownBy(() -> EmailTemplates.render(request, Branding.NONE, CONSOLE)).isInstanceOf(UnsafeContentException.class);
    }

    @Test
    void hostileBrandingIsIgnoredWhenRendering() {
        Branding hostile = new Branding("javascript:alert(1)", "red;background:url(https://evil.example/x)");
        assertThat(hostile.problems()).extracting(e -> e.field()).containsExactly("logoUrl", "accentColor");
        Email email = EmailTemplates.render(request(NotificationKind.ACCOUNT_DETAILS, params(NotificationKind.ACCOUNT_DETAILS)),
                hostile, CONSOLE);
        assertThat(Jsoup.parse(email.html()).select("img")).isEmpty();
        assertThat(email.html()).doesNotContain("evil.example/x").contains(Branding.DEFAULT_ACCENT);
        assertThat(new Branding("http://contoso.example/logo.png", null).problems()).hasSize(1);
        assertThat(new Branding("https://contoso.example/" + "a".repeat(500), null).problems()).hasSize(1);
        assertThat(new Branding("https://contoso.example/logo.png\" onerror=\"x", null).problems()).hasSize(1);
        assertThat(new Branding("https://contoso.example/logo.png", "#0f6cbd").problems()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(value = NotificationKind.class, names = {"SSO_CONSENT_GRANTED", "THREAT_SCAN_REPORT",
            "THREAT_SCAN_COMPLETE_NOTICE", "REMEDIATION_COMPLETE", "UPGRADE_COMPLETE", "UPGRADE_FAILED", "TRIAL_ENDING",
            "ALERT_RECIPIENT_CONFIRMED", "ALERT_RECIPIENT_UNSUBSCRIBED", "MODE_CHANGED", "RULES_REMOVAL_FAILED"})
    void everyInAppNoticeHasATitleAndAOneLineMessage(NotificationKind kind) {
        InAppNotification notice = EmailTemplates.inApp(request(kind, params(kind)));
        assertThat(notice.title()).isNotBlank();
        assertThat(notice.message()).isNotBlank().doesNotContain("\n").doesNotContain("\r");
        assertThat(notice.read()).isFalse();
    }

    @Test
    void paragraphsKeepLongInstructionsWholeWhileOneLineValuesStayCutAndOnOneLine() {
        String fix = "In the Microsoft Entra admin center open Roles and administrators, choose Exchange Administrator, "
                + "Add assignments, and select the Mailmoat enterprise application. ".repeat(4) + "Then choose Upgrade Now again.";
        Email email = EmailTemplates.render(request(NotificationKind.UPGRADE_FAILED, Map.of("mode", "MONITOR",
                "reason", fix + "\r\nBcc: victim@evil.example")), Branding.NONE, CONSOLE);
        assertThat(email.text()).contains("Then choose Upgrade Now again. Bcc: victim@evil.example")
                .doesNotContain("again.\r\nBcc");
        String longSubject = "x".repeat(5000) + "\r\nBcc: victim@evil.example";
        assertThat(EmailLayout.oneLine(longSubject)).hasSize(EmailLayout.MAX_VALUE + 1).doesNotContain("Bcc");
        assertThat(EmailLayout.oneLine("x".repeat(5000), EmailLayout.MAX_PARAGRAPH)).hasSize(EmailLayout.MAX_PARAGRAPH + 1);
        assertThat(EmailLayout.oneLine("a\r\nBcc: x@evil.example\u2028y", EmailLayout.MAX_PARAGRAPH))
                .isEqualTo("a Bcc: x@evil.example y");
    }

    @Test
    void aModeChangeSaysWhatChangedWhoAndWhenAndWhatItMeans() {
        Map<String, String> p = new LinkedHashMap<>(Map.of("from", "MONITOR", "to", "PROTECT", "fromTargets", "everyone",
                "targets", "Sales (group)", "by", "admin@contoso.example", "at", "2026-11-23T17:30:00Z"));
        Email email = EmailTemplates.render(request(NotificationKind.MODE_CHANGED, p), Branding.NONE, CONSOLE);
        assertThat(email.subject()).isEqualTo("Mailmoat Protect mode is on");
        assertThat(email.text()).contains("from Monitor to Protect", "Protect is on for Sales (group): new mail is checked "
                + "as it arrives and malicious mail is moved to quarantine", "admin@contoso.example",
                "23 Nov 2026 at 17:30 UTC");

        p.put("from", "DISABLED");
        p.put("to", "THREAT_SCAN_ONLY");
        email = EmailTemplates.render(request(NotificationKind.MODE_CHANGED, p), Branding.NONE, CONSOLE);
        assertThat(email.subject()).isEqualTo("Mailmoat no longer checks new mail (Threat Scan Only)");
        assertThat(email.text()).contains("Mailmoat no longer checks new mail as it arrives, and its transport rules are "
                + "being removed from Exchange Online", "runs the upgrade again");
        p.put("to", "DISABLED");
        p.put("from", "PROTECT");
        assertThat(EmailTemplates.inApp(request(NotificationKind.MODE_CHANGED, p)).message())
                .contains("Mailmoat no longer checks new mail", "hold nothing back", "admin@contoso.example");
    }

    @Test
    void aReleaseOfEverythingInQuarantineSaysSoAndWhenMoreWaitSaysToReleaseAgain() {
        Map<String, String> p = new LinkedHashMap<>(Map.of("action", "RELEASE", "total", "10000", "done", "9999",
                "alreadyGone", "0", "failed", "1", "alreadyDone", "0", "requestedBy", "admin@contoso.example",
                "inQuarantine", "true", "moreInQuarantine", "true", "maxInQuarantine", "10000"));
        p.put("failures", "adele@contoso.example\tInvoice\tThe user no longer exists.");
        p.put("link", CONSOLE + "#/?remediation=j-2");
        Email email = EmailTemplates.render(request(NotificationKind.REMEDIATION_COMPLETE, p), Branding.NONE, CONSOLE);
        assertThat(email.subject()).isEqualTo("Quarantine released: 9,999 of 10,000 messages back in their mailboxes");
        assertThat(email.text()).contains("Everything in quarantine was released.").contains("Released | 9,999")
                .contains("did not learn from this release").contains("still in quarantine")
                .contains("More messages were in quarantine than one release takes (10,000)")
                .doesNotContain("The selected messages");
        InAppNotification notice = EmailTemplates.inApp(request(NotificationKind.REMEDIATION_COMPLETE, p));
        assertThat(notice.title()).isEqualTo("Quarantine released");
        assertThat(notice.message()).startsWith("Released from quarantine: 9,999 of 10,000 messages")
                .contains("release everything again for the rest");

        p.put("moreInQuarantine", "false");
        assertThat(EmailTemplates.render(request(NotificationKind.REMEDIATION_COMPLETE, p), Branding.NONE, CONSOLE).text())
                .doesNotContain("More messages were in quarantine");
    }

    @Test
    void theRemediationEmailCountsEachOutcomeApartAndListsFailuresWithReasons() {
        Email email = EmailTemplates.render(request(NotificationKind.REMEDIATION_COMPLETE,
                params(NotificationKind.REMEDIATION_COMPLETE)), Branding.NONE, CONSOLE);
        assertThat(email.subject()).isEqualTo("Threats removed: 3 of 5 messages quarantined");
        assertThat(email.text()).contains("Moved to quarantine | 3").contains("Already gone (deleted or moved by the user) | 1")
                .contains("Failed | 1").contains("adele@contoso.example | <script>").contains("The user no longer exists.");
    }

    @Test
    void theScanReportSpeaksInWordsListsDaysInOrderAndSaysTheOrganisationsOwnDomainWasForged() {
        Map<String, String> p = new LinkedHashMap<>(params(NotificationKind.THREAT_SCAN_REPORT));
        p.put("byCategory", "BEC=1\nPHISHING=2");
        p.put("topDomains", "contoso.example=2\nevil.example=1");
        p.put("ownDomains", "contoso.example");
        p.put("threatsPerDay", "2026-11-02=1\n2026-11-20=2");
        String text = EmailTemplates.render(request(NotificationKind.THREAT_SCAN_REPORT, p), Branding.NONE, CONSOLE).text();
        assertThat(text).contains("Malicious | 2").contains("Suspicious | 1").contains("Business email compromise | 1")
                .doesNotContain("MALICIOUS").doesNotContain("BEC |")
                .contains("contoso.example (your own domain, forged by the sender) | 2").contains("evil.example | 1");
        assertThat(text.indexOf("2026-11-02")).isLessThan(text.indexOf("2026-11-20"));
    }

    @Test
    void aReScanReportSaysWhichThreatsWereReportedBeforeAndAnEarlyEndSaysWhatWasNotRead() {
        Map<String, String> p = new LinkedHashMap<>(params(NotificationKind.THREAT_SCAN_REPORT));
        p.put("threatsReportedBefore", "2");
        p.put("status", "ENDED_EARLY");
        Email email = EmailTemplates.render(request(NotificationKind.THREAT_SCAN_REPORT, p), Branding.NONE, CONSOLE);
        assertThat(email.subject()).isEqualTo("Your Mailmoat Threat Scan report: 3 threats found (1 new)");
        assertThat(email.text()).contains("Threat Scan ended early: 3 threats in 120 messages")
                .contains("2 threats of these were already reported by an earlier scan")
                .contains("The rest of the window was not read.");

        p.remove("threatsReportedBefore");
        p.put("status", "COMPLETED");
        Email first = EmailTemplates.render(request(NotificationKind.THREAT_SCAN_REPORT, p), Branding.NONE, CONSOLE);
        assertThat(first.subject()).isEqualTo("Your Mailmoat Threat Scan report: 3 threats found");
        assertThat(first.text()).doesNotContain("reported by an earlier scan").doesNotContain("not read");
    }

    /** Counts read as the console writes them: 2,677, not 2677 (emails and the in-app notice alike). */
    @Test
    void largeCountsAreWrittenWithThousandsSeparators() {
        Map<String, String> p = new LinkedHashMap<>(params(NotificationKind.THREAT_SCAN_REPORT));
        p.put("threatsFound", "1203");
        p.put("messagesScanned", "2677");
        p.put("byLevel", "MALICIOUS=1200\nSUSPICIOUS=3");
        Email email = EmailTemplates.render(request(NotificationKind.THREAT_SCAN_REPORT, p), Branding.NONE, CONSOLE);
        assertThat(email.subject()).isEqualTo("Your Mailmoat Threat Scan report: 1,203 threats found");
        assertThat(email.text()).contains("Threat Scan complete: 1,203 threats in 2,677 messages").contains("Malicious | 1,200");
        assertThat(EmailTemplates.inApp(request(NotificationKind.THREAT_SCAN_REPORT, p)).message())
                .isEqualTo("2,677 messages scanned, 1,203 threats found (1,200 malicious, 3 suspicious).");
    }

    @Test
    void aScanReportsDaysAreInCalendarOrder() {
        java.time.LocalDate first = java.time.LocalDate.parse("2026-11-08");
        java.util.Map<java.time.LocalDate, Long> days = new java.util.HashMap<>();
        for (int i = 0; i < 30; i++) {
            days.put(first.plusDays(i), (long) i + 1);
        }
        com.mailmoat.core.scan.Scan scan = com.mailmoat.core.scan.Scan.started("acct-1", "s-1", "t-1",
                com.mailmoat.core.scan.ScanKind.FIRST, Instant.parse("2026-11-08T00:00:00Z"),
                Instant.parse("2026-12-08T00:00:00Z"), Instant.parse("2026-12-08T00:00:00Z"), 1);
        com.mailmoat.core.scan.ScanReport report = new com.mailmoat.core.scan.ScanReport(10, 3, Map.of(), Map.of(),
                java.util.List.of(), java.util.List.of(), java.util.List.of(), days, 0);
        String perDay = com.mailmoat.core.scan.ScanReportParams.of(scan, report, CONSOLE, java.util.List.of("contoso.example"))
                .get("threatsPerDay");
        assertThat(perDay.lines().map(line -> line.substring(0, 10)).toList()).isSorted().hasSize(30);
    }

    @Test
    void theTrialEmailSaysWhen() {
        Map<String, String> p = new LinkedHashMap<>(params(NotificationKind.TRIAL_ENDING));
        assertThat(EmailTemplates.render(request(NotificationKind.TRIAL_ENDING, p), Branding.NONE, CONSOLE).subject())
                .isEqualTo("Your Mailmoat trial ends in 7 days");
        p.put("daysLeft", "1");
        assertThat(EmailTemplates.render(request(NotificationKind.TRIAL_ENDING, p), Branding.NONE, CONSOLE).subject())
                .isEqualTo("Your Mailmoat trial ends within a day");
    }

    @Test
    void aRealTimeAlertSaysWhyTheMessageStayed() {
        Map<String, String> p = new LinkedHashMap<>(params(NotificationKind.REAL_TIME_THREAT));
        p.put("action", "RECORDED");
        p.put("mode", "PROTECT");
        assertThat(EmailTemplates.render(request(NotificationKind.REAL_TIME_THREAT, p), Branding.NONE, CONSOLE).text())
                .contains("the policy for this mailbox records threats").doesNotContain("Monitor records");
        p.put("mode", "MONITOR");
        assertThat(EmailTemplates.render(request(NotificationKind.REAL_TIME_THREAT, p), Branding.NONE, CONSOLE).text())
                .contains("Monitor records threats without moving them");
    }

    @Test
    void theTrialEmailDoesNotTellAnAccountAlreadyInProtectToUpgrade() {
        Map<String, String> p = new LinkedHashMap<>(params(NotificationKind.TRIAL_ENDING));
        p.put("mode", "PROTECT");
        Email protect = EmailTemplates.render(request(NotificationKind.TRIAL_ENDING, p), Branding.NONE, CONSOLE);
        assertThat(protect.text()).contains("Protect is on").doesNotContain("Upgrade");
        p.put("mode", "THREAT_SCAN_ONLY");
        assertThat(EmailTemplates.render(request(NotificationKind.TRIAL_ENDING, p), Branding.NONE, CONSOLE).text())
                .contains("Upgrade to Monitor or Protect");
    }
}
