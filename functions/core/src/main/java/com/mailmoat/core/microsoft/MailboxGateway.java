package com.mailmoat.core.microsoft;

import java.time.Instant;
import java.util.List;

/**
 * Reads and rearranges the mailboxes of a Microsoft 365 tenant that granted Mailmoat admin
 * consent (Microsoft Graph, application permissions). Threat scans page through mail with it,
 * remediation moves messages to and from the quarantine folder.
 *
 * <p>Every method takes the tenant id: tokens are per tenant. Failures are reported as
 * {@link MicrosoftThrottledException} (retry after the given delay), {@link MicrosoftUnavailableException}
 * (transient), {@link MicrosoftNotFoundException} and {@link MicrosoftAccessDeniedException}.
 */
public interface MailboxGateway {

    /** Every user of the tenant that has an e-mail address, i.e. every mailbox to scan. */
    List<Mailbox> listMailboxes(String tenantId);

    /**
     * The first page of the messages {@code mailboxId} received at or after {@code receivedSince},
     * all folders included.
     *
     * @param pageSize messages per page, 1..1000 (Graph's bound for messages)
     */
    MessagePage firstMessages(String tenantId, String mailboxId, Instant receivedSince, int pageSize);

    /**
     * The page at {@code cursor}, a {@link MessagePage#nextCursor()} previously returned for the
     * same tenant. Following cursors from the first page visits each message exactly once.
     */
    MessagePage nextMessages(String tenantId, String cursor);

    /**
     * The messages {@code mailboxId} received in {@code [from, until)}, in every folder, oldest
     * first, identified by Graph's immutable ids (stable when messages move within the mailbox):
     * the keyset listing a scan pages through. Ties in received time come in no particular order.
     *
     * @param top   at most this many, 1..1000
     * @param count also report how many messages the range holds
     */
    ReceivedPage listReceived(String tenantId, String mailboxId, Instant from, Instant until, int top, boolean count);

    /**
     * The top-level folder named {@code displayName} (case-insensitive), if the mailbox has one,
     * hidden or visible.
     */
    java.util.Optional<MailFolder> findFolder(String tenantId, String mailboxId, String displayName);

    /** The message exactly as received (RFC 5322 MIME), byte for byte; ids may be immutable ids. */
    byte[] fetchMime(String tenantId, String mailboxId, String messageId);

    /**
     * Several messages' MIME of one mailbox at once (Graph: one {@code $batch} of up to
     * {@link #MAX_BATCH} {@code $value} requests, which Graph hands Outlook four at a time, so one
     * call stays within the mailbox's concurrency limit). Every id gets an answer: its bytes or
     * its own failure; a failure of the whole call (the batch itself throttled or refused) throws.
     * Without batching, this fetches the messages one by one.
     */
    default java.util.Map<String, MimeResult> fetchMimes(String tenantId, String mailboxId, List<String> messageIds) {
        java.util.Map<String, MimeResult> results = new java.util.LinkedHashMap<>();
        for (String id : messageIds) {
            try {
                results.put(id, new MimeResult.Fetched(fetchMime(tenantId, mailboxId, id)));
            } catch (MicrosoftException e) {
                results.put(id, new MimeResult.Failed(e));
            }
        }
        return results;
    }

    /** Graph's largest {@code $batch}. */
    int MAX_BATCH = 20;

    /**
     * The top-level folder named {@code displayName} in the mailbox, created on first use, hidden from
     * the user's mail clients (Graph's {@code isHidden}; it can only be set at creation, so a visible
     * folder of that name made earlier is found and used as it is). Calling it again (also
     * concurrently) finds the same folder instead of creating a second one.
     */
    MailFolder ensureFolder(String tenantId, String mailboxId, String displayName);

    /**
     * Where a message is now: the id of its folder, or empty when the mailbox has no such message
     * ({@code ErrorItemNotFound}: the user deleted it or moved it out of the mailbox). Other failures
     * (no mailbox, access denied, throttling) are thrown as usual.
     *
     * @param messageId the message's immutable id
     */
    java.util.Optional<String> locateMessage(String tenantId, String mailboxId, String messageId);

    /**
     * Moves a message into a folder of the same mailbox, once: the request is sent exactly one time,
     * never retried in process, because Microsoft may have committed a move it answered with a
     * 5xx/504 ({@link MicrosoftUnavailableException}). After such an answer callers must
     * {@link #locateMessage locate} the message before moving it again. With immutable ids the message
     * keeps its id.
     *
     * @param messageId           the message's immutable id
     * @param destinationFolderId a folder id, or a well-known folder name such as {@code inbox}
     * @throws MicrosoftNotFoundException with {@code ErrorItemNotFound} when the message (or the
     *                                    destination folder) does not exist
     */
    MovedMessage moveMessage(String tenantId, String mailboxId, String messageId, String destinationFolderId);
}
