package com.mailmoat.core.account;

/**
 * One change of an account through {@link AccountRepository#update(String, java.util.function.UnaryOperator)}:
 * the account as last read, and as it is stored now ({@code before} itself when the change asked for nothing).
 */
public record AccountChange(Account before, Account after) {

    /** Whether the change was saved (it asked for something, so the stored version moved on). */
    public boolean saved() {
        return after.version() != before.version();
    }
}
