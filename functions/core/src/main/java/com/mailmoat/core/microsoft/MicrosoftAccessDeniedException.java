package com.mailmoat.core.microsoft;

/**
 * Microsoft refused the application: no token could be obtained for the tenant, or Graph
 * answered {@code 401}/{@code 403} even with a fresh token. Typically admin consent was revoked
 * or never granted; retrying does not help until an administrator consents again.
 */
public class MicrosoftAccessDeniedException extends MicrosoftException {
    public MicrosoftAccessDeniedException(String message, Throwable cause) {
        super(message, cause);
    }

    public MicrosoftAccessDeniedException(String message, String errorCode, Throwable cause) {
        super(message, errorCode, cause);
    }
}
