package com.mailmoat.core.upgrade;

/** The upgrade a workflow step was started for no longer exists (replaced, or the account left). */
public class UpgradeGoneException extends RuntimeException {
    public UpgradeGoneException(String message) {
        super(message);
    }
}
