package com.mailmoat.core.recipients;

import com.mailmoat.core.security.SecretTokens;
import com.mailmoat.core.security.StoredToken;
import com.mailmoat.core.security.TokenKind;
import com.mailmoat.core.security.TokenStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The links emailed about alert recipients. Each carries a fresh random token of which only the hash
 * is stored (like the set-password links), bound to one recipient of one account: the confirmation
 * link (single use, {@link #CONFIRM_LIFETIME}) and, in every email to an active recipient, its own
 * unsubscribe link (single use, {@link #UNSUBSCRIBE_LIFETIME}).
 */
public final class AlertRecipientLinks {
    public static final Duration CONFIRM_LIFETIME = Duration.ofDays(7);
    /** How long the unsubscribe link of one email works (a newer email carries a newer one). */
    public static final Duration UNSUBSCRIBE_LIFETIME = Duration.ofDays(60);
    /** On both kinds of token: which recipient it is for. */
    static final String RECIPIENT = "recipientId";

    /** What goes into an email to stop it: the page a person opens, and the address a mail client POSTs to (RFC 8058). */
    public record Unsubscribe(String pageUrl, String oneClickUrl) {
    }

    private final TokenStore tokens;
    private final String consoleUrl;

    /** @param consoleUrl the console's address, ending in "/" (the API is served under it, at /api/) */
    public AlertRecipientLinks(TokenStore tokens, String consoleUrl) {
        this.tokens = tokens;
        this.consoleUrl = consoleUrl.endsWith("/") ? consoleUrl : consoleUrl + "/";
    }

    /** A new confirmation link for a pending recipient (earlier ones stay valid until they expire). */
    public String confirmation(AlertRecipient recipient, Instant now) {
        return consoleUrl + "alert-recipient?confirm=" + issue(TokenKind.ALERT_RECIPIENT_CONFIRM, recipient,
                now.plus(CONFIRM_LIFETIME));
    }

    /** A new unsubscribe link for one email to an active recipient. */
    public Unsubscribe unsubscribe(AlertRecipient recipient, Instant now) {
        String token = issue(TokenKind.ALERT_RECIPIENT_UNSUBSCRIBE, recipient, now.plus(UNSUBSCRIBE_LIFETIME));
        return new Unsubscribe(consoleUrl + "alert-recipient?unsubscribe=" + token,
                consoleUrl + "api/alert-recipients/unsubscribe?token=" + token);
    }

    private String issue(TokenKind kind, AlertRecipient recipient, Instant expiresAt) {
        String token = SecretTokens.generate();
        tokens.put(new StoredToken(SecretTokens.hash(token), kind, recipient.accountId(), expiresAt,
                Map.of(RECIPIENT, recipient.recipientId())));
        return token;
    }
}
