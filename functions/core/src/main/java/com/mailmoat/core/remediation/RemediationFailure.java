package com.mailmoat.core.remediation;

/** A message a job could not move, and why (for the console and the completion email). */
public record RemediationFailure(String detectionId, String mailbox, String subject, String reason) {
    public RemediationFailure {
        mailbox = mailbox == null ? "" : mailbox;
        subject = subject == null ? "" : subject;
        reason = reason == null ? "" : reason;
    }
}
