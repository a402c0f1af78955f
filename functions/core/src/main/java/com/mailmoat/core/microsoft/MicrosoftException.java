package com.mailmoat.core.microsoft;

/**
 * Base of the failures a Microsoft 365 gateway reports. Callers catch the subclasses they can
 * act on (retry later, stop, treat as done) and let the rest fail the work item.
 */
public class MicrosoftException extends RuntimeException {
    public MicrosoftException(String message) {
        super(message);
    }

    public MicrosoftException(String message, Throwable cause) {
        super(message, cause);
    }
}
