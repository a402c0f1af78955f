package com.mailmoat.core.microsoft;

import java.util.Objects;

/**
 * A sign-in or admin-consent round trip must not be trusted. {@link #reason()} says why, so the
 * callback can show a clear page; the message is for logs.
 */
public class ConsentRejectedException extends MicrosoftException {

    /** Why a callback or its id token was refused. */
    public enum Reason {
        /** Parameters missing, duplicated or contradictory. */
        MALFORMED_CALLBACK,
        /** The returned {@code state} is not the one this flow issued. */
        STATE_MISMATCH,
        /** Consent or sign-in came back for another tenant than expected. */
        TENANT_MISMATCH,
        /** The user or administrator cancelled, or Microsoft returned {@code error=...}. */
        DENIED_BY_MICROSOFT,
        /** Microsoft refused to redeem the authorization code (expired, replayed, wrong verifier). */
        CODE_REJECTED,
        /** The id token failed validation (signature, issuer, audience, expiry or nonce). */
        INVALID_ID_TOKEN
    }

    private final Reason reason;
    private final String microsoftError;

    public ConsentRejectedException(Reason reason, String message) {
        this(reason, message, "", null);
    }

    public ConsentRejectedException(Reason reason, String message, String microsoftError, Throwable cause) {
        super(reason + ": " + message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.microsoftError = microsoftError == null ? "" : microsoftError;
    }

    public Reason reason() {
        return reason;
    }

    /** Microsoft's {@code error} code (e.g. {@code access_denied}) when it sent one, else empty. */
    public String microsoftError() {
        return microsoftError;
    }
}
