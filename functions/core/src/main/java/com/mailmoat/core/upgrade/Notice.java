package com.mailmoat.core.upgrade;

import java.util.Objects;

/**
 * A prerequisite blocker or warning: a stable code, what we found, and how to fix it.
 *
 * @param code e.g. {@code TRIAL_TENANT}, {@code MISSING_PERMISSIONS}, {@code NO_EXCHANGE_ROLE},
 *             {@code SPF}, {@code DMARC}, {@code NO_VALIDATED_DOMAIN}
 */
public record Notice(String code, String message, String fix) {
    public Notice {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
        fix = fix == null ? "" : fix;
    }
}
