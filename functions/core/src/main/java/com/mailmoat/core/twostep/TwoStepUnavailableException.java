package com.mailmoat.core.twostep;

/**
 * An account's two-step sign-in is stored but cannot be read: its secret does not open (another key,
 * an altered item) or the key cannot be had. Two-step cannot be checked, so nothing that depends on
 * it may go ahead: it is never taken to mean that two-step sign-in is off.
 */
public final class TwoStepUnavailableException extends RuntimeException {
    private final String accountId;

    public TwoStepUnavailableException(String accountId, String why, Throwable cause) {
        super("Two-step sign-in of account " + accountId + " cannot be read: " + why, cause);
        this.accountId = accountId;
    }

    public String accountId() {
        return accountId;
    }
}
