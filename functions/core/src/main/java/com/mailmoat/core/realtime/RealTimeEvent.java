package com.mailmoat.core.realtime;

import com.mailmoat.core.detection.ThreatLevel;
import java.time.Instant;
import java.util.Objects;

/**
 * One message checked as it arrived, for the console's "last events": which mailbox, the verdict,
 * what was done. Sender and subject are kept for flagged messages only (they are in the detection
 * anyway); a clean message leaves no trace of its content.
 *
 * @param detectionId the detection recorded (null for clean messages)
 * @param latencyMillis from the notification's arrival to the verdict
 */
public record RealTimeEvent(Instant at, String mailbox, ThreatLevel level, RealTimeAction action, String detectionId,
                            String sender, String subject, long latencyMillis) {
    public RealTimeEvent {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(action, "action");
        mailbox = mailbox == null ? "" : mailbox;
        sender = sender == null ? "" : sender;
        subject = subject == null ? "" : subject;
    }
}
