package com.mailmoat.testkit;

import com.mailmoat.core.microsoft.MailFolder;
import com.mailmoat.core.microsoft.Mailbox;
import com.mailmoat.core.microsoft.MailboxGateway;
import com.mailmoat.core.microsoft.MessagePage;
import com.mailmoat.core.microsoft.MessageSummary;
import com.mailmoat.core.microsoft.MicrosoftAccessDeniedException;
import com.mailmoat.core.microsoft.MicrosoftNotFoundException;
import com.mailmoat.core.microsoft.MicrosoftThrottledException;
import com.mailmoat.core.microsoft.MicrosoftUnavailableException;
import com.mailmoat.core.microsoft.MovedMessage;
import com.mailmoat.core.microsoft.ReceivedPage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Mailboxes in memory for unit tests of the scan and remediation services: messages keep their
 * (immutable) ids across moves, listings honour received-time ranges, and calls can be throttled
 * at random ({@link #throttle}) or a mailbox made unreadable. (Integration tests use the simulator.)
 */
public final class FakeMailboxes implements MailboxGateway {
    /** A stored message. */
    public static final class Message {
        public final String id;
        public final Instant received;
        public final byte[] mime;
        public volatile String folderId;

        Message(String id, Instant received, byte[] mime, String folderId) {
            this.id = id;
            this.received = received;
            this.mime = mime;
            this.folderId = folderId;
        }
    }

    private final Map<String, Mailbox> mailboxes = new ConcurrentHashMap<>();
    private final Map<String, List<Message>> messages = new ConcurrentHashMap<>();
    private final Map<String, List<MailFolder>> folders = new ConcurrentHashMap<>();
    private final Map<String, String> unreadable = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final Random random = new Random(7);
    public final AtomicInteger mimeFetches = new AtomicInteger();
    public final List<String> listings = new CopyOnWriteArrayList<>();
    public final AtomicInteger foldersCreated = new AtomicInteger();
    public final AtomicInteger locates = new AtomicInteger();
    /** How often the tenant's mailboxes were listed. */
    public final AtomicInteger mailboxListings = new AtomicInteger();
    private final Map<String, Integer> moves = new ConcurrentHashMap<>();
    private final java.util.Queue<MoveFault> moveFaults = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final AtomicInteger locateThrottles = new AtomicInteger();
    /** When set, every move throws it (a bug or an outage the gateway does not know). */
    public volatile RuntimeException brokenWith;
    /** Probability that any call answers 429 (Retry-After 2 s). */
    public volatile double throttle;

    public Mailbox addMailbox(String address) {
        return addMailboxWithId(new Mailbox("user-" + address, address, address, address.substring(0, address.indexOf('@'))));
    }

    public Mailbox addMailboxWithId(Mailbox box) {
        mailboxes.put(box.id(), box);
        messages.put(box.id(), new CopyOnWriteArrayList<>());
        folders.put(box.id(), new CopyOnWriteArrayList<>(List.of(new MailFolder("inbox-" + box.id(), "Inbox", true))));
        return box;
    }

    /** Adds a message whose MIME is {@code body} (the fake inspector judges by its text). */
    /** Delivers a whole message (header fields and body) as given. */
    public Message deliverMime(String mailboxId, Instant received, String mime) {
        Message message = new Message("msg-" + ids.incrementAndGet(), received, mime.getBytes(StandardCharsets.UTF_8),
                "inbox-" + mailboxId);
        messages.get(mailboxId).add(message);
        return message;
    }

    public Message deliver(String mailboxId, Instant received, String body) {
        Message message = new Message("msg-" + ids.incrementAndGet(), received,
                ("Subject: test\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8), "inbox-" + mailboxId);
        messages.get(mailboxId).add(message);
        return message;
    }

    /** Delivers a message from {@code from} (what Graph lists as its sender). */
    public Message deliverFrom(String mailboxId, Instant received, String from, String body) {
        Message message = new Message("msg-" + ids.incrementAndGet(), received,
                ("From: " + from + "\r\nSubject: test\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8), "inbox-" + mailboxId);
        messages.get(mailboxId).add(message);
        return message;
    }

    /** The address of the message's From field, as Graph's listing gives it; a fixed outsider when it has none. */
    private static String fromAddress(byte[] mime) {
        String text = new String(mime, StandardCharsets.UTF_8);
        int end = text.indexOf("\r\n\r\n");
        for (String line : (end < 0 ? text : text.substring(0, end)).split("\r\n")) {
            if (line.regionMatches(true, 0, "From:", 0, 5)) {
                String value = line.substring(5).strip();
                int lt = value.indexOf('<');
                return lt >= 0 && value.indexOf('>', lt) > lt ? value.substring(lt + 1, value.indexOf('>', lt)) : value;
            }
        }
        return "sender@outside.example";
    }

    /** Adds a top-level folder (as a user would create one) and returns it. */
    public MailFolder addFolder(String mailboxId, String displayName) {
        MailFolder folder = new MailFolder("folder-" + ids.incrementAndGet(), displayName, true);
        folders.get(mailboxId).add(folder);
        return folder;
    }

    /** Moves a message as its user would (not counted as one of the gateway's moves). */
    public void userMove(String mailboxId, String messageId, String folderId) {
        messages.get(mailboxId).stream().filter(m -> m.id.equals(messageId)).findFirst()
                .ifPresent(m -> m.folderId = folderId);
    }

    /** Deletes a message as its user would (hard delete). */
    public void delete(String mailboxId, String messageId) {
        messages.get(mailboxId).removeIf(m -> m.id.equals(messageId));
    }

    /** Every call for the mailbox fails as Graph does for a user without a mailbox. */
    public void makeUnreadable(String mailboxId) {
        unreadable.put(mailboxId, "MailboxNotEnabledForRESTAPI");
    }

    public List<Message> messages(String mailboxId) {
        return messages.get(mailboxId);
    }

    private synchronized void maybeThrottle() {
        if (throttle > 0 && random.nextDouble() < throttle) {
            throw new MicrosoftThrottledException("Application is over its MailboxConcurrency limit.",
                    Duration.ofSeconds(2), "ApplicationThrottled");
        }
    }

    private void checkReadable(String mailboxId) {
        String code = unreadable.get(mailboxId);
        if (code != null) {
            throw new MicrosoftNotFoundException("mailbox not enabled", code, null);
        }
    }

    @Override
    public List<Mailbox> listMailboxes(String tenantId) {
        maybeThrottle();
        mailboxListings.incrementAndGet();
        return mailboxes.values().stream().sorted(Comparator.comparing(Mailbox::mail)).toList();
    }

    @Override
    public ReceivedPage listReceived(String tenantId, String mailboxId, Instant from, Instant until, int top,
                                     boolean count) {
        maybeThrottle();
        checkReadable(mailboxId);
        listings.add(mailboxId + "@" + from);
        List<Message> range = messages.get(mailboxId).stream()
                .filter(m -> !m.received.isBefore(from) && m.received.isBefore(until))
                .sorted(Comparator.comparing((Message m) -> m.received))
                .toList();
        List<MessageSummary> page = new ArrayList<>();
        for (Message m : range.subList(0, Math.min(top, range.size()))) {
            page.add(new MessageSummary(m.id, "<" + m.id + "@test>", fromAddress(m.mime), "test", m.received,
                    "Sender", m.folderId));
        }
        return new ReceivedPage(page, count ? Optional.of((long) range.size()) : Optional.empty(), range.size() > top);
    }

    @Override
    public Optional<MailFolder> findFolder(String tenantId, String mailboxId, String displayName) {
        maybeThrottle();
        checkReadable(mailboxId);
        return folders.get(mailboxId).stream().filter(f -> f.displayName().equalsIgnoreCase(displayName)).findFirst();
    }

    @Override
    public MessagePage firstMessages(String tenantId, String mailboxId, Instant receivedSince, int pageSize) {
        throw new UnsupportedOperationException("the scan lists by received-time range");
    }

    @Override
    public MessagePage nextMessages(String tenantId, String cursor) {
        throw new UnsupportedOperationException("the scan lists by received-time range");
    }

    @Override
    public byte[] fetchMime(String tenantId, String mailboxId, String messageId) {
        maybeThrottle();
        mimeFetches.incrementAndGet();
        return messages.get(mailboxId).stream().filter(m -> m.id.equals(messageId)).findFirst()
                .map(m -> m.mime)
                .orElseThrow(() -> new MicrosoftNotFoundException("gone", "ErrorItemNotFound", null));
    }

    @Override
    public MailFolder ensureFolder(String tenantId, String mailboxId, String displayName) {
        maybeThrottle();
        checkReadable(mailboxId);
        return findFolder(tenantId, mailboxId, displayName).orElseGet(() -> {
            // Created hidden, as Mailmoat creates its quarantine folder (a user's own folders are visible).
            MailFolder folder = new MailFolder("folder-" + ids.incrementAndGet(), displayName, false);
            folders.get(mailboxId).add(folder);
            foldersCreated.incrementAndGet();
            return folder;
        });
    }

    /** Removes a folder as a user would (its messages go with it). */
    public void deleteFolder(String mailboxId, String folderId) {
        folders.get(mailboxId).removeIf(f -> f.id().equals(folderId));
        messages.get(mailboxId).removeIf(m -> m.folderId.equals(folderId));
    }

    /** How a coming move fails (see {@link #failNextMoves}). */
    public enum MoveFault {
        /** 429 ApplicationThrottled before anything happens. */
        THROTTLE,
        /** 503 before anything happens. */
        UNAVAILABLE,
        /** The move is applied, then answered 504 (Microsoft committed it). */
        COMMIT_THEN_504,
        /** 403 ErrorAccessDenied (no Mail.ReadWrite). */
        ACCESS_DENIED
    }

    /** The next moves fail as given, in order. */
    public void failNextMoves(MoveFault... faults) {
        moveFaults.addAll(List.of(faults));
    }

    /** The next locates answer 429, as many as given. */
    public void throttleNextLocates(int count) {
        locateThrottles.addAndGet(count);
    }

    @Override
    public Optional<String> locateMessage(String tenantId, String mailboxId, String messageId) {
        maybeThrottle();
        if (locateThrottles.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new MicrosoftThrottledException("Application is over its MailboxConcurrency limit.",
                    Duration.ofSeconds(2), "ApplicationThrottled");
        }
        checkReadable(mailboxId);
        locates.incrementAndGet();
        return messages.get(mailboxId).stream().filter(m -> m.id.equals(messageId)).findFirst().map(m -> m.folderId);
    }

    @Override
    public MovedMessage moveMessage(String tenantId, String mailboxId, String messageId, String destinationFolderId) {
        maybeThrottle();
        if (brokenWith != null) {
            throw brokenWith;
        }
        MoveFault fault = moveFaults.poll();
        if (fault == MoveFault.THROTTLE) {
            throw new MicrosoftThrottledException("Application is over its MailboxConcurrency limit.",
                    Duration.ofSeconds(2), "ApplicationThrottled");
        }
        if (fault == MoveFault.UNAVAILABLE) {
            throw new MicrosoftUnavailableException("move failed with HTTP 503", 503, "serviceNotAvailable", null);
        }
        if (fault == MoveFault.ACCESS_DENIED) {
            throw new MicrosoftAccessDeniedException("move failed with HTTP 403", "ErrorAccessDenied", null);
        }
        checkReadable(mailboxId);
        String destination = destinationFolderId.equalsIgnoreCase("inbox") ? "inbox-" + mailboxId : destinationFolderId;
        if (folders.get(mailboxId).stream().noneMatch(f -> f.id().equals(destination))) {
            throw new MicrosoftNotFoundException("no such folder", "ErrorItemNotFound", null);
        }
        Message message = messages.get(mailboxId).stream().filter(m -> m.id.equals(messageId)).findFirst()
                .orElseThrow(() -> new MicrosoftNotFoundException("gone", "ErrorItemNotFound", null));
        message.folderId = destination;
        moves.merge(message.id, 1, Integer::sum);
        if (fault == MoveFault.COMMIT_THEN_504) {
            throw new MicrosoftUnavailableException("move failed with HTTP 504", 504, "GatewayTimeout", null);
        }
        return new MovedMessage(message.id, destination);
    }

    /** How many times each message was moved (by id). */
    public Map<String, Integer> moves() {
        return Map.copyOf(moves);
    }

    /** The folder a message is in, or null when it is gone. */
    public String folderOf(String mailboxId, String messageId) {
        return messages.get(mailboxId).stream().filter(m -> m.id.equals(messageId)).findFirst()
                .map(m -> m.folderId).orElse(null);
    }

    /** The id of the mailbox's inbox. */
    public String inboxOf(String mailboxId) {
        return "inbox-" + mailboxId;
    }
}
