package com.mailmoat.testkit;

import com.mailmoat.core.detection.MimeHeaders;
import com.mailmoat.core.microsoft.MessageLookup;
import com.mailmoat.core.microsoft.MessageSummary;
import com.mailmoat.core.microsoft.MicrosoftThrottledException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Single-message lookups over {@link FakeMailboxes}: subject and sender from the message's headers,
 * its folder as it is now; drafts and well-known folders as set here.
 */
public final class FakeMessageLookup implements MessageLookup {
    private final FakeMailboxes mailboxes;
    private final Set<String> drafts = ConcurrentHashMap.newKeySet();
    private final Map<String, String> wellKnown = new ConcurrentHashMap<>();
    private final Map<String, String> senders = new ConcurrentHashMap<>();
    public final AtomicInteger lookups = new AtomicInteger();
    /** Lookups answered 429 before the next one succeeds. */
    public final AtomicInteger throttleNext = new AtomicInteger();

    public FakeMessageLookup(FakeMailboxes mailboxes) {
        this.mailboxes = mailboxes;
    }

    /** Reports {@code address} as the message's sender (the fake's messages carry no From header). */
    public void sender(String messageId, String address) {
        senders.put(messageId, address);
    }

    public void markDraft(String messageId) {
        drafts.add(messageId);
    }

    /** Gives the mailbox a well-known folder (e.g. "sentitems") with this id. */
    public void wellKnown(String mailboxId, String name, String folderId) {
        wellKnown.put(mailboxId + "/" + name, folderId);
    }

    @Override
    public Optional<Found> find(String tenantId, String mailboxId, String messageId) {
        lookups.incrementAndGet();
        if (throttleNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new MicrosoftThrottledException("throttled", Duration.ofSeconds(2), "ApplicationThrottled");
        }
        return mailboxes.messages(mailboxId).stream().filter(m -> m.id.equals(messageId)).findFirst()
                .map(m -> new Found(new MessageSummary(m.id, "<" + m.id + "@test>", senders.getOrDefault(m.id, MimeHeaders.header(m.mime, "From")),
                        MimeHeaders.header(m.mime, "Subject"), m.received, "", m.folderId), drafts.contains(m.id)));
    }

    @Override
    public java.util.List<MessageSummary> findByInternetMessageId(String tenantId, String mailboxId, String internetMessageId) {
        lookups.incrementAndGet();
        if (throttleNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new MicrosoftThrottledException("throttled", Duration.ofSeconds(2), "ApplicationThrottled");
        }
        return mailboxes.messages(mailboxId).stream()
                .filter(m -> internetMessageId.equals(MimeHeaders.header(m.mime, "Message-ID")))
                .map(m -> new MessageSummary(m.id, internetMessageId, MimeHeaders.header(m.mime, "From"),
                        MimeHeaders.header(m.mime, "Subject"), m.received, "", m.folderId)).toList();
    }

    @Override
    public Optional<String> wellKnownFolderId(String tenantId, String mailboxId, String wellKnownName) {
        return Optional.ofNullable(wellKnown.get(mailboxId + "/" + wellKnownName));
    }
}
