package com.mailmoat.core.notify;

import com.mailmoat.core.idempotency.IdempotencyStore;
import java.time.Duration;

/** Delivers a queued notification exactly once, however often the queue hands it over. */
public final class NotificationService {
    // Longer than one delivery can take, so a live worker's claim is never stolen.
    private static final Duration CLAIM_LEASE = Duration.ofMinutes(5);

    /** What happened to one delivery attempt. */
    public enum Outcome { DELIVERED, DUPLICATE, BUSY }

    private final IdempotencyStore idempotency;
    private final EmailSender emailSender;
    private final InAppNotificationStore inApp;

    public NotificationService(IdempotencyStore idempotency, EmailSender emailSender, InAppNotificationStore inApp) {
        this.idempotency = idempotency;
        this.emailSender = emailSender;
        this.inApp = inApp;
    }

    /**
     * Sends the notification unless it was sent before. BUSY means another worker is sending it
     * right now; the caller should let the queue retry.
     */
    public Outcome deliver(NotificationRequest request) {
        String key = "notification#" + request.notificationId();
        switch (idempotency.claim(key, CLAIM_LEASE).status()) {
            case ALREADY_DONE:
                return Outcome.DUPLICATE;
            case IN_PROGRESS:
                return Outcome.BUSY;
            default:
                break;
        }
        try {
            if (request.kind().showsInApp()) {
                inApp.save(EmailTemplates.inApp(request));
            }
            if (request.kind().sendsEmail()) {
                emailSender.send(EmailTemplates.render(request));
            }
        } catch (RuntimeException e) {
            idempotency.release(key);
            throw e;
        }
        idempotency.complete(key, request.kind().name());
        return Outcome.DELIVERED;
    }
}
