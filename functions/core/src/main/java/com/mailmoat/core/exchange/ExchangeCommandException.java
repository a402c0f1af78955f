package com.mailmoat.core.exchange;

import com.mailmoat.core.microsoft.MicrosoftException;

/**
 * Exchange ran the cmdlet and refused it (HTTP 400 with the Exchange exception): an object that
 * does not exist, a name already taken, a parameter out of range.
 */
public class ExchangeCommandException extends MicrosoftException {
    private final String exceptionType;

    /** @param exceptionType Exchange's .NET exception type, e.g. {@code ...ManagementObjectNotFoundException} */
    public ExchangeCommandException(String message, String exceptionType) {
        super(message, exceptionType == null ? "" : exceptionType, null);
        this.exceptionType = exceptionType == null ? "" : exceptionType;
    }

    public String exceptionType() {
        return exceptionType;
    }

    public boolean notFound() {
        return exceptionType.endsWith("NotFoundException");
    }

    public boolean alreadyExists() {
        return exceptionType.endsWith("AlreadyExistsException");
    }
}
