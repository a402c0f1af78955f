package com.mailmoat.core.microsoft;

/**
 * The addressed mailbox, message or folder does not exist (any more). For a move this usually
 * means an earlier attempt already moved the message: callers that must be idempotent treat it
 * as "already done" after checking their own records.
 */
public class MicrosoftNotFoundException extends MicrosoftException {
    public MicrosoftNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }

    public MicrosoftNotFoundException(String message, String errorCode, Throwable cause) {
        super(message, errorCode, cause);
    }
}
