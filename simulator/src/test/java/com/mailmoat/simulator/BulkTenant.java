package com.mailmoat.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Writes a one-mailbox tenant with many small messages, several sharing each received time. */
final class BulkTenant {

    static final String TENANT_ID = "b1b2b3b4-0000-4000-8000-00000000b01c";
    static final String UPN = "bulk@bulk-test.example";

    private BulkTenant() {
    }

    static Path write(Path dir, int messages) {
        try {
            Files.writeString(dir.resolve("tenant.json"), """
                    {"tenantId": "%s", "displayName": "Bulk Test", "domains": ["bulk-test.example"],
                     "isTrial": false, "globalAdmins": ["%s"], "dns": {}}
                    """.formatted(TENANT_ID, UPN));
            Files.writeString(dir.resolve("users.json"), """
                    [{"userPrincipalName": "%s", "mail": "%s", "displayName": "Bulk Mailbox"}]
                    """.formatted(UPN, UPN));
            Path mailbox = Files.createDirectories(dir.resolve("mailboxes").resolve(UPN));
            StringBuilder index = new StringBuilder("[\n");
            Instant newest = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            for (int i = 0; i < messages; i++) {
                // Three messages per second: equal received times must still page stably.
                Instant received = newest.minus(Duration.ofSeconds(i / 3));
                String name = "m" + i + ".eml";
                Files.writeString(mailbox.resolve(name), "From: sender" + (i % 7) + "@elsewhere.example\r\n"
                        + "To: " + UPN + "\r\nSubject: Message number " + i + "\r\nMessage-ID: <m" + i
                        + "@bulk-test.example>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\nBody " + i
                        + "\r\n", StandardCharsets.US_ASCII);
                index.append(i == 0 ? "" : ",\n").append("{\"file\": \"").append(name)
                        .append("\", \"receivedDateTime\": \"").append(received).append("\"}");
            }
            Files.writeString(mailbox.resolve("messages.json"), index.append("\n]\n"));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
