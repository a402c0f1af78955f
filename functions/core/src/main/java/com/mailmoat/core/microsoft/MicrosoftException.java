package com.mailmoat.core.microsoft;

/**
 * Base of the failures a Microsoft 365 gateway reports. Callers catch the subclasses they can
 * act on (retry later, stop, treat as done) and let the rest fail the work item.
 */
public class MicrosoftException extends RuntimeException {
    private final String errorCode;

    public MicrosoftException(String message) {
        this(message, "", null);
    }

    public MicrosoftException(String message, Throwable cause) {
        this(message, "", cause);
    }

    /**
     * @param errorCode Microsoft's error code (OData {@code error.code}, e.g. {@code ErrorItemNotFound},
     *                  {@code MailboxNotEnabledForRESTAPI}), or empty when the answer carried none
     */
    public MicrosoftException(String message, String errorCode, Throwable cause) {
        super(message, cause);
        this.errorCode = errorCode == null ? "" : errorCode;
    }

    /** Microsoft's error code, so callers can tell e.g. a deleted message from a mailbox without a licence. */
    public String errorCode() {
        return errorCode;
    }
}
