package com.mailmoat.core.detection;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A message judged SUSPICIOUS or MALICIOUS. Keyed by account and {@link #idFor(String, String) a
 * hash of mailbox and immutable message id}, so the same message is never recorded twice however
 * often it is judged.
 *
 * @param messageId   Graph's immutable id of the message (survives moves within the mailbox)
 * @param folderId    the folder the message was in when detected (where a release puts it back)
 * @param scanId      the scan that found it (null for real-time detections)
 * @param trail       remediation's audit trail and the message's current place ({@link DetectionTrail#NONE} until
 *                    the first remediation)
 */
public record Detection(String accountId, String detectionId, String scanId, DetectionSource source,
                        String mailboxId, String mailbox, String messageId, String internetMessageId,
                        String sender, String senderName, String subject, Instant receivedAt, String folderId,
                        ThreatLevel level, double score, Set<String> categories, List<Evidence> reasons,
                        DetectionStatus status, Instant detectedAt, DetectionTrail trail) {

    /** A detection nothing has been done about yet. */
    public Detection(String accountId, String detectionId, String scanId, DetectionSource source,
                     String mailboxId, String mailbox, String messageId, String internetMessageId,
                     String sender, String senderName, String subject, Instant receivedAt, String folderId,
                     ThreatLevel level, double score, Set<String> categories, List<Evidence> reasons,
                     DetectionStatus status, Instant detectedAt) {
        this(accountId, detectionId, scanId, source, mailboxId, mailbox, messageId, internetMessageId, sender,
                senderName, subject, receivedAt, folderId, level, score, categories, reasons, status, detectedAt,
                DetectionTrail.NONE);
    }

    public Detection {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(detectionId, "detectionId");
        Objects.requireNonNull(mailboxId, "mailboxId");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(status, "status");
        categories = Set.copyOf(categories);
        reasons = List.copyOf(reasons);
        sender = sender == null ? "" : sender;
        senderName = senderName == null ? "" : senderName;
        subject = subject == null ? "" : subject;
        internetMessageId = internetMessageId == null ? "" : internetMessageId;
        mailbox = mailbox == null ? "" : mailbox;
        trail = trail == null ? DetectionTrail.NONE : trail;
    }

    /** The same detection, listed with the scan that judged it again, with that scan's judgement. */
    public Detection rejudgedBy(Detection later) {
        return new Detection(accountId, detectionId, later.scanId, source, mailboxId, mailbox, messageId, internetMessageId,
                sender, senderName, subject, receivedAt, folderId, later.level, later.score, later.categories, later.reasons,
                status, detectedAt, trail);
    }

    /** The same detection after something was done about it. */
    public Detection withStatus(DetectionStatus newStatus, DetectionTrail newTrail) {
        return new Detection(accountId, detectionId, scanId, source, mailboxId, mailbox, messageId, internetMessageId,
                sender, senderName, subject, receivedAt, folderId, level, score, categories, reasons, newStatus, detectedAt,
                newTrail);
    }

    /** The category the detection engine gives dangerous attachments (executables, scripts, macros, disk images). */
    public static final String MALWARE = "MALWARE";

    /**
     * Rules of the detection engine that name an executable or script attachment: a reason with one of
     * them marks malware even should its weight not have made MALWARE one of the categories.
     */
    public static final Set<String> EXECUTABLE_ATTACHMENT_RULES =
            Set.of("ATT_EXECUTABLE", "ATT_ARCHIVE_EXECUTABLE", "ATT_DOUBLE_EXTENSION");

    /**
     * The message carries malware: MALWARE is one of its categories, or a reason that added points names
     * an executable or script attachment. Such a message is never learnt as wanted mail, whoever releases it.
     */
    public boolean carriesMalware() {
        return categories.contains(MALWARE) || reasons.stream()
                .anyMatch(r -> r.weight() > 0 && EXECUTABLE_ATTACHMENT_RULES.contains(r.rule()));
    }

    /** Where the message is now: the folder remediation moved it to, else where it was detected; null when gone. */
    public String currentFolderId() {
        if (trail.messageGone()) {
            return null;
        }
        return trail.currentFolderId() != null ? trail.currentFolderId() : folderId;
    }

    /**
     * Mailmoat holds the message in quarantine now: removed, and not found gone from the mailbox since (a
     * release that found it deleted leaves the status as it was).
     */
    public boolean inQuarantine() {
        return status == DetectionStatus.REMOVED && !trail.messageGone();
    }

    /** The detection id of a message: the same for every judgement of it in that mailbox. */
    public static String idFor(String mailboxId, String messageId) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest((mailboxId + "\n" + messageId).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The sender's domain, lower case; empty when the address has none. */
    public String senderDomain() {
        int at = sender.lastIndexOf('@');
        return at < 0 ? "" : sender.substring(at + 1).toLowerCase(java.util.Locale.ROOT);
    }
}
