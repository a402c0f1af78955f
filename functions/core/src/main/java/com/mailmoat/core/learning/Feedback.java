package com.mailmoat.core.learning;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What administrators said about one message, latest verdict first: the message (its mailbox and
 * immutable id once known), the verdict in force, where the model is with it, and the audit trail.
 *
 * @param key               the message's key within the account: its detection id, or
 *                          {@link #missedKey(String)} for a message Mailmoat had not flagged
 * @param detectionId       the detection (empty for a reported missed threat)
 * @param mailboxId         the mailbox (empty until a reported message is found)
 * @param messageId         Graph's immutable id (empty until a reported message is found)
 * @param internetMessageId the Internet Message-ID
 * @param label             the verdict in force (the latest)
 * @param status            whether the model holds it yet
 * @param sequence          how many verdicts were given on the message (the learner learns each once)
 * @param learnedSequence   the sequence the model holds (0: none)
 * @param history           every verdict, oldest first (who, when, what)
 * @param subject           the message's subject, shown beside the verdict (empty until known)
 * @param reason            why nothing was learnt ({@link FeedbackStatus#UNAVAILABLE}, {@link FeedbackStatus#FAILED}
 *                          or {@link FeedbackStatus#EXCLUDED}), in the administrator's words; otherwise empty
 */
public record Feedback(String accountId, String key, String detectionId, String mailboxId, String messageId,
                       String internetMessageId, FeedbackLabel label, FeedbackStatus status, long sequence,
                       long learnedSequence, List<FeedbackEntry> history, String subject, String reason) {
    public Feedback {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(status, "status");
        detectionId = detectionId == null ? "" : detectionId;
        mailboxId = mailboxId == null ? "" : mailboxId;
        messageId = messageId == null ? "" : messageId;
        internetMessageId = internetMessageId == null ? "" : internetMessageId;
        history = history == null ? List.of() : List.copyOf(history);
        subject = subject == null ? "" : subject;
        reason = reason == null ? "" : reason;
    }

    /** A verdict whose message's subject is not known yet. */
    public Feedback(String accountId, String key, String detectionId, String mailboxId, String messageId,
                    String internetMessageId, FeedbackLabel label, FeedbackStatus status, long sequence,
                    long learnedSequence, List<FeedbackEntry> history) {
        this(accountId, key, detectionId, mailboxId, messageId, internetMessageId, label, status, sequence,
                learnedSequence, history, "", "");
    }

    /** The key of a message reported by Internet Message-ID (case kept: ids are case-sensitive). */
    public static String missedKey(String internetMessageId) {
        return "missed-" + com.mailmoat.core.detection.Detection.idFor("internet-message-id", internetMessageId.strip());
    }

    /** The latest entry of the trail (who said it, when). */
    public FeedbackEntry latest() {
        return history.isEmpty() ? null : history.get(history.size() - 1);
    }

    /** The message has been found in a mailbox (its MIME can be read). */
    public boolean located() {
        return !mailboxId.isEmpty() && !messageId.isEmpty();
    }

    /** Found in a mailbox: where it is, and its subject. */
    public Feedback located(String mailbox, String message, String messageSubject) {
        return new Feedback(accountId, key, detectionId, mailbox, message, internetMessageId, label, status, sequence,
                learnedSequence, history, messageSubject, reason);
    }

    public Feedback withStatus(FeedbackStatus s, long learned) {
        return new Feedback(accountId, key, detectionId, mailboxId, messageId, internetMessageId, label, s, sequence,
                learned, history, subject, "");
    }

    /** Nothing was learnt from the latest verdict ({@code UNAVAILABLE}, {@code FAILED} or {@code EXCLUDED}), and why. */
    public Feedback notLearnt(FeedbackStatus s, String why) {
        if (s == FeedbackStatus.PENDING || s == FeedbackStatus.LEARNED) {
            throw new IllegalArgumentException(s + " is not a status of a verdict nothing was learnt from");
        }
        return new Feedback(accountId, key, detectionId, mailboxId, messageId, internetMessageId, label, s, sequence,
                learnedSequence, history, subject, why);
    }

    /** Nothing was learnt from the latest verdict: the same verdict again is learnt anew. */
    public boolean nothingLearnt() {
        return status == FeedbackStatus.UNAVAILABLE || status == FeedbackStatus.FAILED;
    }
}
