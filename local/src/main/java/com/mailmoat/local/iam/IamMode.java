package com.mailmoat.local.iam;

import java.util.Locale;

/**
 * Whether the local runtime holds each function to the IAM permissions its template resource
 * declares ({@code --iam}). AWS refuses a call no statement allows; locally nothing would, so a
 * missing grant would first show in AWS.
 */
public enum IamMode {
    /** A call the function's policies do not allow fails as AWS would fail it (AccessDenied). */
    ENFORCE,
    /** Such a call goes through, logged once as a warning. */
    WARN,
    /** No check. */
    OFF;

    /** {@code enforce}, {@code warn} or {@code off}. */
    public static IamMode parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--iam must be enforce, warn or off");
        }
    }
}
