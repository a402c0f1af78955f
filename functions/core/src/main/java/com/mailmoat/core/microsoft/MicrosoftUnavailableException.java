package com.mailmoat.core.microsoft;

/**
 * Microsoft kept answering with a server error ({@code 5xx}) or could not be reached after the
 * gateway's bounded retries. Transient: retry the work item later.
 */
public class MicrosoftUnavailableException extends MicrosoftException {
    private final int statusCode;

    public MicrosoftUnavailableException(String message, int statusCode, Throwable cause) {
        this(message, statusCode, "", cause);
    }

    public MicrosoftUnavailableException(String message, int statusCode, String errorCode, Throwable cause) {
        super(message, errorCode, cause);
        this.statusCode = statusCode;
    }

    /**
     * A worker's wait before it tries again after Microsoft was unavailable, checked: a zero or negative
     * wait would retry at once, in a loop.
     */
    public static java.time.Duration checkedWait(java.time.Duration wait) {
        if (wait.isNegative() || wait.isZero()) {
            throw new IllegalArgumentException("unavailable wait must be positive, was " + wait);
        }
        return wait;
    }

    /** The last HTTP status seen, or 0 when no response arrived (connection failure). */
    public int statusCode() {
        return statusCode;
    }
}
