package com.mailmoat.core.upgrade;

import com.mailmoat.core.validation.RefusedException;

/** An upgrade (or offboarding) request that cannot be carried out now: a stable code and why. */
public class UpgradeRefusedException extends RefusedException {
    public UpgradeRefusedException(String code, String message) {
        super(code, message);
    }
}
