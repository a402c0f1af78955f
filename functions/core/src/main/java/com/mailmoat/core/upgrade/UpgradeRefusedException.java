package com.mailmoat.core.upgrade;

/** An upgrade (or offboarding) request that cannot be carried out now: a stable code and why. */
public class UpgradeRefusedException extends RuntimeException {
    private final String code;

    public UpgradeRefusedException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
