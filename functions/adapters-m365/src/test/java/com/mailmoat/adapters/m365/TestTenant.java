package com.mailmoat.adapters.m365;

import com.mailmoat.simulator.Simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Writes the contract tests' tenants in the simulator's documented directory format: a paying
 * tenant with one mailbox of 2,500 recent messages (plus a few older than the scan window), and a
 * trial tenant. All mail is written here, by hand, for these tests.
 */
final class TestTenant {
    static final String TENANT_ID = "6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b";
    static final String TRIAL_TENANT_ID = "7a2d3c4b-5e6f-4071-8b9c-0d1e2f3a4b5c";
    static final String DOMAIN = "contoso-test.example";
    static final String ADMIN = "admin@" + DOMAIN;
    static final String ALICE = "alice@" + DOMAIN;
    static final String BOB = "bob@" + DOMAIN;
    static final String ROBOT = "robot@" + DOMAIN;
    static final String GROUP = "Finance";
    static final int RECENT_MESSAGES = 2_500;
    static final int OLD_MESSAGES = 3;
    /** Received times of the big mailbox are relative to when the tests run. */
    static final Instant SCAN_START = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(30, ChronoUnit.DAYS);

    private TestTenant() {
    }

    static void writeMain(Path dir) {
        write(dir.resolve("tenant.json"), """
                {"tenantId": "%s", "displayName": "Contoso Test", "isTrial": false,
                 "domains": ["%s", "contosotest.onmicrosoft.com"], "globalAdmins": ["%s"]}
                """.formatted(TENANT_ID, DOMAIN, ADMIN));
        write(dir.resolve("users.json"), """
                [{"userPrincipalName": "%s", "mail": "%s", "displayName": "Ada Admin"},
                 {"userPrincipalName": "%s", "mail": "%s", "displayName": "Alice Archer"},
                 {"userPrincipalName": "%s", "mail": "%s", "displayName": "Bob Baker"},
                 {"userPrincipalName": "%s", "displayName": "Build Robot"}]
                """.formatted(ADMIN, ADMIN, ALICE, ALICE, BOB, BOB, ROBOT));
        write(dir.resolve("groups.json"), """
                [{"displayName": "%s", "members": ["%s", "%s"]}, {"displayName": "Everyone", "members": ["%s", "%s", "%s"]}]
                """.formatted(GROUP, ALICE, BOB, ADMIN, ALICE, BOB));

        Path bob = dir.resolve("mailboxes").resolve(BOB);
        writeBytes(bob.resolve("exact.eml"), exactBytesMessage());
        write(bob.resolve("messages.json"), "[{\"file\": \"exact.eml\", \"receivedDateTime\": \""
                + SCAN_START.plus(2, ChronoUnit.DAYS) + "\"}]");
    }

    /**
     * Delivers Alice's 2,500 recent and 3 old messages straight into the running simulator: the
     * same mailbox state as seeding them from files, without writing 2,503 files per test run.
     */
    static void deliverAliceMail(Simulator simulator) {
        for (int n = 0; n < RECENT_MESSAGES + OLD_MESSAGES; n++) {
            boolean old = n >= RECENT_MESSAGES;
            // Spread over 29 days inside the window; the old ones 40 days back.
            Instant received = old ? SCAN_START.minus(10, ChronoUnit.DAYS).plusSeconds(n)
                    : SCAN_START.plus(1, ChronoUnit.DAYS).plusSeconds(n * 997L);
            simulator.deliver(TENANT_ID, ALICE, simpleMessage(n, received).getBytes(StandardCharsets.UTF_8), received, "inbox");
        }
    }

    static void writeTrial(Path dir) {
        write(dir.resolve("tenant.json"), """
                {"tenantId": "%s", "displayName": "Trial Test", "isTrial": true,
                 "domains": ["trial-test.example"], "globalAdmins": ["owner@trial-test.example"]}
                """.formatted(TRIAL_TENANT_ID));
        write(dir.resolve("users.json"), """
                [{"userPrincipalName": "owner@trial-test.example", "mail": "owner@trial-test.example", "displayName": "Owner"}]
                """);
    }

    static String internetMessageId(int n) {
        return "<contract-" + n + "@" + DOMAIN + ">";
    }

    private static String simpleMessage(int n, Instant received) {
        return "From: Sender " + n + " <sender" + (n % 17) + "@fabrikam-test.example>\r\n"
                + "To: Alice Archer <" + ALICE + ">\r\n"
                + "Subject: Contract message " + n + "\r\n"
                + "Date: " + java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(received.atZone(java.time.ZoneOffset.UTC)) + "\r\n"
                + "Message-ID: " + internetMessageId(n) + "\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n"
                + "\r\n"
                + "Body of message " + n + ".\r\n";
    }

    /**
     * A message whose bytes a careless pipeline would change: CRLF and bare LF line ends, trailing
     * spaces, 8-bit UTF-8 in a header and the body, a base64 part, no final newline.
     */
    static byte[] exactBytesMessage() {
        String text = "From: =?utf-8?q?Zo=C3=AB?= <zoe@fabrikam-test.example>\r\n"
                + "To: " + BOB + "\r\n"
                + "Subject: Exact bytes \r\n"
                + "Message-ID: <exact-bytes@" + DOMAIN + ">\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=\"b1\"\r\n"
                + "\r\n"
                + "--b1\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n"
                + "Content-Transfer-Encoding: 8bit\r\n"
                + "\r\n"
                + "Grüße — naïve café   \n"
                + "bare LF above, trailing spaces kept   \r\n"
                + "--b1\r\n"
                + "Content-Type: application/octet-stream; name=\"blob.bin\"\r\n"
                + "Content-Transfer-Encoding: base64\r\n"
                + "\r\n"
                + "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\r\n"
                + "--b1--";
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static void write(Path file, String text) {
        writeBytes(file, text.getBytes(StandardCharsets.UTF_8));
    }

    private static void writeBytes(Path file, byte[] bytes) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
