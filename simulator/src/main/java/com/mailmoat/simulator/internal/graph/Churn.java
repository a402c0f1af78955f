package com.mailmoat.simulator.internal.graph;

import com.mailmoat.simulator.Faults;
import com.mailmoat.simulator.internal.tenant.ChurnLog;
import com.mailmoat.simulator.internal.tenant.MailFolder;
import com.mailmoat.simulator.internal.tenant.Mailbox;
import com.mailmoat.simulator.internal.tenant.StoredMessage;
import com.mailmoat.simulator.internal.tenant.Tenant;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@code churn} fault: while a mailbox's messages are being listed, a simulated user moves or
 * deletes one of them, or new mail arrives (received now). Picks come from the fault settings'
 * seeded random source, so a seeded run repeats; each change is recorded in the tenant's churn log.
 */
final class Churn {

    private static final List<String> DESTINATIONS = List.of("inbox", "archive", "deleteditems", "junkemail");
    private static final DateTimeFormatter RFC_1123 = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private Churn() {
    }

    /** Rolls the churn fault for one message-list request on this mailbox, and applies the change it brings. */
    static void maybeChurn(Faults faults, Tenant tenant, Mailbox mailbox) {
        if (!faults.rollChurn()) {
            return;
        }
        Random random = faults.churnRandom();
        List<StoredMessage> messages = new ArrayList<>(mailbox.messages());
        messages.sort(Comparator.comparingLong(StoredMessage::orderKey));
        int action;
        int pick;
        int destination;
        synchronized (random) {
            action = messages.isEmpty() ? 2 : random.nextInt(3);
            pick = messages.isEmpty() ? 0 : random.nextInt(messages.size());
            destination = random.nextInt(DESTINATIONS.size());
        }
        String upn = mailbox.owner().userPrincipalName();
        ChurnLog log = tenant.churn();
        switch (action) {
            case 0 -> {
                StoredMessage message = messages.get(pick);
                MailFolder target = mailbox.folder(DESTINATIONS.get(destination)).orElseThrow();
                if (target.id().equals(message.folderId())) {
                    target = mailbox.folder(DESTINATIONS.get((destination + 1) % DESTINATIONS.size())).orElseThrow();
                }
                StoredMessage moved = mailbox.move(message.id(), target.id());
                log.moved(new ChurnLog.Moved(upn, moved.immutableId(), message.id(), moved.id(), target.displayName()));
            }
            case 1 -> {
                StoredMessage message = messages.get(pick);
                mailbox.delete(message.id());
                log.deleted(new ChurnLog.Deleted(upn, message.immutableId(), message.id()));
            }
            default -> {
                long n = SEQUENCE.incrementAndGet();
                Instant now = Instant.now();
                String mime = "From: \"Churn Weekly\" <news@churn-sender.example>\r\n"
                        + "To: " + upn + "\r\n"
                        + "Subject: Arrived while the mailbox was being read (" + n + ")\r\n"
                        + "Date: " + RFC_1123.format(now) + "\r\n"
                        + "Message-ID: <churn-" + n + "-" + now.toEpochMilli() + "@churn-sender.example>\r\n"
                        + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
                        + "New mail delivered by the simulator's churn fault.\r\n";
                StoredMessage delivered = mailbox.deliver(mime.getBytes(StandardCharsets.UTF_8), now,
                        mailbox.folder("inbox").orElseThrow().id(), false, false);
                log.delivered(new ChurnLog.Delivered(upn, delivered.immutableId(), delivered.id()));
            }
        }
    }
}
