package com.mailmoat.core.notify;

import com.mailmoat.core.idempotency.IdempotencyStore;
import com.mailmoat.core.recipients.AlertRecipient;
import com.mailmoat.core.recipients.AlertRecipientLinks;
import com.mailmoat.core.security.SecretTokens;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Delivers a queued notification exactly once, however often the queue hands it over: the in-app
 * notice and the email in the account's branding. An email that must not be sent (an unsafe link
 * or recipient) is refused once and not retried.
 *
 * <p>A security email ({@link NotificationKind#reachesAlertRecipients()}) also goes to each of the
 * account's confirmed extra alert recipients, under the owner's email choices, each with its own
 * unsubscribe link. Every recipient is claimed on its own ({@code notification#<id>#<address hash>}),
 * after the owner's part ({@code notification#<id>}): a retry after a failed send to one of them
 * emails nobody twice, and the in-app notice is saved once.
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
    private Function<String, List<AlertRecipient>> alertRecipients = accountId -> List.of();
    private AlertRecipientLinks recipientLinks;
    private Clock clock = Clock.systemUTC();

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
     * Also sends the security emails to each account's confirmed extra recipients.
     *
     * @param recipientsByAccount an account's alert recipients (e.g. {@code AlertRecipientRepository#list})
     * @param links               issues the unsubscribe link of each email
     */
    public NotificationService withAlertRecipients(Function<String, List<AlertRecipient>> recipientsByAccount,
                                                   AlertRecipientLinks links, Clock clock) {
        this.alertRecipients = java.util.Objects.requireNonNull(recipientsByAccount, "recipientsByAccount");
        this.recipientLinks = java.util.Objects.requireNonNull(links, "links");
        this.clock = java.util.Objects.requireNonNull(clock, "clock");
        return this;
    }

    /**
     * Sends the notification unless it was sent before. BUSY means another worker is sending it
     * right now; the caller should let the queue retry.
     */
    public Result deliver(NotificationRequest request) {
        // Read once for the owner and every recipient: the account's choice applies to all of them.
        boolean emailWanted = !EmailChoices.isOptional(request.kind()) || choices.apply(request.accountId()).wants(request.kind());
        Result owner = deliverToOwner(request, emailWanted);
        if (owner.outcome() == Outcome.BUSY || recipientLinks == null || !request.kind().reachesAlertRecipients()
                || !emailWanted) {
            return owner;
        }
        // Also after a DUPLICATE of the owner's part: a retry after a failed send to one recipient must reach it.
        boolean busy = false;
        int sent = 0;
        StringBuilder refused = new StringBuilder();
        Branding branding = null;
        for (AlertRecipient recipient : alertRecipients.apply(request.accountId())) {
            if (!recipient.receives(request.requestedAt())) {
                continue;
            }
            branding = branding == null ? brandings.apply(request.accountId()) : branding;
            Outcome outcome = deliverToRecipient(request, recipient, branding, refused);
            busy |= outcome == Outcome.BUSY;
            sent += outcome == Outcome.DELIVERED ? 1 : 0;
        }
        if (busy) {
            return Result.of(Outcome.BUSY);
        }
        String note = owner.note() + (sent > 0 ? (owner.note().isEmpty() ? "" : "; ") + "also to " + sent
                + " alert recipient" + (sent == 1 ? "" : "s") : "") + refused;
        Outcome outcome = sent > 0 && owner.outcome() == Outcome.DUPLICATE ? Outcome.DELIVERED : owner.outcome();
        return new Result(outcome, note);
    }

    /** One recipient's copy, claimed on its own; a failed send is released and rethrown (the queue retries). */
    private Outcome deliverToRecipient(NotificationRequest request, AlertRecipient recipient, Branding branding,
                                       StringBuilder refusals) {
        String key = "notification#" + request.notificationId() + "#"
                + SecretTokens.hash(recipient.email().toLowerCase(Locale.ROOT));
        Optional<Outcome> taken = claim(key);
        if (taken.isPresent()) {
            return taken.get();
        }
        Email email;
        try {
            AlertRecipientLinks.Unsubscribe stop = recipientLinks.unsubscribe(recipient, clock.instant());
            email = EmailTemplates.renderForAlertRecipient(request, branding, consoleUrl,
                    recipient.email(), request.recipient() == null ? "the administrator" : request.recipient(),
                    stop.pageUrl(), stop.oneClickUrl());
        } catch (UnsafeContentException refused) {
            // Never sent and never retried, like the owner's; the note names the address masked.
            refusals.append("; refused for alert recipient ").append(recipient.maskedEmail()).append(": ")
                    .append(refused.getMessage());
            idempotency.complete(key, "REFUSED");
            return Outcome.REFUSED;
        } catch (RuntimeException e) {
            idempotency.release(key);
            throw e;
        }
        try {
            emailSender.send(email);
        } catch (RuntimeException e) {
            idempotency.release(key);
            throw e;
        }
        idempotency.complete(key, request.kind().name());
        return Outcome.DELIVERED;
    }

    /** Claims a delivery for this worker; the outcome instead when it was made, or is being made, elsewhere. */
    private Optional<Outcome> claim(String key) {
        return switch (idempotency.claim(key, CLAIM_LEASE).status()) {
            case ALREADY_DONE -> Optional.of(Outcome.DUPLICATE);
            case IN_PROGRESS -> Optional.of(Outcome.BUSY);
            default -> Optional.empty();
        };
    }

    private Result deliverToOwner(NotificationRequest request, boolean emailWanted) {
        String key = "notification#" + request.notificationId();
        Optional<Outcome> taken = claim(key);
        if (taken.isPresent()) {
            return Result.of(taken.get());
        }
        String refusal = null;
        try {
            Email email = null;
            if (request.kind().sendsEmail() && request.recipient() != null && !request.recipient().isBlank() && emailWanted) {
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
