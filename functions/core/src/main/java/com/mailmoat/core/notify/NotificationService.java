package com.mailmoat.core.notify;

import com.mailmoat.core.idempotency.IdempotencyStore;
import java.time.Duration;
import java.util.function.Function;

/**
 * Delivers a queued notification exactly once, however often the queue hands it over: the in-app
 * notice and the email in the account's branding. An email that must not be sent (an unsafe link
 * or recipient) is refused once and not retried.
 */
public final class NotificationService {
    // Longer than one delivery can take, so a live worker's claim is never stolen.
    private static final Duration CLAIM_LEASE = Duration.ofMinutes(5);

    /** What happened to one delivery attempt. */
    public enum Outcome { DELIVERED, DUPLICATE, BUSY, REFUSED }

    /** An outcome and, for a refusal, why (never the email's content). */
    public record Result(Outcome outcome, String note) {
        static Result of(Outcome outcome) {
            return new Result(outcome, "");
        }
    }

    private final IdempotencyStore idempotency;
    private final EmailSender emailSender;
    private final InAppNotificationStore inApp;
    private final Function<String, Branding> brandings;
    private final String consoleUrl;
    private Function<String, EmailChoices> choices = accountId -> EmailChoices.ALL;

    public NotificationService(IdempotencyStore idempotency, EmailSender emailSender, InAppNotificationStore inApp) {
        this(idempotency, emailSender, inApp, accountId -> Branding.NONE, null);
    }

    /**
     * @param brandings  each account's email branding, by account id (e.g. {@link BrandingRepository#find})
     * @param consoleUrl the console's address, linked from emails whose request carries no link (may be null)
     */
    public NotificationService(IdempotencyStore idempotency, EmailSender emailSender, InAppNotificationStore inApp,
                               Function<String, Branding> brandings, String consoleUrl) {
        this.idempotency = idempotency;
        this.emailSender = emailSender;
        this.inApp = inApp;
        this.brandings = brandings;
        this.consoleUrl = consoleUrl;
    }

    /** Honours each account's choice of optional emails (their in-app notices are always kept). */
    public NotificationService withEmailChoices(Function<String, EmailChoices> choicesByAccount) {
        this.choices = java.util.Objects.requireNonNull(choicesByAccount, "choicesByAccount");
        return this;
    }

    /**
     * Sends the notification unless it was sent before. BUSY means another worker is sending it
     * right now; the caller should let the queue retry.
     */
    public Result deliver(NotificationRequest request) {
        String key = "notification#" + request.notificationId();
        switch (idempotency.claim(key, CLAIM_LEASE).status()) {
            case ALREADY_DONE:
                return Result.of(Outcome.DUPLICATE);
            case IN_PROGRESS:
                return Result.of(Outcome.BUSY);
            default:
                break;
        }
        String refusal = null;
        try {
            Email email = null;
            if (request.kind().sendsEmail() && request.recipient() != null && !request.recipient().isBlank()
                    && (!EmailChoices.isOptional(request.kind()) || choices.apply(request.accountId()).wants(request.kind()))) {
                try {
                    email = EmailTemplates.render(request, brandings.apply(request.accountId()), consoleUrl);
                } catch (UnsafeContentException refused) {
                    // Never sent with an unsafe link or recipient, and never retried: nothing would change.
                    refusal = refused.getMessage();
                }
            }
            if (request.kind().showsInApp()) {
                inApp.save(EmailTemplates.inApp(request));
            }
            if (email != null) {
                emailSender.send(email);
            }
        } catch (RuntimeException e) {
            idempotency.release(key);
            throw e;
        }
        if (refusal != null) {
            idempotency.complete(key, "REFUSED");
            return new Result(Outcome.REFUSED, refusal);
        }
        idempotency.complete(key, request.kind().name());
        return Result.of(Outcome.DELIVERED);
    }
}
