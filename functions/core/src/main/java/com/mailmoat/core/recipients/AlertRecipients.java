package com.mailmoat.core.recipients;

import com.mailmoat.core.account.Account;
import com.mailmoat.core.account.AccountRepository;
import com.mailmoat.core.account.Emails;
import com.mailmoat.core.notify.NotificationKind;
import com.mailmoat.core.notify.NotificationQueue;
import com.mailmoat.core.notify.NotificationRequest;
import com.mailmoat.core.security.SecretTokens;
import com.mailmoat.core.security.StoredToken;
import com.mailmoat.core.security.TokenKind;
import com.mailmoat.core.security.TokenStore;
import com.mailmoat.core.session.AttemptCounter;
import com.mailmoat.core.session.RateLimit;
import com.mailmoat.core.validation.FieldError;
import com.mailmoat.core.validation.InvalidInputException;
import com.mailmoat.core.validation.RefusedException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * An account's extra alert recipients: the administrator adds (at most {@link #MAX_PER_ACCOUNT}),
 * re-sends the confirmation of and removes them; the address's owner confirms with the emailed link
 * (nothing else reaches it before: Mailmoat never mails strangers on an account's say-so) and stops
 * with the link in any later email. Confirmation emails are limited per address and per account, so
 * the feature cannot be used to flood someone. The owner is emailed when an address confirms (in case
 * it was not the owner who added it) and told in the console when one unsubscribes.
 */
public final class AlertRecipients {
    public static final int MAX_PER_ACCOUNT = 5;
    /** At most one confirmation email per address per this window (so "Re-send" cannot flood it). */
    public static final Duration RESEND_WINDOW = Duration.ofMinutes(10);
    /** Confirmation emails an account may cause per day, whichever addresses they go to. */
    public static final int CONFIRMATIONS_PER_DAY = 10;

    /** How an add or a re-send went. */
    public sealed interface Outcome {
        /** The confirmation email is on its way. */
        record Sent(AlertRecipient recipient) implements Outcome {
        }

        /** Nothing was sent: too many confirmation emails lately; try again after {@code retryAfter}. */
        record Throttled(Duration retryAfter) implements Outcome {
        }

        /** The account has no such recipient. */
        record NotFound() implements Outcome {
        }
    }

    /** What an unsubscribe link did. */
    public enum Unsubscribed {
        /** The recipient gets no more emails (now, or already before). */
        STOPPED,
        /** The link is unknown, expired or used already. */
        INVALID_LINK
    }

    private final AlertRecipientRepository recipients;
    private final AccountRepository accounts;
    private final TokenStore tokens;
    private final AlertRecipientLinks links;
    private final NotificationQueue notifications;
    private final RateLimit perAddress;
    private final RateLimit perAccount;
    private final Clock clock;
    private com.mailmoat.core.activity.Activity activity = com.mailmoat.core.activity.Activity.NONE;
    private final String consoleUrl;

    public AlertRecipients(AlertRecipientRepository recipients, AccountRepository accounts, TokenStore tokens,
                           NotificationQueue notifications, AttemptCounter attempts, Clock clock, String consoleUrl) {
        this.recipients = recipients;
        this.accounts = accounts;
        this.tokens = tokens;
        this.links = new AlertRecipientLinks(tokens, consoleUrl);
        this.notifications = notifications;
        this.perAddress = new RateLimit(attempts, "alert-recipient-confirm-address", 1, RESEND_WINDOW, clock);
        this.perAccount = new RateLimit(attempts, "alert-recipient-confirm-account", CONFIRMATIONS_PER_DAY,
                Duration.ofDays(1), clock);
        this.clock = clock;
        this.consoleUrl = consoleUrl;
    }

    /** Records each recipient added or removed in the account's activity log. */
    public AlertRecipients withActivity(com.mailmoat.core.activity.Activity log) {
        this.activity = java.util.Objects.requireNonNull(log, "log");
        return this;
    }

    public List<AlertRecipient> list(String accountId) {
        return recipients.list(accountId);
    }

    /**
     * Adds {@code address} as a pending recipient and emails it the confirmation link.
     *
     * @throws InvalidInputException (field {@code email}) for anything but one plain address, the
     *                               owner's own, one already listed, or a sixth
     */
    public Outcome add(String accountId, String address) {
        Account owner = accounts.findById(accountId).filter(a -> !a.isClosed())
                .orElseThrow(() -> new RefusedException("account_closed", "This account is closed."));
        Optional<String> email = Emails.normalise(address);
        if (email.isEmpty()) {
            throw invalid("Enter one email address, such as security@contoso.com.");
        }
        if (email.get().equals(owner.email().toLowerCase(java.util.Locale.ROOT))) {
            throw invalid("This is the account's own address: it gets every email already.");
        }
        List<AlertRecipient> listed = recipients.list(accountId);
        if (listed.stream().anyMatch(r -> r.email().equals(email.get()))) {
            throw invalid("This address is listed already. To ask it again, remove it first.");
        }
        if (listed.size() >= MAX_PER_ACCOUNT) {
            throw invalid("An account can have up to " + MAX_PER_ACCOUNT + " extra recipients. Remove one first.");
        }
        RateLimit.Attempt attempt = perAccount.attempt(accountId);
        if (!attempt.allowed()) {
            return new Outcome.Throttled(attempt.retryAfter());
        }
        Instant now = clock.instant();
        AlertRecipient added = AlertRecipient.pending(accountId, email.get(), now);
        if (!recipients.add(added)) {
            perAccount.undo(attempt);
            throw invalid("This address is listed already. To ask it again, remove it first.");
        }
        // Counted, so that "Re-send" right after the add sends nothing.
        perAddress.attempt(accountId + "#" + added.email());
        sendConfirmation(owner, added, now);
        activity.byAdministrator(owner, com.mailmoat.core.activity.ActivityKind.ALERT_RECIPIENT_ADDED, () -> "Added " + added.email()
                + " as a recipient of the security emails (waiting for it to confirm)");
        return new Outcome.Sent(added);
    }

    /** Sends a pending recipient its confirmation link again (at most once per address per {@link #RESEND_WINDOW}). */
    public Outcome resend(String accountId, String recipientId) {
        Optional<AlertRecipient> found = recipients.find(accountId, recipientId);
        if (found.isEmpty()) {
            return new Outcome.NotFound();
        }
        AlertRecipient recipient = found.get();
        if (recipient.state() != RecipientState.PENDING) {
            throw new RefusedException("not_pending", recipient.state() == RecipientState.ACTIVE
                    ? "This address has confirmed already: it gets the security emails."
                    : "This address unsubscribed. To ask it again, remove it and add it again.");
        }
        Account owner = accounts.findById(accountId).filter(a -> !a.isClosed())
                .orElseThrow(() -> new RefusedException("account_closed", "This account is closed."));
        RateLimit.Attempt address = perAddress.attempt(accountId + "#" + recipient.email());
        if (!address.allowed()) {
            return new Outcome.Throttled(address.retryAfter());
        }
        RateLimit.Attempt account = perAccount.attempt(accountId);
        if (!account.allowed()) {
            return new Outcome.Throttled(account.retryAfter());
        }
        sendConfirmation(owner, recipient, clock.instant());
        return new Outcome.Sent(recipient);
    }

    /** Removes the recipient, whatever its state (its outstanding links then lead nowhere). */
    public boolean remove(String accountId, String recipientId) {
        Optional<AlertRecipient> found = recipients.find(accountId, recipientId);
        boolean removed = found.map(recipients::remove).orElse(false);
        if (removed) {
            activity.byAdministrator(accountId, com.mailmoat.core.activity.ActivityKind.ALERT_RECIPIENT_REMOVED, "Removed " + found.get().email()
                    + " from the recipients of the security emails");
        }
        return removed;
    }

    /**
     * Confirms the recipient a confirmation link was sent to; the link is spent. Empty when the link is
     * unknown, expired or used, or its recipient was removed or is not pending any more.
     */
    public Optional<AlertRecipient> confirm(String token) {
        Instant now = clock.instant();
        String hash = SecretTokens.hash(token == null ? "" : token);
        Optional<StoredToken> link = tokens.find(hash)
                .filter(t -> t.kind() == TokenKind.ALERT_RECIPIENT_CONFIRM && !t.isExpiredAt(now));
        if (link.isEmpty()) {
            return Optional.empty();
        }
        Optional<AlertRecipient> pending = recipients.find(link.get().accountId(),
                        link.get().attributes().getOrDefault(AlertRecipientLinks.RECIPIENT, ""))
                .filter(r -> r.state() == RecipientState.PENDING);
        Optional<Account> owner = accounts.findById(link.get().accountId()).filter(a -> !a.isClosed());
        if (pending.isEmpty() || owner.isEmpty() || tokens.take(hash).isEmpty()) {
            return Optional.empty();
        }
        AlertRecipient confirmed = pending.get().confirmed(now);
        if (!recipients.replace(pending.get(), confirmed)) {
            return Optional.empty();
        }
        notifications.enqueue(new NotificationRequest(UUID.randomUUID().toString(), owner.get().accountId(),
                NotificationKind.ALERT_RECIPIENT_CONFIRMED, owner.get().email(),
                Map.of("address", confirmed.email(), "link", consoleUrl + "#/account/recipients"), now));
        return Optional.of(confirmed);
    }

    /** Stops the recipient an unsubscribe link was emailed to; the link is spent and the owner told in the console. */
    public Unsubscribed unsubscribe(String token) {
        Instant now = clock.instant();
        String hash = SecretTokens.hash(token == null ? "" : token);
        Optional<StoredToken> link = tokens.find(hash)
                .filter(t -> t.kind() == TokenKind.ALERT_RECIPIENT_UNSUBSCRIBE && !t.isExpiredAt(now));
        if (link.isEmpty() || tokens.take(hash).isEmpty()) {
            return Unsubscribed.INVALID_LINK;
        }
        String accountId = link.get().accountId();
        Optional<AlertRecipient> active = recipients.find(accountId,
                        link.get().attributes().getOrDefault(AlertRecipientLinks.RECIPIENT, ""))
                .filter(r -> r.state() == RecipientState.ACTIVE);
        if (active.isEmpty() || !recipients.replace(active.get(), active.get().unsubscribed(now))) {
            return Unsubscribed.STOPPED; // removed or unsubscribed already: nothing goes to it either way
        }
        notifications.enqueue(new NotificationRequest(UUID.randomUUID().toString(), accountId,
                NotificationKind.ALERT_RECIPIENT_UNSUBSCRIBED, null, Map.of("address", active.get().email()), now));
        return Unsubscribed.STOPPED;
    }

    private void sendConfirmation(Account owner, AlertRecipient recipient, Instant now) {
        String organisation = owner.tenantName() != null ? owner.tenantName()
                : owner.company() == null || owner.company().isBlank() ? owner.email() : owner.company();
        notifications.enqueue(new NotificationRequest(UUID.randomUUID().toString(), owner.accountId(),
                NotificationKind.ALERT_RECIPIENT_CONFIRM, recipient.email(),
                Map.of("owner", owner.email(), "organisation", organisation,
                        "link", links.confirmation(recipient, now)), now));
    }

    private static InvalidInputException invalid(String message) {
        return new InvalidInputException(List.of(new FieldError("email", message)));
    }
}
